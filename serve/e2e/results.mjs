// results.mjs BASE WORKDIR: what the search page does with its results, in
// headless Chromium, against a lasearch-serve of a corpus with rated and
// pilot councils (serve/tests/results.sh): the council-rating facet and its
// "not rated" bucket, a hit opened to its whole paragraph, the pilot's
// indicative mark, and "Download these results (CSV)" giving the API's rows.
import { readFileSync } from 'node:fs';
import { launch } from './browser.mjs';
import { apiClient, eq, ok, status, unmark, watch } from './check.mjs';

const [base] = process.argv.slice(2);
const api = apiClient(base);
const browser = await launch();
const problems = [];
const page = await browser.context.newPage();
watch(page, problems);
await page.setViewportSize({ width: 1280, height: 900 });

// RFC 4180, as a spreadsheet reads it: quoted fields may hold commas,
// doubled quotes and line breaks.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  return rows;
}

async function download() {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  eq(dl.suggestedFilename(), 'lasearch-results.csv', 'the download is named');
  return parseCsv(readFileSync(await dl.path(), 'utf8'));
}

try {
  // ---- the council-rating facet: as the API counts it, the unrated apart
  await page.goto(`${base}/?q=safeguarding`);
  const sg = await api({ q: 'safeguarding', facets: 'rating', limit: 1 });
  await status(page, new RegExp(`^${sg.total} paragraphs match`), 'a search');
  const rated = await page.$$eval('.facet-group[data-facet=rating] button.facet',
    (bs) => bs.map((b) => [b.dataset.value, Number(b.querySelector('.count').textContent.replace(/\D/g, ''))]));
  eq(rated, sg.facets.rating.filter((v) => v.value !== null).map((v) => [v.value, v.count]),
    'the rating facet: values and counts, best first');
  ok(rated.length >= 1, 'some council is rated');
  const none = sg.facets.rating.find((v) => v.value === null);
  eq(await page.textContent('.facet-group[data-facet=rating] .facet-none'),
    `council not rated ${none.count}`, 'the unrated are a bucket of their own');
  await page.click('.facet-group[data-facet=rating] button.facet[data-value="Good"]');
  const good = await api({ q: '(safeguarding) rating:Good', limit: 1 });
  await status(page, new RegExp(`^${good.total} paragraphs? match`), 'a rating narrows the search as rating: does');

  // ---- a hit opened to its whole paragraph (long ones are cut to a snippet)
  const list = await api({ q: 'hospital discharge', limit: 10, hl: 'pua' });
  await page.goto(`${base}/?q=${encodeURIComponent('hospital discharge')}`);
  await status(page, new RegExp(`^${list.total} paragraphs match`), 'a search with long paragraphs');
  const i = list.hits.findIndex((h) => unmark(h.snippet) !== h.text);
  ok(i >= 0, 'a hit whose snippet leaves text out');
  const hit = page.locator('#results-body .hit').nth(i);
  eq(await hit.locator('.fulltext').isVisible(), false, 'the whole paragraph starts hidden');
  await hit.locator('button.expand').click();
  eq(await hit.locator('button.expand').getAttribute('aria-expanded'), 'true', 'the button says it is open');
  eq(await hit.locator('.fulltext').textContent(), list.hits[i].text, 'the whole paragraph, as the API has it');
  await hit.locator('button.expand').click();
  eq(await hit.locator('.fulltext').isVisible(), false, 'and closed again');
  const j = list.hits.findIndex((h) => unmark(h.snippet) === h.text);
  if (j >= 0) eq(await page.locator('#results-body .hit').nth(j).locator('button.expand').count(), 0,
    'no button where the snippet is the whole paragraph');

  // ---- "Download these results (CSV)": the API's rows, as lasearch-query --tsv has them
  await page.goto(`${base}/?q=safeguarding`);
  await status(page, new RegExp(`^${sg.total} paragraphs match`), 'the search again');
  const rows = await download();
  const all = await api({ q: 'safeguarding', limit: 1000, hl: 'pua' });
  eq(rows[0], ['rank', 'weight', 'id', 'authority', 'kind', 'section', 'theme', 'score', 'heading', 'file',
    'line', 'page', 'url', 'published', 'snippet', 'text', 'first_seen_generation', 'first_seen'], 'the CSV header');
  eq(rows.length - 1, Math.min(all.total, 1000), 'a row for every match (up to 1000)');
  eq(rows.slice(1).map((r) => r[2]), all.hits.map((h) => h.id), 'the rows in the API\'s order, by id');
  eq(rows.slice(1).map((r) => r[15]), all.hits.map((h) => h.text),
    'each text whole, commas, quotes and all');
  eq(rows.slice(1).map((r) => r[14]), all.hits.map((h) => unmark(h.snippet)), 'snippets without marks');
  ok(/^Downloaded \d+ rows?\.$/.test(await page.textContent('#download-status')), 'the page says what it gave');

  await page.goto(`${base}/?q=safeguarding&view=councils`);
  await page.waitForFunction(() => !document.getElementById('results').hasAttribute('aria-busy') &&
    document.querySelectorAll('.council-card').length > 0);
  const councils = await download();
  const by = await api({ q: 'safeguarding', by: 'authority', per: 1, limit: 1000, hl: 'pua' });
  eq(councils[0], ['authority', 'count', 'id', 'url', 'snippet'], 'side by side: the councils\' header');
  eq(councils.slice(1).map((r) => [r[0], Number(r[1]), r[2]]),
    by.groups.map((g) => [g.authority || '', g.count, g.hits[0].id]), 'a row per council, its best paragraph');

  // ---- a pilot council's hits say their rating and scores are indicative
  await page.goto(`${base}/?q=authority:birmingham`);
  const bham = await api({ q: 'authority:birmingham', limit: 10 });
  await status(page, new RegExp(`^${bham.total} paragraphs? match`), 'a pilot council');
  ok(bham.hits.length > 0 && bham.hits.every((h) => h.indicative === true), 'the API marks them');
  eq(await page.locator('#results-body .hit .indicative').count(), bham.hits.length,
    'each of its hits says indicative');
  await page.goto(`${base}/?q=authority:gateshead`);
  await status(page, /paragraphs? match/, 'a council assessed since');
  eq(await page.locator('#results-body .hit .indicative').count(), 0, 'no indicative mark');

  eq(problems, [], 'no script errors, failed loads or policy violations');
} catch (e) {
  console.error(e.message);
  await page.screenshot({ path: `${process.argv[3]}/results-failure.png` }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
