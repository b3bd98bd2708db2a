// check.mjs: what the browser tests share: assertions that say what they
// checked, waiting for the page to settle, and the API's own answers to
// compare the page against.

let passed = 0;

export function ok(cond, what) {
  if (!cond) throw new Error(`not ok: ${what}`);
  passed++;
  console.log(`ok ${passed} - ${what}`);
}

export function eq(got, want, what) {
  ok(JSON.stringify(got) === JSON.stringify(want),
    `${what}${JSON.stringify(got) === JSON.stringify(want) ? '' : `: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`}`);
}

// The answer of the API itself (the page must show exactly this).
export function apiClient(base) {
  return async (params) => {
    const resp = await fetch(`${base}/api/search?${new URLSearchParams(params)}`);
    return resp.json();
  };
}

// Wait until no search is in flight and the status line matches re.
export async function status(page, re, what) {
  try {
    await page.waitForFunction((src) => {
      const st = document.getElementById('status').textContent;
      return !document.getElementById('results').hasAttribute('aria-busy') && new RegExp(src).test(st);
    }, re.source, { timeout: 10000 });
  } catch (e) {
    const st = await page.textContent('#status');
    throw new Error(`not ok: ${what}: status is '${st}', want ${re}`);
  }
  ok(true, what);
}

export function param(page, name) {
  return new URL(page.url()).searchParams.get(name);
}

// Collect what would show in the browser's console as a problem: script
// errors, failed loads, Content-Security-Policy violations, dialogs.
export function watch(page, problems) {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.type()} ${d.message()}`); d.dismiss(); });
}

export const unmark = (s) => s.replace(/[\uE000\uE001]/g, '');
