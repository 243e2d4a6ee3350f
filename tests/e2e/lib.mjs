// Shared helpers of the end-to-end tests: Playwright (playwright-core, no bundled browser)
// driving Debian's chromium, axe-core for WCAG 2.1 AA, page weights through the DevTools protocol.
//
// Run through scripts/e2e.sh, which starts a server and passes, in the environment:
//   PARITRANA_E2E_URL            the server's base URL (http://127.0.0.1:PORT)
//   PARITRANA_E2E_ADMIN_USER / PARITRANA_E2E_ADMIN_PASSWORD        an administrator
//   PARITRANA_E2E_OPERATOR_USER / PARITRANA_E2E_OPERATOR_PASSWORD  a pemda operator
//   PARITRANA_E2E_OPERATOR_SCOPE the operator's kab/kota (e.g. 64.01)
//   PARITRANA_E2E_ASSESSOR_USER / PARITRANA_E2E_ASSESSOR_PASSWORD  an assessor of the demo award
//   PARITRANA_E2E_OUT            where screenshots and page weights go (target/e2e)
//   CHROMIUM                     the browser (default /usr/bin/chromium)

import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function required(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set: run the end-to-end tests through scripts/e2e.sh`);
  }
  return v;
}

export const BASE_URL = required('PARITRANA_E2E_URL').replace(/\/$/, '');

/** The accounts scripts/e2e.sh created, by role. */
export const ACCOUNTS = {
  admin: {
    username: required('PARITRANA_E2E_ADMIN_USER'),
    password: required('PARITRANA_E2E_ADMIN_PASSWORD'),
  },
  operator: {
    username: required('PARITRANA_E2E_OPERATOR_USER'),
    password: required('PARITRANA_E2E_OPERATOR_PASSWORD'),
    scope: process.env.PARITRANA_E2E_OPERATOR_SCOPE || '64.01',
  },
  // An assessor of the demo award panel (scripts/e2e.sh makes it before `serve --demo`).
  assessor: {
    username: required('PARITRANA_E2E_ASSESSOR_USER'),
    password: required('PARITRANA_E2E_ASSESSOR_PASSWORD'),
  },
};

export const OUT_DIR = resolve(process.env.PARITRANA_E2E_OUT || join(here, '..', '..', 'target', 'e2e'));
export const SCREENSHOT_DIR = join(OUT_DIR, 'screenshots');
/** The page-weight summary (see `writeWeights`). */
export const WEIGHTS_FILE = join(OUT_DIR, 'page-weights.json');

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Widths every page is checked at: a small phone and a laptop. */
export const VIEWPORTS = [
  { name: 'hp', width: 360, height: 740 },
  { name: 'laptop', width: 1280, height: 800 },
];

/** Pixels a page may exceed the viewport by before it counts as horizontal scrolling. */
export const SCROLL_TOLERANCE = 1;

// ---------------------------------------------------------------------------------------------
// The browser

/**
 * Starts headless chromium. Playwright gives it a fresh temporary --user-data-dir of its own
 * (it refuses the flag in `args`) and removes it on close. The flags keep chromium from calling
 * Google's services: the test machines have no network but the loopback.
 */
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-extensions',
    ],
  });
}

/**
 * A new page in a fresh context (own cookies) at a viewport. `locale` sets Accept-Language
 * (Indonesian unless told). `storageState` reuses a signed-in session. Script errors and console
 * errors are collected in `page.problems`.
 */
export async function newPage(browser, { width = 1280, height = 800, locale = 'id-ID', storageState } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    locale,
    storageState,
    baseURL: BASE_URL,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.problems = problems;
  return page;
}

/** Closes a page and its context. */
export async function closePage(page) {
  await page.context().close();
}

/** `BASE_URL` + path. */
export function url(path) {
  return BASE_URL + path;
}

// ---------------------------------------------------------------------------------------------
// Signing in

/**
 * Signs in through the /masuk form as `role` ('admin' or 'operator', or an account object), going
 * on to `next` (default /akun), and checks that it worked: the browser left /masuk for `next`,
 * and the user name is in the page's header.
 */
export async function signIn(page, role, { next = '/akun' } = {}) {
  const account = typeof role === 'string' ? ACCOUNTS[role] : role;
  assert.ok(account, `unknown role ${role}`);
  await page.goto(url(`/masuk?lanjut=${encodeURIComponent(next)}`));
  await page.fill('#username', account.username);
  await page.fill('#password', account.password);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/masuk', { waitUntil: 'load' }),
    page.click('main form button[type=submit]'),
  ]);
  assert.equal(new URL(page.url()).pathname, next.split('?')[0], `signing in as ${account.username} went to ${page.url()}`);
  const header = await page.textContent('header');
  assert.ok(header.includes(account.username), `signed in as ${account.username}, header: ${header}`);
  return account;
}

/** A signed-in session of `role` to reuse in new contexts (`newPage(b, { storageState })`). */
export async function sessionOf(browser, role) {
  const page = await newPage(browser);
  await signIn(page, role);
  const state = await page.context().storageState();
  await closePage(page);
  return state;
}

// ---------------------------------------------------------------------------------------------
// Page weight

/**
 * Loads `path` with the cache off and returns what crossed the wire: the sum of
 * `Network.loadingFinished.encodedDataLength` (compressed bodies plus headers) over every request
 * of the navigation, with the status of the document.
 */
export async function measureLoad(page, path) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const requests = new Map();
  const finished = new Map();
  const failed = [];
  cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { url: e.request.url, type: e.type }));
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r) {
      r.status = e.response.status;
      r.encoding = e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || '';
    }
  });
  cdp.on('Network.loadingFinished', (e) => finished.set(e.requestId, e.encodedDataLength));
  cdp.on('Network.loadingFailed', (e) => failed.push({ ...requests.get(e.requestId), error: e.errorText }));
  const response = await page.goto(url(path), { waitUntil: 'load' });
  // Late requests (images, fetches after load) count too.
  await page.waitForLoadState('networkidle').catch(() => {});
  await cdp.detach();
  let bytes = 0;
  const items = [];
  for (const [id, r] of requests) {
    const size = finished.get(id) ?? 0;
    bytes += size;
    items.push({ url: r.url.replace(BASE_URL, ''), type: r.type, status: r.status, encoding: r.encoding, bytes: size });
  }
  return { status: response?.status(), bytes, requests: items, failed };
}

/**
 * Writes target/e2e/page-weights.json: every measured load, and per page its heaviest load
 * against its budget. Returns the per-page summary.
 */
export function writeWeights(loads) {
  const pages = new Map();
  for (const l of loads) {
    const key = `${l.path} ${l.signedIn || 'publik'}`;
    if (!pages.has(key)) pages.set(key, { path: l.path, signedIn: l.signedIn, maxKB: l.maxKB, loads: [] });
    pages.get(key).loads.push({ width: l.width, bytes: l.bytes, requests: l.requests.length });
  }
  const summary = [...pages.values()].map((p) => {
    const bytes = Math.max(...p.loads.map((l) => l.bytes));
    return { ...p, bytes, kb: Math.round((bytes / 1024) * 10) / 10, withinBudget: bytes / 1024 < p.maxKB };
  });
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(
    WEIGHTS_FILE,
    JSON.stringify(
      { measured: new Date().toISOString(), unit: 'bytes on the wire (compressed bodies and headers, cache off)', pages: summary, loads },
      null,
      2,
    ) + '\n',
  );
  return summary;
}

// ---------------------------------------------------------------------------------------------
// Accessibility

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe-core on the page (WCAG 2.1 A and AA rules) and returns its violations. */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, so a Content-Security-Policy cannot block it.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE);
  }
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return result.violations;
}

/** Readable violations: rule, impact, help, and each offending element with axe's reason. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `    ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = v.nodes.length > 8 ? `\n    … ${v.nodes.length - 8} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

/** Fails with a readable list unless axe finds no WCAG 2.1 AA violation. */
export async function assertAccessible(page, label = page.url()) {
  const violations = await axeViolations(page);
  assert.equal(
    violations.length,
    0,
    `${label}: ${violations.length} WCAG 2.1 AA violation(s):\n${formatViolations(violations)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Layout and keyboard

/** Fails when the page scrolls sideways at its viewport width (wide tables must scroll inside a wrapper). */
export async function assertNoHorizontalScroll(page, label = page.url()) {
  const { scrollWidth, width, widest } = await page.evaluate(() => {
    const width = window.innerWidth;
    let widest = null;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && (!widest || r.right > widest.right)) {
        // Skip what is inside a scrolling wrapper: it scrolls, the page does not.
        let p = el.parentElement;
        let clipped = false;
        while (p && p !== document.body) {
          const ox = getComputedStyle(p).overflowX;
          if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') {
            clipped = true;
            break;
          }
          p = p.parentElement;
        }
        if (!clipped) {
          widest = { right: Math.round(r.right), tag: el.tagName.toLowerCase(), id: el.id, cls: el.className?.toString?.() ?? '' };
        }
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, widest };
  });
  assert.ok(
    scrollWidth <= width + SCROLL_TOLERANCE,
    `${label}: scrolls sideways at ${width} px (document is ${scrollWidth} px wide)` +
      (widest ? `; widest element: <${widest.tag} id="${widest.id}" class="${widest.cls}"> ends at ${widest.right} px` : ''),
  );
}

