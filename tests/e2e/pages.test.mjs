// Every page of pages.mjs at a phone's and a laptop's width: status, layout, WCAG 2.1 AA (axe),
// keyboard, page weight and a screenshot each.

import { after, before, describe, test } from 'node:test';
import { PAGES } from './pages.mjs';
import {
  VIEWPORTS,
  assert,
  assertAccessible,
  assertFocusVisible,
  assertNoHorizontalScroll,
  assertSkipLinkFirst,
  closePage,
  launch,
  measureLoad,
  newPage,
  screenshot,
  sessionOf,
  slug,
  writeWeights,
} from './lib.mjs';

let browser;
const sessions = {};
const loads = [];

before(async () => {
  browser = await launch();
  for (const role of new Set(PAGES.map((p) => p.signedIn).filter(Boolean))) {
    sessions[role] = await sessionOf(browser, role);
  }
});

after(async () => {
  await browser?.close();
  const summary = writeWeights(loads);
  // The table in the runner's output: the heaviest load of each page, KB on the wire / budget.
  for (const p of summary) {
    console.log(`# ${p.withinBudget ? 'ok  ' : 'OVER'} ${p.kb.toFixed(1).padStart(6)} / ${p.maxKB} KB  ${p.path} (${p.signedIn || 'publik'})`);
  }
});

for (const p of PAGES) {
  const who = p.signedIn || 'publik';
  describe(`${p.path} (${who})`, () => {
    for (const vp of VIEWPORTS) {
      test(`${vp.width} px`, async () => {
        const page = await newPage(browser, { width: vp.width, height: vp.height, storageState: sessions[p.signedIn] });
        const label = `${p.path} as ${who} at ${vp.width} px`;
        try {
          const load = await measureLoad(page, p.path);
          const kb = load.bytes / 1024;
          loads.push({ path: p.path, signedIn: p.signedIn || false, width: vp.width, bytes: load.bytes, maxKB: p.maxKB, requests: load.requests });
          assert.equal(load.status, 200, `${label}: HTTP ${load.status}`);
          assert.equal(new URL(page.url()).pathname, p.path.split('?')[0], `${label}: redirected to ${page.url()}`);
          assert.deepEqual(load.failed, [], `${label}: requests failed`);
          const name = `${slug(p.path)}__${who}__${vp.width}`;
          await screenshot(page, name);
          assert.ok(
            kb < p.maxKB,
            `${label}: weighs ${kb.toFixed(1)} KB on the wire, over its ${p.maxKB} KB budget:\n` +
              load.requests.map((r) => `  ${r.bytes} B ${r.url} (${r.encoding || 'uncompressed'})`).join('\n'),
          );
          // Text responses travel compressed.
          for (const r of load.requests) {
            if ((r.type === 'Document' || r.type === 'Stylesheet' || r.type === 'Script') && r.bytes > 1500) {
              assert.ok(r.encoding, `${label}: ${r.url} (${r.bytes} B) is sent uncompressed`);
            }
          }
          await assertNoHorizontalScroll(page, label);
          await assertAccessible(page, label);
          assert.deepEqual(page.problems, [], `${label}: errors in the page`);
          await assertSkipLinkFirst(page, label);
          if (vp.width >= 1280) await assertFocusVisible(page, label);
        } finally {
          await closePage(page);
        }
      });
    }
  });
}
