// /impor, the import of a participant list from the browser: a pemda operator uploads a CSV,
// sees the preview (counts and each refused row with its reason), downloads the problem report,
// stores the file, and the region's figures on the page and in the API grow by the rows stored.

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
  sessionOf,
  url,
} from './lib.mjs';

let browser;
let operator;
before(async () => {
  browser = await launch();
  operator = await sessionOf(browser, 'operator');
});
after(async () => {
  await browser?.close();
});

/** YYYY-MM-DD of today plus `days`. */
function day(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A list of Kab. Paser (64.01): three good rows (born 17 July 1979 in Kec. 64.01.04, serials
 * 9101–9103, protected from a month ago to next year), one NIK too short, and one worker of
 * Kutai Kartanegara, outside the operator's region.
 */
function list() {
  const header = 'NIK,Nama,Jenis Kelamin,Tanggal Lahir,Kode Desa,Segmen,Kategori,Sektor,Sumber Dana,Program,Mulai,Selesai,Upah';
  const row = (nik, name, village) =>
    `${nik},${name},L,1979-07-17,${village},BPU,PEKERJA_RENTAN,NELAYAN,APBD_KABKOTA,"JKK, JKM",${day(-30)},${day(300)},1000000`;
  return [
    header,
    row('6401041707799101', 'Uji Nelayan Satu', '64.01.04.2010'),
    row('6401041707799102', 'Uji Nelayan Dua', '64.01.04.2010'),
    row('6401041707799103', 'Uji Nelayan Tiga', '64.01.04.2010'),
    row('640104170779', 'Uji NIK Pendek', '64.01.04.2010'),
    row('6402011707799104', 'Uji Luar Wilayah', '64.02.01.2001'),
  ].join('\r\n');
}

/** The value of a summary line of the preview or result page. */
async function summary(page, label) {
  const cell = page.locator(`table.impor-ringkas tr:has(th:text-is("${label}")) td`);
  return parseAmount(await cell.textContent());
}

test('an operator previews a list, sees each refused row, stores it, and Paser grows by three', async () => {
  const before = (await getJson('/api/v1/regions/64.01/summary')).body.coverage.protected;
  const page = await newPage(browser, { width: 360, height: 740, storageState: operator });
  try {
    await page.goto(url('/impor'));
    // The operator's kab/kota is preselected for village names.
    assert.equal(await page.inputValue('#kabkota'), '64.01');
    await page.setInputFiles('#berkas', {
      name: 'peserta-uji.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(list(), 'utf8'),
    });
    // The script uploads with a progress bar and polls the dry run; then the preview opens.
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith('/impor/pratinjau/'), { timeout: 60_000 }),
      page.click('form[data-upload] button[type=submit]'),
    ]);
    assert.equal(await summary(page, 'Baris dibaca'), 5);
    assert.equal(await summary(page, 'Akan diimpor (baru)'), 3);
    assert.equal(await summary(page, 'Ditolak'), 2);
    const problems = (await page.locator('table.impor-masalah tbody').textContent()).replace(/\s+/g, ' ');
    assert.ok(problems.includes('640104170779'), `the short NIK is named: ${problems}`);
    assert.ok(problems.includes('16 digit'), `with its reason: ${problems}`);
    assert.ok(problems.includes('Baris 6, kolom Kode Desa ("64.02.01.2001")'), `the row outside 64.01: ${problems}`);
    assert.ok(problems.includes('di luar wilayah kewenangan'), `with its reason: ${problems}`);
    await assertNoHorizontalScroll(page, 'the preview at 360 px');
    await assertAccessible(page, 'the preview');
    await screenshot(page, 'alur__impor-pratinjau__360');

    // The problem report as the operator downloads it: one line per refused row.
    const href = await page.getAttribute('a:text-is("CSV")', 'href');
    const report = await (await page.request.get(url(href))).text();
    assert.ok(report.includes('640104170779'), report);
    assert.ok(report.includes('64.02.01.2001'), report);

    // Nothing is stored before "Simpan".
    const still = (await getJson('/api/v1/regions/64.01/summary')).body.coverage.protected;
    assert.equal(still, before);

    await Promise.all([
      page.waitForURL((u) => /^\/impor\/\d+$/.test(u.pathname), { timeout: 60_000 }),
      page.click('form[data-commit] button[type=submit]'),
    ]);
    assert.equal(await summary(page, 'Ditolak'), 2);
    await screenshot(page, 'alur__impor-tersimpan__360');

    // The region's page and its API agree, three more than before.
    const after = (await getJson('/api/v1/regions/64.01/summary')).body.coverage.protected;
    assert.equal(after, before + 3);
    await page.goto(url('/wilayah/64.01'));
    const strong = await page.locator('.headline .vs strong').first().textContent();
    assert.equal(parseAmount(strong), after);
    // The public NIK check now finds a stored worker (masked).
    const check = await getJson('/api/v1/workers/6401041707799101');
    assert.equal(check.status, 200, JSON.stringify(check.body));
  } finally {
    await closePage(page);
  }
});
