// escape.mjs BASE WORKDIR: hostile corpus text (serve/tests/hostile.txt) and
// hostile queries, in Chromium: everything shows as text, nothing runs.
import { launch } from './browser.mjs';
import { ok, eq, watch } from './check.mjs';

const [base, work] = process.argv.slice(2);
const browser = await launch();
const problems = [];
const page = await browser.context.newPage();
watch(page, problems);

// Elements the page itself never puts in the results or notices: any of
// them there was injected.
const injected = () => page.$$eval(
  '#main script, #main img, #main svg, #main iframe, #main b, #main i, #main textarea, #main a[href^="javascript"]',
  (es) => es.map((e) => e.outerHTML.slice(0, 80)));
const settle = () => page.waitForFunction(() => document.getElementById('status').textContent !== '' &&
  !document.getElementById('results').hasAttribute('aria-busy'));

async function visit(query, extra, what) {
  const params = new URLSearchParams(Object.assign({ q: query }, extra || {}));
  await page.goto(`${base}/?${params}`);
  await settle();
  await page.waitForTimeout(200);   // time for any injected handler to fire
  eq(await injected(), [], `${what}: no element injected`);
  eq(await page.$$eval('script', (s) => s.map((e) => e.getAttribute('src'))), ['/app.js'],
    `${what}: the only script is the page's own`);
  eq(await page.inputValue('#q'), query, `${what}: the query is in the box as typed`);
}

try {
  await visit('zebra', null, 'hostile corpus');
  const text = await page.innerText('#results-body');
  ok(text.includes('<script>alert(1)</script>'), 'a script in a paragraph shows as text');
  ok(text.includes('<b>bold</b> <img src=x onerror=alert(9)> heading'), 'HTML in a heading shows as text');
  ok(text.includes('<iframe srcdoc="<script>alert(6)</script>">'), 'an iframe shows as text');

  await visit('"<script>alert(1)</script>"', null, 'a query with HTML');
  ok((await page.$$eval('#results-body mark', (ms) => ms.map((m) => m.textContent))).join(' ').includes('alert'),
    'its matches are highlighted with <mark>, as text');
  ok((await page.title()).includes('<script>alert(1)</script>'), 'the title shows the query as text');

  await visit('zebre <script>alert(1)</script>', null, 'a misspelt query with HTML');
  eq(await page.textContent('a.suggestion'), 'zebra <script>alert(1)</script>', 'the suggestion is text');

  const mark = problems.length;   // the next two are errors (400): expected
  await visit('<img src=x onerror=alert(10)>', null, 'a malformed query with HTML');
  ok((await page.textContent('.notice.error pre')).startsWith('<img src=x onerror=alert(10)>'),
    'the query under the caret is text');

  await visit('zebra', { authority: '<img src=x onerror=alert(11)>' }, 'a filter with HTML from the URL');
  ok((await page.textContent('#chips')).includes('Council: <img src=x onerror=alert(11)>'), 'the chip is text');
  ok((await page.textContent('.notice.error')).includes('<img src=x onerror=alert(11)>'), 'the error is text');
  problems.splice(mark, problems.length - mark,
    ...problems.slice(mark).filter((p) => !/status of 400/.test(p)));

  eq(problems, [], 'no dialog, script error or CSP violation');
} catch (e) {
  console.error(e.message);
  await page.screenshot({ path: `${work}/failure.png`, fullPage: true }).catch(() => {});
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
