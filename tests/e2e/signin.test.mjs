// Signing in and out through the /masuk form, and who may open what.

import { after, before, test } from 'node:test';
import { ACCOUNTS, assert, assertAccessible, closePage, launch, newPage, screenshot, signIn, url } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a wrong password is refused in Bahasa Indonesia, then the right one signs in', async () => {
  const page = await newPage(browser, { width: 360, height: 740 });
  try {
    await page.goto(url('/masuk'));
    assert.equal(await page.getAttribute('html', 'lang'), 'id');
    assert.equal(await page.textContent('h1'), 'Masuk ke Paritrana');
    await page.fill('#username', ACCOUNTS.operator.username);
    await page.fill('#password', 'bukan-kata-sandinya');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url() === url('/masuk') && r.request().method() === 'POST'),
      page.click('main form button[type=submit]'),
    ]);
    await page.waitForLoadState('load');
    assert.equal(refused.status(), 401);
    const alert = page.locator('[role=alert]');
    assert.equal((await alert.textContent()).trim(), 'Nama pengguna atau kata sandi salah, atau akun dinonaktifkan.');
    // The user name stays filled in, the password does not.
    assert.equal(await page.inputValue('#username'), ACCOUNTS.operator.username);
    assert.equal(await page.inputValue('#password'), '');
    await assertAccessible(page, '/masuk with the error');
    await screenshot(page, 'alur__masuk-salah__360');

    await page.fill('#password', ACCOUNTS.operator.password);
    await Promise.all([page.waitForURL((u) => u.pathname !== '/masuk'), page.click('main form button[type=submit]')]);
    await page.goto(url('/akun'));
    assert.equal(new URL(page.url()).pathname, '/akun');
    assert.ok((await page.textContent('header')).includes(ACCOUNTS.operator.username));
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.includes('paritrana_sesi'));
    assert.ok(session, `no session cookie among ${cookies.map((c) => c.name)}`);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
  } finally {
    await closePage(page);
  }
});

test('a page that needs an account sends the public to /masuk and comes back after signing in', async () => {
  const page = await newPage(browser);
  try {
    await page.goto(url('/admin/audit'));
    const here = new URL(page.url());
    assert.equal(here.pathname, '/masuk');
    assert.equal(here.searchParams.get('lanjut'), '/admin/audit');
    await page.fill('#username', ACCOUNTS.admin.username);
    await page.fill('#password', ACCOUNTS.admin.password);
    await Promise.all([page.waitForURL((u) => u.pathname === '/admin/audit'), page.click('main form button[type=submit]')]);
    assert.equal(await page.textContent('h1'), 'Jejak audit');
  } finally {
    await closePage(page);
  }
});

test('a pemda operator may not open the administration pages', async () => {
  const page = await newPage(browser);
  try {
    await signIn(page, 'operator');
    // No links to them in the header either.
    assert.equal(await page.locator('header a[href="/admin/pengguna"]').count(), 0);
    for (const path of ['/admin/pengguna', '/admin/audit']) {
      const res = await page.goto(url(path));
      assert.equal(res.status(), 403, `${path} as the operator`);
      assert.ok((await page.textContent('main')).includes('Akun Anda tidak berwenang membuka halaman ini.'));
    }
    await assertAccessible(page, '403 page');
  } finally {
    await closePage(page);
  }
});

test('signing out ends the session', async () => {
  const page = await newPage(browser);
  try {
    await signIn(page, 'admin');
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('header form button[type=submit]')]);
    await page.goto(url('/akun'));
    assert.equal(new URL(page.url()).pathname, '/masuk');
  } finally {
    await closePage(page);
  }
});