/**
 * The first Tab from the top of the page lands on the skip link, the link is visible while
 * focused (on screen, with an outline or a ring), and following it moves to the main content.
 */
export async function assertSkipLinkFirst(page, label = page.url()) {
  // Start from the document itself, as after a fresh load.
  await page.evaluate(() => {
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    window.scrollTo(0, 0);
  });
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      href: el.getAttribute('href'),
      text: el.textContent.trim(),
      focusVisible: el.matches(':focus-visible'),
      outline: `${cs.outlineStyle} ${cs.outlineWidth}`,
      outlineVisible: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
      ring: cs.boxShadow !== 'none',
      onScreen: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight,
    };
  });
  assert.ok(focused, `${label}: Tab focused nothing`);
  assert.ok(
    focused.tag === 'a' && focused.href?.startsWith('#'),
    `${label}: the first Tab should reach the skip link, reached <${focused.tag} href="${focused.href}">${focused.text}`,
  );
  assert.ok(focused.onScreen, `${label}: the focused skip link "${focused.text}" is off screen`);
  assert.ok(focused.focusVisible, `${label}: the skip link does not match :focus-visible`);
  assert.ok(focused.outlineVisible || focused.ring, `${label}: no visible focus indicator on the skip link (outline ${focused.outline})`);
  const target = focused.href.slice(1);
  assert.ok(await page.locator(`[id="${target}"]`).count(), `${label}: the skip link points at #${target}, which is missing`);
  return focused;
}

