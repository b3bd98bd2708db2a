// dates.mjs BASE WORKDIR: publication dates on the search page, against a
// lasearch-serve of tests/fixtures/dates, in headless Chromium: each hit
// shows its date, the from/to filter and the year facet narrow a search
// exactly as the API's published: does, and the URL keeps them.
import { launch } from './browser.mjs';
import { apiClient, eq, ok, param, status, watch } from './check.mjs';

const [base, work] = process.argv.slice(2);
const api = apiClient(base);
const browser = await launch();
const problems = [];
const page = await browser.context.newPage();
watch(page, problems);
await page.setViewportSize({ width: 1280, height: 900 });

const shown = () => page.$$eval('#results-body .hit', (els) => els.map((e) => {
  const t = e.querySelector('.published');
  return { council: e.querySelector('.council').textContent, date: t.textContent,
    datetime: t.getAttribute('datetime') };
}));
const words = { '2025-01-17': 'Published 17 January 2025', '2025-01': 'Published January 2025',
  '2024-06': 'Published June 2024', '2024-05-17': 'Published 17 May 2024', 2024: 'Published 2024' };

try {
  // ---- every hit shows its date as known, newest first when asked
  await page.goto(`${base}/?q=waiting&sort=published`);
  const all = await api({ q: 'waiting', sort: 'published', limit: 10 });
  eq(all.hits.map((h) => h.published), ['2025-01-17', '2025-01', '2024-06', '2024-05-17', '2024', null],
    'the API sorts newest first, undated last');
  await status(page, new RegExp(`^${all.total} paragraphs match`), 'a search sorted by date');
  eq(await page.inputValue('#sort'), 'published', 'the order "newest first" is selected');
  eq(await shown(), all.hits.map((h) => ({
    council: h.authority,
    date: h.published ? words[h.published] : 'date not known',
    datetime: h.published,
  })), 'each hit shows its date (in words, machine-readable in datetime), newest first');

  // ---- the from/to filter: typed, it narrows as published:FROM..TO does
  await page.goto(`${base}/?q=waiting`);
  await status(page, /^6 paragraphs match/, 'six paragraphs before the filter');
  await page.fill('#from', '2024-05');
  await page.fill('#to', '2025-01');
  await page.press('#to', 'Enter');
  const ranged = await api({ q: '(waiting) published:2024-05..2025-01', limit: 10 });
  eq(ranged.total, 4, 'the API: four paragraphs certainly in May 2024 to January 2025');
  await status(page, new RegExp(`^${ranged.total} paragraphs match`), 'the filter narrows to the API\'s total');
  eq((await shown()).map((h) => h.council).sort(), ranged.hits.map((h) => h.authority).sort(),
    'the same paragraphs as the API');
  eq([param(page, 'from'), param(page, 'to')], ['2024-05', '2025-01'], 'the dates are in the URL');
  ok((await page.textContent('#chips')).includes('Published: from May 2024 to January 2025'),
    'a chip shows the date filter');

  // ---- a bookmark brings the filter back
  const page2 = await browser.context.newPage();
  watch(page2, problems);
  await page2.goto(page.url());
  await status(page2, new RegExp(`^${ranged.total} paragraphs match`), 'bookmark: the same total');
  eq([await page2.inputValue('#from'), await page2.inputValue('#to')], ['2024-05', '2025-01'],
    'bookmark: the dates are back in the filter');
  await page2.close();

  // ---- an open end
  await page.fill('#from', '');
  await page.press('#to', 'Enter');
  const upto = await api({ q: '(waiting) published:..2025-01', limit: 10 });
  await status(page, new RegExp(`^${upto.total} paragraphs match`), 'only "to": an open range');
  eq(param(page, 'from'), null, 'the URL forgets the empty end');

  // ---- removing the chip removes the filter
  await page.click('#chips button.chip[data-filter=dates]');
  await status(page, /^6 paragraphs match/, 'removing the chip removes the date filter');
  eq([await page.inputValue('#from'), await page.inputValue('#to')], ['', ''], 'the inputs are emptied');

  // ---- the year facet: counts as the API gives them, a click filters
  const faceted = await api({ q: 'waiting', facets: 'published' });
  const years = await page.$$eval('.facet-group[data-facet=published] button.facet',
    (bs) => bs.map((b) => [b.dataset.value, Number(b.querySelector('.count').textContent.replace(/\D/g, ''))]));
  eq(years, faceted.facets.published.filter((v) => v.value !== null).map((v) => [v.value, v.count]),
    'the year facet: values and counts, newest first');
  ok((await page.textContent('.facet-group[data-facet=published] .facet-none')).includes('date not known'),
    'the undated are counted as "date not known"');
  await page.click('.facet-group[data-facet=published] button.facet[data-value="2024"]');
  const y2024 = await api({ q: '(waiting) published:2024' });
  await status(page, new RegExp(`^${y2024.total} paragraphs match`), 'a click on 2024 filters');
  eq((await shown()).map((h) => h.datetime).sort(), ['2024', '2024-05-17', '2024-06'],
    'every date within 2024, at any precision');
  eq(param(page, 'published'), '2024', 'the year is in the URL');

  // ---- a date that is no date: the server's message, the caret under it
  await page.goto(`${base}/?q=waiting&from=2024-13`);
  await page.waitForSelector('.notice.error');
  ok((await page.textContent('.notice.error')).includes("'2024-13'"), 'a bad date is named');
  eq(await page.textContent('.notice.error pre'), '(waiting) published:2024-13..\n                    ^',
    'with a caret under it, in the query the filter made');
  ok((await page.textContent('#chips')).includes('Published: from 2024-13'), 'the chip shows it as typed');
  const bad = problems.length;
  problems.splice(0, problems.length, ...problems.filter((p, i) => i < bad && !/status of 400/.test(p)));

  eq(await page.$$eval('input:not([type=hidden]), select', (es) => es.filter((e) => !e.labels.length && !e.getAttribute('aria-label')).length),
    0, 'every control has a label');
  await page.screenshot({ path: `${work}/dates.png`, fullPage: true });
  eq(problems, [], 'no script errors, CSP violations or dialogs');
} catch (e) {
  console.error(e.message);
  await page.screenshot({ path: `${work}/failure.png`, fullPage: true }).catch(() => {});
  console.error(`(screenshot: ${work}/failure.png)`);
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
