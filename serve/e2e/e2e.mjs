// e2e.mjs BASE WORKDIR: the search page against a running lasearch-serve,
// in headless Chromium. Every figure the page shows is compared with the
// API's own answer for the same request.
import { launch } from './browser.mjs';
import { apiClient, eq, ok, param, status, unmark, watch } from './check.mjs';

const [base, work] = process.argv.slice(2);
const api = apiClient(base);
const ALL = 'authority,score,section,theme,kind';
const browser = await launch();
const problems = [];
const page = await browser.context.newPage();
watch(page, problems);
await page.setViewportSize({ width: 1280, height: 900 });

const hits = () => page.$$eval('#results-body .hit', (els) => els.map((e) => ({
  council: e.querySelector('.council') && e.querySelector('.council').textContent,
  heading: e.querySelector('.heading').textContent,
  score: e.querySelector('.score').textContent,
  snippet: e.querySelector('.snippet').textContent,
  marks: [...e.querySelectorAll('.snippet mark')].map((m) => m.textContent),
  cite: e.querySelector('.cite code').textContent,
})));
const cards = () => page.$$eval('.council-card', (els) => els.map((e) => ({
  name: e.querySelector('h3').firstChild.textContent,
  count: e.querySelector('h3 .count').textContent,
  hits: e.querySelectorAll('.hit').length,
})));

