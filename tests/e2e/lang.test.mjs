// Bahasa Indonesia by default, English with ?lang=en, and the switch link between them.

import { after, before, test } from 'node:test';
import { assert, closePage, launch, newPage, sessionOf, url } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The switch link: the header's link with hreflang (the budget page has its own in its header). */
const SWITCH = 'a[hreflang]';

const PUBLIC = [
  { path: '/masuk', id: 'Masuk ke Paritrana', en: 'Sign in to Paritrana' },
  {
    path: '/anggaran',
    id: 'Rencana anggaran iuran jaminan sosial ketenagakerjaan',
    en: 'Employment social security contribution budget',
  },
];

for (const p of PUBLIC) {
  test(`${p.path}: Bahasa Indonesia, ?lang=en English, the switch link both ways`, async () => {
    const page = await newPage(browser);
    try {
      await page.goto(url(p.path));
      assert.equal(await page.getAttribute('html', 'lang'), 'id');
      assert.equal((await page.textContent('h1')).trim(), p.id);
      assert.equal((await page.textContent(SWITCH)).trim(), 'English');

      await page.goto(url(`${p.path}?lang=en`));
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal((await page.textContent('h1')).trim(), p.en);
      assert.ok((await page.title()).startsWith(p.en.split(' ')[0]), `title: ${await page.title()}`);

      // The switch link leads back to Bahasa Indonesia, and from there to English again.
      await Promise.all([page.waitForURL((u) => u.searchParams.get('lang') === 'id'), page.click(SWITCH)]);
      assert.equal(await page.getAttribute('html', 'lang'), 'id');
      assert.equal((await page.textContent('h1')).trim(), p.id);
      await Promise.all([page.waitForURL((u) => u.searchParams.get('lang') === 'en'), page.click(SWITCH)]);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal((await page.textContent('h1')).trim(), p.en);
    } finally {
      await closePage(page);
    }
  });
}

test('a browser asking for English gets English without ?lang', async () => {
  const page = await newPage(browser, { locale: 'en-US' });
  try {
    await page.goto(url('/masuk'));
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal((await page.textContent('h1')).trim(), 'Sign in to Paritrana');
    // ?lang=id wins over the browser's language.
    await page.goto(url('/masuk?lang=id'));
    assert.equal((await page.textContent('h1')).trim(), 'Masuk ke Paritrana');
  } finally {
    await closePage(page);
  }
});

test('signed-in pages switch too: /admin/audit and /akun in English', async () => {
  const page = await newPage(browser, { storageState: await sessionOf(browser, 'admin') });
  try {
    await page.goto(url('/admin/audit'));
    assert.equal((await page.textContent('h1')).trim(), 'Jejak audit');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('lang') === 'en'), page.click(`header ${SWITCH}`)]);
    assert.equal(new URL(page.url()).pathname, '/admin/audit');
    assert.equal((await page.textContent('h1')).trim(), 'Audit trail');
    assert.ok((await page.textContent('thead')).includes('Time (UTC)'));
    await page.goto(url('/akun?lang=en'));
    assert.equal((await page.textContent('h1')).trim(), 'My account');
    assert.ok((await page.textContent('header')).includes('Sign out'));
  } finally {
    await closePage(page);
  }
});
