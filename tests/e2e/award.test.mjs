// The assessor's scoring sheet of the Paritrana Award (docs/award-web.md): the demo assessor
// signs in, opens an assignment from /penilaian, scores every indicator of the document stage
// (the top rubric level, the computed indicators' suggested values, 75 for other ranges),
// saves, sees the stage progress reach 100 % and finds the values kept after a reload.

import { after, before, test } from 'node:test';
import {
  assert,
  assertAccessible,
  assertNoHorizontalScroll,
  closePage,
  launch,
  newPage,
  screenshot,
  signIn,
} from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// Kab. Berau: not the entry the page checks load, so this spec's scores stay its own.
const ENTRY = 3;

for (const width of [360, 1280]) {
  test(`an assessor scores the document stage of an assignment (${width} px)`, async () => {
    const page = await newPage(browser, { width, height: 800 });
    try {
      await signIn(page, 'assessor', { next: '/penilaian' });
      const link = page.locator(`a[href$="/${ENTRY}/dokumen"]`).first();
      assert.equal(await link.count(), 1, 'the assignment is listed with its document stage');
      await Promise.all([page.waitForURL(/\/dokumen$/), link.click()]);
      await assertAccessible(page, 'scoring sheet');
      await assertNoHorizontalScroll(page, 'scoring sheet');

      const indicators = page.locator('fieldset.indicator');
      const count = await indicators.count();
      assert.ok(count >= 10, `the document stage has its indicators (${count})`);
      const typed = {};
      for (let i = 0; i < count; i += 1) {
        const f = indicators.nth(i);
        const radios = f.locator('input[type=radio]');
        if ((await radios.count()) > 0) {
          await radios.last().check();
          typed[await radios.last().getAttribute('name')] = await radios.last().getAttribute('value');
        } else {
          const input = f.locator('input[type=number]');
          if ((await input.inputValue()) === '') {
            await input.fill('75');
          }
          typed[await input.getAttribute('name')] = await input.inputValue();
        }
      }
      await Promise.all([
        page.waitForURL(/disimpan=/),
        page.click('form.award-sheet button[type=submit]'),
      ]);
      assert.equal((await page.textContent('.percent')).trim(), '100 %');
      await screenshot(page, `alur__penilaian_tersimpan__${width}`);

      await page.reload();
      assert.equal((await page.textContent('.percent')).trim(), '100 %');
      for (const [name, value] of Object.entries(typed)) {
        const radio = page.locator(`input[type=radio][name="${name}"][value="${value}"]`);
        if ((await radio.count()) > 0) {
          assert.ok(await radio.isChecked(), `${name} keeps ${value}`);
        } else {
          assert.equal(await page.inputValue(`input[name="${name}"]`), value, `${name} keeps ${value}`);
        }
      }
      // The list shows the stage complete too.
      await page.goto(page.url().replace(/\/penilaian\/.*/, '/penilaian'));
      const row = page.locator('tr', { has: page.locator(`a[href$="/${ENTRY}/dokumen"]`) });
      assert.match(await row.textContent(), /100 %/);
    } finally {
      await closePage(page);
    }
  });
}