try {
  // ---- a search, typed: "/" reaches the box from anywhere
  await page.goto(`${base}/`);
  await page.keyboard.press('/');
  eq(await page.evaluate(() => document.activeElement.id), 'q', '"/" focuses the search box');
  await page.keyboard.type('hospital discharge');
  await page.keyboard.press('Enter');
  const hd = await api({ q: 'hospital discharge', facets: ALL, hl: 'pua' });
  await status(page, new RegExp(`^${hd.total} paragraphs match, showing 1 to ${Math.min(10, hd.total)}\\.$`),
    'the status line gives the API\'s total');
  eq(param(page, 'q'), 'hospital discharge', 'the query is in the URL');
  const shown = await hits();
  eq(shown.length, hd.hits.length, 'one result per hit');
  shown.forEach((h, i) => {
    const a = hd.hits[i];
    eq(h.council, a.authority, `hit ${i + 1}: council`);
    eq(h.heading, a.heading || '(no heading)', `hit ${i + 1}: heading`);
    eq(h.score, a.score === null ? 'not scored' : `Score ${a.score}`, `hit ${i + 1}: score`);
    eq(h.snippet, unmark(a.snippet), `hit ${i + 1}: snippet text`);
    ok(h.marks.length > 0 && h.marks.every((m) => /hospital|discharg/i.test(m)), `hit ${i + 1}: highlights ${h.marks}`);
    eq(h.cite, `${a.file}:${a.line}`, `hit ${i + 1}: citation`);
  });

  // ---- the facet panel: counts as the API gives them
  for (const key of ALL.split(',')) {
    const got = await page.$$eval(`.facet-group[data-facet=${key}] button.facet`,
      (bs) => bs.map((b) => [b.dataset.value, Number(b.querySelector('.count').textContent.replace(/\D/g, ''))]));
    const want = hd.facets[key].filter((v) => v.value !== null).map((v) => [v.value, v.count]);
    eq(got.slice().sort(), want.slice().sort(), `facet ${key}: values and counts`);
  }

  // ---- a click on a council filters
  const council = hd.facets.authority[1].value;
  const filtered = await api({ q: `(hospital discharge) authority:${council}` });
  await page.click(`.facet-group[data-facet=authority] button.facet[data-value="${council}"]`);
  await status(page, new RegExp(`^${filtered.total} paragraphs? match`), `council ${council}: the API's total`);
  ok((await hits()).every((h) => h.council === council), `every hit is from ${council}`);
  eq(param(page, 'authority'), council, 'the filter is in the URL');
  ok((await page.textContent('#chips')).includes(`Council: ${council}`), 'a chip shows the filter');
  eq(await page.getAttribute(`button.facet[data-value="${council}"]`, 'aria-pressed'), 'true', 'the facet is pressed');
  await page.click('#chips button.chip');
  await status(page, new RegExp(`^${hd.total} paragraphs match`), 'removing the chip removes the filter');
  eq(param(page, 'authority'), null, 'and the URL forgets it');

  // ---- councils side by side
  await page.getByLabel('Councils side by side').check();
  const grouped = await api({ q: 'hospital discharge', by: 'authority', per: 3, limit: 12, facets: 'authority' });
  const nCouncils = grouped.facets.authority.length;
  await status(page, new RegExp(`^${grouped.total} paragraphs in ${nCouncils} councils match`),
    'side by side: paragraphs and councils counted');
  eq(param(page, 'view'), 'councils', 'the view is in the URL');
  eq(await cards(), grouped.groups.map((g) => ({
    name: g.authority, count: `${g.count} paragraph${g.count === 1 ? '' : 's'}`, hits: g.hits.length,
  })), 'one card per council: name, count, its best paragraphs');
  await page.screenshot({ path: `${work}/councils.png` });

  // ---- the URL is the whole state: a bookmark shows the same
  const page2 = await browser.context.newPage();
  watch(page2, problems);
  await page2.goto(page.url());
  await page2.waitForFunction(() => document.querySelectorAll('.council-card').length > 0);
  eq(await page2.inputValue('#q'), 'hospital discharge', 'bookmark: the query is back in the box');
  ok(await page2.isChecked('input[value=councils]'), 'bookmark: the view is back');
  eq(await page2.$$eval('.council-card h3', (hs) => hs.map((h) => h.textContent)),
    await page.$$eval('.council-card h3', (hs) => hs.map((h) => h.textContent)), 'bookmark: the same councils');
  await page2.close();

  // ---- paging, and Back
  const care = await api({ q: 'care' });
  ok(care.total > 20, `"care" has more than two pages (${care.total})`);
  await page.goto(`${base}/?q=care`);
  await status(page, /showing 1 to 10\.$/, 'page 1');
  await page.click('#pager a[rel=next]');
  await status(page, /showing 11 to 20\.$/, 'Next: page 2');
  eq(param(page, 'page'), '2', 'the page is in the URL');
  eq(await page.getAttribute('#results-body ol', 'start'), '11', 'numbering goes on from 11');
  eq(await page.evaluate(() => document.activeElement.id), 'results', 'focus moves to the results');
  await page.goBack();
  await status(page, /showing 1 to 10\.$/, 'Back: page 1 again');

  // ---- what is new: the "New" choice is the API's since, each hit says
  // when its text first appeared, and the search's feed is linked
  await page.goto(`${base}/?q=care`);
  await status(page, /showing 1 to 10\.$/, 'care, any time');
  await page.selectOption('#since', 'last');
  const fresh = await api({ q: 'care', since: 'last' });
  await status(page, new RegExp(`^${fresh.total} paragraphs? match`), 'New: the API\'s total with since=last');
  eq(param(page, 'since'), 'last', 'since is in the URL');
  const seen = await page.$$eval('#results-body .hit .seen', (els) => els.map((e) => e.textContent));
  eq(seen, fresh.hits.map((h) => `new in update ${h.first_seen_generation}, ${h.first_seen.slice(0, 10)}`),
    'each hit says when its text appeared');
  eq(await page.getAttribute('#feed', 'href'), '/feed?q=care', 'the feed of this search is linked');
  await page.selectOption('#since', '');
  await status(page, new RegExp(`^${care.total} paragraphs match`), 'New: any time again');

  // ---- the query syntax is one click away, with examples to try
  await page.click('#syntax summary');
  ok(await page.isVisible('#syntax table'), 'the syntax table opens');
  await page.click('button.example:text-is("\\"section 75\\"")');
  const s75 = await api({ q: '"section 75"' });
  await status(page, new RegExp(`^${s75.total} paragraphs match`), 'an example runs');
  eq(param(page, 'q'), '"section 75"', 'and is in the URL');

  // ---- a malformed query: the message and a caret under its column (the
  // browser logs the API's 400 as a failed load: expected, so not a problem)
  const expected400 = problems.length;
  await page.fill('#q', '"section 75');
  await page.press('#q', 'Enter');
  await page.waitForSelector('.notice.error');
  ok((await page.textContent('.notice.error')).includes('unbalanced quote'), 'the error message is shown');
  eq(await page.textContent('.notice.error pre'), '"section 75\n^', 'the caret points at column 1');
  await page.goto(`${base}/?q=${encodeURIComponent('"section 75')}&authority=Ealing`);
  await page.waitForSelector('.notice.error');
  ok((await page.textContent('.notice.error')).includes('starts at column 1'),
    'with a filter on, the message still counts columns in what was typed');
  eq(await page.textContent('.notice.error pre'), '"section 75\n^', 'and so does the caret');
  problems.splice(expected400, problems.length - expected400,
    ...problems.slice(expected400).filter((p) => !/status of 400/.test(p)));

  // ---- the keyboard alone: Tab to a facet, Enter filters
  await page.goto(`${base}/?q=carers`);
  await status(page, /paragraphs? match/, 'a search from the URL');
  const before = await page.textContent('#status');
  await page.keyboard.press('Tab');
  eq(await page.evaluate(() => document.activeElement.className), 'skip', 'the first Tab stop skips to results');
  let reached = null;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const e = document.activeElement, cs = getComputedStyle(e);
      return { cls: e.className, tag: e.tagName.toLowerCase(), outline: cs.outlineStyle,
        value: e.dataset ? e.dataset.value : null };
    });
    ok(f.outline !== 'none', `focus is visible on ${f.tag}${f.cls ? `.${f.cls.split(' ')[0]}` : ''}`);
    if (f.cls === 'facet') reached = f.value;
  }
  ok(reached, `Tab reaches a facet (${reached})`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => document.getElementById('status').textContent !== b &&
    !document.getElementById('results').hasAttribute('aria-busy'), before);
  ok([...new URL(page.url()).searchParams.keys()].some((k) => ALL.split(',').includes(k)), 'Enter on a facet filters');

  // ---- what stands out: the panel shows the API's view=significant answer
  const mq = 'authority:medway';
  await page.goto(`${base}/?q=${encodeURIComponent(mq)}`);
  await status(page, /paragraphs? match/, 'a search to see what stands out in');
  ok(await page.isVisible('#stands-out-box'), 'the "What stands out" panel is offered');
  ok(!(await page.$('table.stands-out')), 'and worked out only when opened');
  await page.click('#stands-out-box summary');
  await page.waitForSelector('table.stands-out tbody tr');
  const sig = await api({ q: mq, view: 'significant', limit: '15' });
  ok(sig.significant.length > 0, `the API finds something standing out (${sig.significant.length})`);
  eq(await page.$$eval('table.stands-out tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent))),
    sig.significant.map((r) => [r.text + (r.councils < 2 ? ' (one council)' : ''), String(r.foreground),
      String(r.background), String(r.councils), r.score.toFixed(1)]),
    'every phrase with its counts, councils and G2 as the API gives them');
  ok((await page.textContent('.stands-out-intro')).includes(`these ${sig.foreground_paragraphs} paragraphs`),
    'the panel says how many paragraphs it compared');
  const phrase = sig.significant[0].text;
  await page.click('table.stands-out a.phrase >> nth=0');
  eq(param(page, 'q'), `${mq} "${phrase}"`, 'a phrase adds itself to the query');
  const withPhrase = await api({ q: `${mq} "${phrase}"`, view: 'significant', limit: '15' });
  await status(page, new RegExp(`^${withPhrase.foreground_paragraphs} paragraphs? match`), 'and runs it');
  await page.waitForFunction((n) => {
    const p = document.querySelector('.stands-out-intro');
    return p && p.textContent.includes(`these ${n} paragraph`);
  }, withPhrase.foreground_paragraphs);
  ok(true, 'the open panel follows the new search');

  // ---- counts side by side: the API's view=pivot, and a cell opens its search
  await page.goto(`${base}/?q=care`);
  await status(page, /paragraphs? match/, 'a search to count side by side');
  await page.click('#pivot-box summary');
  await page.selectOption('#pivot-rows', 'kind');
  await page.selectOption('#pivot-columns', 'score');
  await page.waitForFunction(() => {
    const th = document.querySelector('table.pivot thead th');
    return th && th.textContent === 'kind \\ score';
  });
  const piv = await api({ q: 'care', view: 'pivot', pivot: 'kind,score' });
  const shownCells = await page.$$eval('table.pivot tbody tr:not(.total)', (trs) => trs.map((tr) =>
    [tr.querySelector('th').textContent, ...[...tr.querySelectorAll('td')].map((td) => Number(td.textContent))]));
  eq(shownCells, piv.pivot.rows.values.map((r) => [r.value === null ? '(none)' : r.value,
    ...piv.pivot.columns.values.map((c) => piv.pivot.cells.find((x) => x.row === r.value && x.column === c.value).count),
    r.count]), 'every cell and row total as the API counts them');
  eq(await page.$$eval('table.pivot tr.total td', (tds) => tds.map((td) => Number(td.textContent))),
    [...piv.pivot.columns.values.map((c) => c.count), piv.total], 'column totals and the total');
  const cell = piv.pivot.cells.find((x) => x.row === 'assessment' && x.column === '3');
  await page.click('table.pivot a[aria-label^="' + cell.count + ' paragraphs: assessment, 3"]');
  await status(page, new RegExp(`^${cell.count} paragraphs? match`), 'a cell opens the search of its paragraphs');
  eq([param(page, 'kind'), param(page, 'score')], ['assessment', '3'], 'as filters in the URL');

  // ---- more like this: like:ID, the paragraph itself left out
  await page.goto(`${base}/?q=hospital+discharge`);
  await status(page, /paragraphs? match/, 'a search to find more like');
  const hdFirst = (await api({ q: 'hospital discharge' })).hits[0];
  await page.click('#results-body .hit >> nth=0 >> a.more-like');
  eq(param(page, 'q'), `like:${hdFirst.id}`, '"More like this" searches like:ID');
  const like = await api({ q: `like:${hdFirst.id}` });
  await status(page, new RegExp(`^${like.total} paragraphs? match`), 'the API\'s total for like:ID');
  eq((await hits()).map((h) => h.cite), like.hits.map((a) => `${a.file}:${a.line}`), 'the same paragraphs in the same order');
  ok(like.total > 0 && !like.hits.some((a) => a.id === hdFirst.id), 'the paragraph itself is not among them');

  // ---- labels and live region
  eq(await page.$$eval('input:not([type=hidden]), select', (es) => es.filter((e) => !e.labels.length && !e.getAttribute('aria-label')).length),
    0, 'every control has a label');
  eq(await page.getAttribute('#status', 'aria-live'), 'polite', 'result counts are announced');

  // ---- a phone
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/?q=hospital+discharge&view=councils`);
  await page.waitForSelector('.council-card');
  ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'phone: nothing scrolls sideways');
  ok(!(await page.evaluate(() => document.getElementById('facet-box').open)), 'phone: the filters fold away');
  ok(await page.isVisible('#q'), 'phone: the search box is there');
  await page.screenshot({ path: `${work}/phone.png`, fullPage: true });

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
