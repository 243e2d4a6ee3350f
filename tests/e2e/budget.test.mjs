// /anggaran, the budget planning page: a plan typed into the form gives the same rupiah as the
// JSON API given the same inputs.

import { after, before, test } from 'node:test';
import {
  assert,
  assertAccessible,
  assertNoHorizontalScroll,
  closePage,
  getJson,
  launch,
  newPage,
  parseAmount,
  screenshot,
  url,
} from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const DATE = '2025-06-01';
const COHORTS = [
  {
    label: 'Nelayan Teluk Adang',
    count: '250',
    segment: 'BPU',
    income: '2.000.000',
    risk_class: '',
    programmes: 'JKK,JKM',
    months: '12',
    funding: 'APBD_KABKOTA',
  },
  {
    label: 'Tenaga harian lepas',
    count: '40',
    segment: 'PU',
    income: '3.500.000',
    risk_class: '2',
    programmes: 'JKK,JKM,JHT',
    months: '6',
    funding: 'DANA_DESA',
  },
];

/** Types the plan into the form and presses "Hitung". */
async function fillPlan(page, cohorts) {
  await page.fill('#date', DATE);
  for (const [i, c] of cohorts.entries()) {
    for (const [key, value] of Object.entries(c)) {
      const field = page.locator(`#${key}${i}`);
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') {
        await field.selectOption(value);
      } else {
        await field.fill(value);
      }
    }
  }
  await Promise.all([page.waitForURL((u) => u.searchParams.has('count0')), page.click('button[type=submit][name=rows]:text-is("Hitung")')]);
}

/** The result table: one object per row (description, workers, per worker, per month, total). */
async function resultRows(page) {
  return page.locator('section[aria-labelledby=result] table tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({
      head: r.querySelector('th').textContent.trim(),
      cells: [...r.querySelectorAll('td')].map((td) => td.textContent.trim()),
    })),
  );
}

for (const width of [360, 1280]) {
  test(`a plan typed into /anggaran at ${width} px costs what the API says`, async () => {
    const page = await newPage(browser, { width, height: 800 });
    try {
      await page.goto(url('/anggaran'));
      await fillPlan(page, COHORTS);
      assert.equal((await page.textContent('#result')).trim(), 'Hasil');
      const rows = await resultRows(page);
      assert.equal(rows.length, COHORTS.length + 1, `result rows: ${JSON.stringify(rows)}`);

      // The same plan through the API.
      const api = await getJson('/api/v1/budget/plan', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          date: DATE,
          cohorts: COHORTS.map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== ''))),
        }),
      });
      assert.equal(api.status, 200, JSON.stringify(api.body));
      const total = rows[rows.length - 1];
      assert.equal(total.head, 'Jumlah');
      assert.equal(parseAmount(total.cells[0]), api.body.workers, 'workers');
      assert.equal(parseAmount(total.cells[2]), api.body.per_month, 'per month');
      assert.equal(parseAmount(total.cells[3]), api.body.total, 'total');
      assert.ok(api.body.total > 0);
      // Rupiah as Indonesians write them: "Rp 80.400.000".
      assert.match(total.cells[3], /^Rp \d{1,3}(\.\d{3})+$/);

      // Each cohort's monthly cost per worker, against the one-worker API.
      for (const [i, c] of COHORTS.entries()) {
        const q = new URLSearchParams({ segment: c.segment, income: c.income.replaceAll('.', ''), programmes: c.programmes, date: DATE });
        if (c.risk_class) q.set('risk_class', c.risk_class);
        const worker = await getJson(`/api/v1/budget/worker?${q}`);
        assert.equal(worker.status, 200, JSON.stringify(worker.body));
        assert.ok(rows[i].head.startsWith(c.label), `row ${i}: ${rows[i].head}`);
        assert.equal(parseAmount(rows[i].cells[0]), Number(c.count), `row ${i} workers`);
        assert.equal(parseAmount(rows[i].cells[1]), worker.body.total, `row ${i}: per worker per month`);
        assert.equal(parseAmount(rows[i].cells[2]), worker.body.total * Number(c.count), `row ${i}: per month`);
        assert.equal(parseAmount(rows[i].cells[3]), api.body.cohorts[i].total, `row ${i}: total`);
      }

      // The form keeps what was typed, and the downloads carry the same plan.
      assert.equal(await page.inputValue('#label1'), COHORTS[1].label);
      assert.equal(await page.inputValue('#segment1'), 'PU');
      const xlsx = await page.getAttribute('a[href^="/anggaran.xlsx?"]', 'href');
      const res = await fetch(url(xlsx));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(Buffer.from(await res.arrayBuffer()).subarray(0, 2).toString(), 'PK');

      await assertNoHorizontalScroll(page, `/anggaran with a result at ${width} px`);
      await assertAccessible(page, `/anggaran with a result at ${width} px`);
      await screenshot(page, `alur__anggaran-hasil__${width}`);
    } finally {
      await closePage(page);
    }
  });
}

test('"Tambah baris" adds a row, and a bad number is refused naming the row, column and value', async () => {
  const page = await newPage(browser, { width: 360, height: 740 });
  try {
    await page.goto(url('/anggaran'));
    const before = await page.locator('table.cohorts tbody tr').count();
    await Promise.all([page.waitForURL((u) => u.searchParams.has('rows')), page.click('button:text-is("Tambah baris")')]);
    assert.equal(await page.locator('table.cohorts tbody tr').count(), before + 1);
    assert.equal(await page.locator(`#label${before}`).count(), 1, 'the new row has its fields');

    await page.fill('#count0', 'banyak');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('count0') === 'banyak'), page.click('button:text-is("Hitung")')]);
    const alert = (await page.textContent('[role=alert]')).trim();
    assert.ok(alert.startsWith('Periksa kembali isian'), alert);
    assert.ok(alert.includes('Baris 1') && alert.includes('"banyak"'), `the message names the row and value: ${alert}`);
    assert.equal(await page.locator('#result + .scroll table').count(), 0, 'a result shown for a refused plan');
    await assertAccessible(page, '/anggaran with an error');
    await screenshot(page, 'alur__anggaran-salah__360');
  } finally {
    await closePage(page);
  }
});
