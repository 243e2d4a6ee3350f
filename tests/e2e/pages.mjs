// Every page the end-to-end tests visit, one line each. pages.test.mjs loads each one at 360 px
// and 1280 px and checks: HTTP 200, no sideways scrolling, axe WCAG 2.1 AA with no violation, the
// skip link first in the tab order with a visible focus, every focusable element's focus visible,
// the page weight (bytes on the wire, compressed, cold cache) under maxKB, and a screenshot.
//
//   path      what to load (a query string is fine)
//   signedIn  false (the public), 'admin' or 'operator' (the pemda operator of one kab/kota)
//   maxKB     the page-weight budget in KiB (1024 bytes)
//
// A new page is one more line.

// The demo award cycle is the server's current year (`serve --demo`).
const AWARD_YEAR = new Date().getFullYear();

export const PAGES = [
  { path: '/masuk', signedIn: false, maxKB: 100 },
  { path: '/masuk?lang=en', signedIn: false, maxKB: 100 },
  { path: '/anggaran', signedIn: false, maxKB: 100 },
  { path: '/anggaran?lang=en', signedIn: false, maxKB: 100 },
  { path: '/akun', signedIn: 'operator', maxKB: 100 },
  { path: '/akun', signedIn: 'admin', maxKB: 100 },
  { path: '/admin/pengguna', signedIn: 'admin', maxKB: 100 },
  { path: '/admin/audit', signedIn: 'admin', maxKB: 100 },
  { path: '/admin/audit?lang=en', signedIn: 'admin', maxKB: 100 },
  { path: '/pekerja', signedIn: false, maxKB: 100 },
  { path: '/pekerja', signedIn: 'operator', maxKB: 100 },
  { path: '/pekerja?lang=en', signedIn: false, maxKB: 100 },
  { path: '/', signedIn: false, maxKB: 300 }, // the dashboard: the first load
  { path: '/?lang=en', signedIn: false, maxKB: 300 },
  { path: '/wilayah/64', signedIn: false, maxKB: 100 },
  { path: '/wilayah/64.01', signedIn: false, maxKB: 100 },
  { path: '/wilayah/64.01.04', signedIn: false, maxKB: 100 },
  { path: '/wilayah/64.01.04.2010?lang=en', signedIn: false, maxKB: 100 },
  { path: '/wilayah/64', signedIn: 'operator', maxKB: 100 }, // with its transfers section
  { path: '/wilayah?q=paser', signedIn: false, maxKB: 100 },
  { path: '/impor', signedIn: 'operator', maxKB: 100 },
  { path: '/impor', signedIn: 'admin', maxKB: 100 },
  { path: '/target', signedIn: false, maxKB: 100 },
  { path: '/target', signedIn: 'operator', maxKB: 100 },
  // The Paritrana Award (docs/award-web.md).
  { path: '/penilaian', signedIn: 'assessor', maxKB: 100 },
  { path: `/penilaian/${AWARD_YEAR}/2/dokumen`, signedIn: 'assessor', maxKB: 100 },
  { path: `/penilaian/${AWARD_YEAR}/2/wawancara?lang=en`, signedIn: 'assessor', maxKB: 100 },
  { path: '/penghargaan/peserta', signedIn: 'operator', maxKB: 100 },
  { path: `/penghargaan/peserta/${AWARD_YEAR}/1`, signedIn: 'operator', maxKB: 100 },
  { path: '/admin/penghargaan', signedIn: 'admin', maxKB: 100 },
  { path: `/penghargaan/${AWARD_YEAR}`, signedIn: false, maxKB: 100 },
  // Certificate verification (docs/award-certificates.md): the code form; a code's page needs
  // issued certificates, which the demo does not make.
  { path: '/piagam', signedIn: false, maxKB: 100 },
  { path: '/piagam?lang=en', signedIn: false, maxKB: 100 },
];