/** Tabs through the page and fails on a focused element without a visible indicator. */
export async function assertFocusVisible(page, label = page.url(), { maxTabs = 40 } = {}) {
  await page.evaluate(() => document.activeElement?.blur());
  const bad = [];
  const seen = new Set();
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const cs = getComputedStyle(el);
      const desc = `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${el.getAttribute('name') ? ` name="${el.getAttribute('name')}"` : ''}>${(el.textContent || el.value || '').trim().slice(0, 40)}`;
      const path = [];
      for (let e = el; e && e !== document.body; e = e.parentElement) path.push(e.tagName + [...e.parentElement.children].indexOf(e));
      return {
        key: path.join('/'),
        desc,
        visible: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none',
      };
    });
    if (!f || seen.has(f.key)) break;
    seen.add(f.key);
    if (!f.visible) bad.push(f.desc);
  }
  assert.deepEqual(bad, [], `${label}: focused without a visible focus indicator: ${bad.join(', ')}`);
  return seen.size;
}

// ---------------------------------------------------------------------------------------------
// Screenshots

/** A full-page screenshot in target/e2e/screenshots/NAME.png; returns its path. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^a-zA-Z0-9._-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A file-name-safe slug of a path: '/admin/audit?lang=en' → 'admin_audit_lang-en'. */
export function slug(path) {
  const s = path.replace(/^\//, '').replace(/[?&=]/g, (c) => (c === '=' ? '-' : '_')).replace(/[^a-zA-Z0-9._-]+/g, '_');
  return s || 'beranda';
}

// ---------------------------------------------------------------------------------------------
// Numbers on pages

/** Reads a rupiah amount or a count as written on a page ("Rp 80.400.000", "Rp 80,400,000"). */
export function parseAmount(text) {
  const digits = String(text).replace(/[^0-9-]/g, '');
  assert.ok(/^-?\d+$/.test(digits), `not an amount: ${JSON.stringify(text)}`);
  return Number(digits);
}

/** JSON from the server (Node's fetch, outside the browser). */
export async function getJson(path, init) {
  const res = await fetch(url(path), init);
  const body = await res.json();
  return { status: res.status, body };
}

export { assert };
