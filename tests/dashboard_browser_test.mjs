// Browser test of the dashboard: starts `parley serve` on a fixture store
// whose posts and author names carry HTML and script injections, drives
// Debian's chromium with playwright-core (no browser download), clicks from
// the overview to the posts behind a chart point, a post, its thread and its
// author, downloads the overview's figures, a post list and the care queue as CSV, marks a care-queue post handled (giving the write token when asked),
// and checks that no injected script ran and no injected element exists.
// Screenshots (laptop and phone) are saved as test artifacts.
//
//   node tests/dashboard_browser_test.mjs --parley build-dev/bin/parley --out build-dev/reports/dashboard
//
// Exit codes: 0 passed, 1 failed, 77 skipped (no chromium or playwright-core).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SKIP = 77;
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const parley = resolve(args.parley ?? 'build-dev/bin/parley');
const out = resolve(args.out ?? 'build-dev/reports/dashboard');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

function skip(why) {
  console.log(`SKIP: ${why}`);
  process.exit(SKIP);
}

if (!existsSync(chromiumPath)) skip(`no ${chromiumPath} (apt-get install chromium; scripts/setup --dev does)`);
let chromium;
try {
  ({ chromium } = createRequire(resolve('package.json'))('playwright-core'));
} catch {
  skip('no node_modules/playwright-core (npm ci)');
}

// The injections: each would set window.__pwned or open a dialog if it ran.
const INJECT = {
  script: '<script>window.__pwned = "script"</script>',
  img: '<img src=x onerror="window.__pwned=\'img\'">',
  link: 'javascript:window.__pwned=\'link\'',
  svg: '<svg onload="window.__pwned=\'svg\'"></svg>',
};

function fixturePosts() {
  const posts = [];
  const day = (d, h) => `2026-03-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`;
  // A thread: a complaint with injections, a brand reply and a follow-up.
  posts.push({ id: 'evil-1', author: 'evil_author', author_name: INJECT.img,
    created_at: day(5, 10), thread: 'evil-1',
    text: `@SkyloftAir awful delay ${INJECT.script} ${INJECT.img} see ${INJECT.link} and https://example.com/ok` });
  posts.push({ id: 'evil-2', author: 'SkyloftAir', author_name: 'Skyloft Air', created_at: day(5, 11),
    thread: 'evil-1', parent: 'evil-1', text: '@evil_author sorry about the delay, DM us' });
  posts.push({ id: 'evil-3', author: 'evil_author', author_name: INJECT.svg, created_at: day(5, 12),
    thread: 'evil-1', parent: 'evil-2', text: `still waiting ${INJECT.svg} <a href="${INJECT.link}">click</a>` });
  for (let d = 1; d <= 9; ++d) {
    for (let i = 0; i < 6; ++i) {
      posts.push({ id: `p${d}-${i}`, author: `user${i}`, author_name: `User ${i}`, created_at: day(d, 8 + i),
        thread: `p${d}-${i}`, text: i % 2 ? 'Skyloft Air crew was lovely, great flight' : '@Jetwave terrible delay again, awful' });
    }
  }
  // Two posts from a forum: a second channel.
  posts.push({ id: 'price-1', author: 'user9', author_name: 'User 9', created_at: day(6, 9), thread: 'price-1',
    text: 'Skyloft Air fare was $49, good deal', source: 'forum' });
  posts.push({ id: 'es-1', author: 'user8', author_name: 'User 8', created_at: day(6, 10), thread: 'es-1',
    text: 'el vuelo de Skyloft Air lleva tres horas de retraso y nadie nos dice nada', source: 'forum' });
  return posts.map((p) => JSON.stringify({ source: 'web', likes: 1, ...p })).join('\n') + '\n';
}

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr}`);
  return r;
}

// Starts parley serve on a free port (reads open, writes with a token);
// resolves with {proc, url}.
// `labeled`: a validation file the summary's shares are corrected with.
function serve(db, tokens, labeled) {
  return new Promise((ok, fail) => {
    const proc = spawn(parley, ['serve', '--db', db, '--port', '0', '--rate-limit', '0', '--tokens', tokens,
      '--public-reads', '--taxonomy', 'data/taxonomy/demo.toml', '--validation', labeled,
      '--label-col', 'true_sentiment'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) ok({ proc, url: `http://127.0.0.1:${m[1]}/` });
    });
    proc.on('exit', (code) => fail(new Error(`parley serve exited with ${code}: ${err}`)));
  });
}

const WRITE_TOKEN = 'dashboard-test-write-token-0123';
const failures = [];
function check(cond, what) {
  if (!cond) failures.push(what);
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${what}`);
}

// Nothing injected may exist as an element, and nothing may have run.
async function assertInert(page, where) {
  const state = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    elements: document.querySelectorAll('#view script, #view img, #view svg, #view iframe, #view object, #view [onerror], #view [onload]').length,
    jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => !/^(#\/|https?:)/.test(a.getAttribute('href'))).length,
  }));
  check(state.pwned === null, `${where}: no injected script ran (window.__pwned = ${state.pwned})`);
  check(state.elements === 0, `${where}: no injected element in the page (${state.elements} found)`);
  check(state.jsLinks === 0, `${where}: every link is an app route or http(s) (${state.jsLinks} others)`);
}

async function main() {
  mkdirSync(out, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'parley-dashboard-'));
  const db = join(dir, 'p.db');
  writeFileSync(join(dir, 'posts.ndjson'), fixturePosts());
  run(parley, ['ingest', join(dir, 'posts.ndjson'), '--preset', 'generic', '--taxonomy', 'data/taxonomy/demo.toml', '--db', db, '-q',
    '--detect-language', '--rejects', join(dir, 'rejects.ndjson')]);
  // The same posts again under a language filter that keeps them all (each
  // unchanged): the store notes the filter, and the languages card says so.
  run(parley, ['ingest', join(dir, 'posts.ndjson'), '--preset', 'generic', '--taxonomy', 'data/taxonomy/demo.toml', '--db', db, '-q',
    '--languages', 'en,es,und', '--rejects', join(dir, 'rejects.ndjson')]);
  const tokens = join(dir, 'tokens');
  writeFileSync(tokens, `${WRITE_TOKEN} write\n`);
  // Labeled posts from another stream: the overview's shares are corrected.
  const labeled = join(dir, 'labeled.csv');
  run(parley, ['synth', '-q', '-n', '300', '--seed', '2', '-o', labeled]);
  const { proc, url } = await serve(db, tokens, labeled);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  const dialogs = [];
  const errors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForSelector('#volume-chart .u-over');
    await page.waitForSelector('.rows li');
    await page.screenshot({ path: join(out, 'overview-laptop.png'), fullPage: true });
    await assertInert(page, 'overview');
    await page.waitForSelector('.kpis .kpi');
    const kpis = await page.locator('.kpis').innerText();
    check(/negative \(corrected; raw \d/.test(kpis) && /positive \(corrected; raw \d/.test(kpis),
      `the overview's shares say they are corrected, with the raw ones (${kpis.replace(/\n/g, ' | ')})`);
    check((await page.locator('.kpis .kpi[title*="on 300 labeled posts"]').count()) === 3,
      'the corrected shares and net sentiment say how, on how many labeled posts');
    check(/net sentiment \(corrected; raw [+−]\d/.test(kpis) && /[+−]\d+\.\d% \([+−]\d+\.\d to [+−]\d+\.\d%\)/.test(kpis),
      `the overview gives the net sentiment with its interval (${kpis.replace(/\n/g, ' | ')})`);

    // The overview's figures as a file: the report's CSV, a figure a row.
    const [figures] = await Promise.all([page.waitForEvent('download'), page.click('.filters button.download')]);
    check(figures.suggestedFilename() === 'parley-summary.csv', `the figures download is named parley-summary.csv (${figures.suggestedFilename()})`);
    const figureRows = readFileSync(await figures.path(), 'utf8').split('\r\n').filter((l) => l);
    check(figureRows[0].startsWith('section,name,display_name,own,bucket,posts,') && figureRows[0].endsWith(',measure,estimate,low,high,confidence'),
      `the figures CSV opens with the report's header (${figureRows[0]})`);
    check(figureRows.some((l) => l.startsWith('sentiment_corrected,')) && figureRows.some((l) => l.startsWith('series,all,')),
      'the figures CSV holds the corrected shares and the series');

    // The top topics over time, a line each, named in the legend.
    await page.waitForSelector('#topics-chart .u-over');
    const topicLegend = await page.locator('#topics-chart .u-legend').innerText();
    check(topicLegend.includes('delay'), `the topics chart names its topics (${topicLegend.replace(/\n/g, ' | ')})`);

    // A chart point opens the posts of its bucket.
    const box = await page.locator('#volume-chart .u-over').boundingBox();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    await page.waitForFunction(() => location.hash.startsWith('#/posts') && location.hash.includes('bucket='));
    await page.waitForSelector('.post, .card p');
    check(/bucket=/.test(page.url()), 'a chart point opens the posts of its bucket');

    // The day of the injected thread, as the list behind its chart point.
    await page.goto(`${url}#/posts?granularity=day&bucket=2026-03-05T00:00:00Z&order=oldest`);
    await page.waitForSelector('.post[data-id="evil-1"]');
    const text = await page.locator('.post[data-id="evil-1"] .text').innerText();
    check(text.includes('<script>window.__pwned = "script"</script>'), 'post text with <script> is shown as text');
    check(text.includes('onerror='), 'post text with <img onerror> is shown as text');
    check(await page.locator('.post[data-id="evil-1"] .text a[href="https://example.com/ok"]').count() === 1, 'an http(s) URL in a post is a link');
    await page.screenshot({ path: join(out, 'posts-laptop.png'), fullPage: true });
    await assertInert(page, 'post list');

    // The list's posts, all of them, as the CSV file parley analyze writes.
    const shown = await page.locator('.post').evaluateAll((els) => els.map((e) => e.dataset.id));
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('button.download')]);
    check(file.suggestedFilename() === 'parley-posts.csv', `the download is named parley-posts.csv (${file.suggestedFilename()})`);
    const rows = readFileSync(await file.path(), 'utf8').split('\r\n').filter((l) => l);
    check(rows[0].startsWith('source,id,author,author_name,') && rows[0].includes(',brands,topics,intents,'),
      `the CSV opens with analyze's header (${rows[0]})`);
    const ids = rows.slice(1).map((l) => l.split(',')[1]);
    check(ids.length === shown.length && ids.every((id, i) => id === shown[i]),
      `the CSV holds the list's posts in its order (${ids.join(' ')} vs ${shown.join(' ')})`);
    check(rows.some((l) => l.includes('<script>window.__pwned')), 'the CSV keeps post text as written');
    await assertInert(page, 'post list after the download');

    // The post, then its thread and its author.
    await page.click('.post[data-id="evil-1"] a.open');
    await page.waitForSelector('.post-detail');
    check((await page.locator('.post-detail .author-name').innerText()).includes('<img src=x'), 'an author name with HTML is shown as text');
    await assertInert(page, 'post');
    await page.click('.post-detail a.thread-link');
    await page.waitForSelector('.thread .post');
    check(await page.locator('.thread .post').count() === 3, 'the thread shows its three posts');
    await assertInert(page, 'thread');
    await page.click('.thread .post[data-id="evil-1"] a.author');
    await page.waitForSelector('.author-profile');
    check((await page.locator('.author-profile').innerText()).includes('evil_author'), 'the author profile opens');
    await page.screenshot({ path: join(out, 'author-laptop.png'), fullPage: true });
    await assertInert(page, 'author');
    // A point of the author's chart opens their posts of that day, not everyone's.
    await page.waitForSelector('#author-chart .u-over');
    const abox = await page.locator('#author-chart .u-over').boundingBox();
    await page.mouse.move(abox.x + abox.width * 0.5, abox.y + abox.height / 2);
    await page.mouse.click(abox.x + abox.width * 0.5, abox.y + abox.height / 2);
    await page.waitForFunction(() => location.hash.startsWith('#/posts') && location.hash.includes('author=evil_author'));
    await page.waitForSelector('.post');
    check((await page.locator('.filters').first().innerText()).includes('by @evil_author'), 'the author chart opens their posts');
    check(await page.locator('.post').count() === 2, "the author's day holds their two posts, not everyone's");

    // The channels card: each source's share, and its posts.
    await page.goto(url);
    const channelRow = page.locator('.card:has(h2:text-is("Channels")) .rows li button', { hasText: 'forum' });
    await channelRow.waitFor();
    const channelsText = await page.locator('.card:has(h2:text-is("Channels"))').innerText();
    check(channelsText.includes('web') && channelsText.includes('forum'), 'the channels card lists both sources');
    await channelRow.click();
    await page.waitForFunction(() => location.hash.startsWith('#/posts') && location.hash.includes('source=forum'));
    await page.waitForSelector('.post');
    check(await page.locator('.post').count() === 2, "a channel's row opens its two posts");

    // The intents card (tag rollups) opens an intent's posts.
    await page.goto(url);
    await page.waitForSelector('.card:has(h2:text-is("Intents")) .rows li');
    const aspectRowsShown = await page.locator('.card:has(h2:text-is("Aspects")) .rows li').count();
    check(aspectRowsShown > 0, `the aspects card lists topics (${aspectRowsShown})`);
    const pricesText = await page.locator('.card:has(h2:text-is("Prices"))').innerText();
    check(pricesText.includes('USD') && pricesText.includes('mean 49.00 USD'), 'the prices card shows the currency and its mean amount');
    // The languages card (ingested with --detect-language) opens a language's posts.
    const languagesText = await page.locator('.card:has(h2:text-is("Languages"))').innerText();
    check(languagesText.includes('Ingested with --languages en,es,und: posts in other languages were left out'),
      'the languages card names the --languages filter');
    // Each language by its name and code.
    check(languagesText.includes('English (en)') && languagesText.includes('Spanish (es)'),
      'the languages card names each language');
    await page.locator('.card:has(h2:text-is("Languages")) .rows li button', { hasText: 'Spanish (es)' }).click();
    await page.waitForFunction(() => location.hash.startsWith('#/posts') && location.hash.includes('language=es'));
    await page.waitForSelector('.post');
    check((await page.locator('.filters').first().innerText()).includes('language es'), 'a language row opens its posts');
    check(await page.locator('.post').count() === 1, 'the one Spanish post is listed');
    await page.goto(url);
    await page.waitForSelector('.card:has(h2:text-is("Intents")) .rows li');
    await page.locator('.card:has(h2:text-is("Intents")) .rows li button', { hasText: 'complaint' }).click();
    await page.waitForFunction(() => location.hash.startsWith('#/posts') && location.hash.includes('intent=complaint'));
    await page.waitForSelector('.post');
    check((await page.locator('.filters').first().innerText()).includes('intent complaint'), 'an intent row opens its posts');
    check(await page.locator('.post').count() > 0, 'the complaint posts are listed');

    // What negative posts say: the lexicon's words apart, each opening the
    // negative posts that use it.
    await page.goto(url);
    await page.waitForSelector('.card:has(h2:text-is("What negative posts say")) .sentiment-terms button');
    const said = await page.locator('.card:has(h2:text-is("What negative posts say"))').innerText();
    check(await page.locator('.card:has(h2:text-is("New in negative posts"))').count() === 0,
      'without a range, no card of what is new');
    check(said.includes('Sentiment words') && said.includes('terrible'),
      `the key terms card names the sentiment words apart (${said.replace(/\n/g, ' | ').slice(0, 200)})`);
    const word = page.locator('.card:has(h2:text-is("What negative posts say")) .sentiment-terms button').first();
    const term = await word.innerText();
    await word.click();
    await page.waitForFunction(() => location.hash.startsWith('#/posts') && location.hash.includes('term='));
    await page.waitForSelector('.post');
    const termHead = await page.locator('.filters').first().innerText();
    check(termHead.includes(`using “${term}”`) && termHead.includes('negative only') &&
      termHead.includes('in their own words'), `a key term opens the negative posts it counts (${termHead})`);
    const termPosts = await page.locator('.post .text').allInnerTexts();
    check(termPosts.length > 0 && termPosts.every((t) => t.toLowerCase().includes(term)), 'every post listed uses the term');
    // With a brand picked, what is said of it and not of the others.
    await page.goto(`${url}#/?brand=skyloft`);
    const saidOf = page.locator('.card:has(h2:text-is("Said of skyloft, not of the others"))');
    await saidOf.waitFor();
    await page.waitForFunction(() => {
      const c = [...document.querySelectorAll('.card')].find((e) => e.querySelector('h2')?.textContent === 'Said of skyloft, not of the others');
      return c && !c.textContent.includes('Loading…');
    });
    const saidOfText = await saidOf.innerText();
    check(!/error/i.test(saidOfText) && (/other brands \d/.test(saidOfText) || saidOfText.includes('skyloft’s negative posts apart') || saidOfText.includes('Sentiment words')),
      `with a brand picked, a card says what is said of it and not of the others (${saidOfText.replace(/\n/g, ' | ').slice(0, 240)})`);
    check(await page.locator('.card:has(h2:text-is("Said of skyloft, not of the others"))').count() === 1, 'one such card');

    // What the complaints are about: a topic opens its complaints.
    await page.goto(url);
    const aboutRow = page.locator('.card:has(h2:text-is("What complaints are about")) .rows li button').first();
    await aboutRow.waitFor();
    const aboutTopic = (await aboutRow.innerText()).split('\n')[0].trim();
    await aboutRow.click();
    await page.waitForFunction(() => location.hash.startsWith('#/posts') && location.hash.includes('intent=complaint') && location.hash.includes('topic='));
    await page.waitForSelector('.post');
    const aboutFilters = await page.locator('.filters').first().innerText();
    check(aboutFilters.includes('intent complaint') && aboutFilters.includes(aboutTopic), `a complaint topic opens its complaints (${aboutTopic})`);

    // With a brand picked, the totals are the brand's.
    await page.goto(`${url}#/?brand=skyloft`);
    await page.waitForSelector('.kpis .kpi');
    const brandKpis = await page.locator('.kpis').innerText();
    check(brandKpis.includes('posts in scope'), "the totals card follows the brand picked");
    check(/negative \(corrected; raw \d/.test(brandKpis), `the brand's shares are corrected too (${brandKpis.replace(/\n/g, ' | ')})`);

    // With a topic picked, the totals and the figures file are the topic's.
    await page.goto(`${url}#/?topic=delay`);
    await page.waitForSelector('.kpis .kpi');
    const topicKpis = await page.locator('.kpis').innerText();
    // Every delay post is negative: the correction puts negative above 100%
    // and is clipped, so the raw share stands and says why.
    check(/of [\d,]+ posts/.test(topicKpis) &&
        /negative \(raw: the correction fell outside 0–100% and was clipped/.test(topicKpis) &&
        !/100\.0% \(100\.0%–100\.0%\)/.test(topicKpis),
      `the totals card gives the topic's share of the posts, and raw shares where the correction was clipped (${topicKpis.replace(/\n/g, ' | ')})`);
    const [topicFigures] = await Promise.all([page.waitForEvent('download'), page.click('.filters button.download')]);
    const topicRows = readFileSync(await topicFigures.path(), 'utf8').split('\r\n').filter((l) => l);
    check(topicRows.some((l) => l.startsWith('topic,delay,')) && !topicRows.some((l) => l.startsWith('topics,')),
      "the figures file is the topic's report");

    // The last 7 days, against the 7 days before: each total's change.
    await page.goto(url);
    await page.waitForSelector('.filters select[name="range"]');
    await page.selectOption('.filters select[name="range"]', '7');
    await page.waitForFunction(() => location.hash.includes('from=') && location.hash.includes('to='));
    await page.waitForSelector('.kpis .kpi small');
    const rangeKpis = await page.locator('.kpis').innerText();
    check(/posts an hour vs the 7 days before/.test(rangeKpis) && / pts \([+−]\d/.test(rangeKpis),
      `a range picked compares the totals with the period before (${rangeKpis.replace(/\n/g, ' | ')})`);
    check(await page.locator('.filters select[name="range"]').inputValue() === '7', 'the range picker shows the range');
    await page.waitForSelector('.card:has(h2:text-is("Share of voice")) .rows li .change');
    const sovChanges = await page.locator('.card:has(h2:text-is("Share of voice")) .rows li .change').allInnerTexts();
    check(sovChanges.length > 0 && sovChanges.every((t) => / pts \([+−]\d/.test(t) && / from \d/.test(t)),
      `with a range, share of voice rows give their change from the period before (${sovChanges.join(' | ')})`);
    check(await page.locator('.card:has(h2:text-is("Intents")) .rows li .change').count() > 0,
      'with a range, intents give their change too');
    // (A row absent then counts 0 of it then; an aspect has a change only
    // where its topic was mentioned then.)
    for (const card of ['Top topics', 'Complaint reasons', 'What complaints are about', 'Aspects', 'Prices']) {
      await page.waitForSelector(`.card:has(h2:text-is("${card}")) .rows li`);
      const rows = await page.locator(`.card:has(h2:text-is("${card}")) .rows li`).count();
      const changes = await page.locator(`.card:has(h2:text-is("${card}")) .rows li .change`).allInnerTexts();
      check(rows > 0 && (card === 'Aspects' ? changes.length > 0 : changes.length === rows) && changes.every((t) => / pts \([+−]\d/.test(t)),
        `with a range, each row of ${card} gives its change (${changes.slice(0, 2).join(' | ')})`);
    }
    const aspectChange = await page.locator('.card:has(h2:text-is("Aspects")) .rows li .change').first().innerText();
    check(aspectChange.startsWith('neg '), `an aspect's change is of its negative share (${aspectChange})`);
    // With a range, what the negative posts say now that they did not in
    // the 7 days before: both periods named.
    await page.waitForFunction(() => {
      const c = [...document.querySelectorAll('.card')].find((e) => e.querySelector('h2')?.textContent === 'New in negative posts');
      return c && !c.textContent.includes('Loading…');
    });
    const newTerms = await page.locator('.card:has(h2:text-is("New in negative posts"))').innerText();
    check(/\d negative posts from \d{4}-\d\d-\d\d .* against \d[\d,]* from \d{4}-/.test(newTerms) && !/error/i.test(newTerms),
      `with a range, a card says what is new in the negative posts (${newTerms.replace(/\n/g, ' | ').slice(0, 240)})`);

    // The care queue: marking a post handled asks for the write token once.
    await page.goto(`${url}#/queue`);
    await page.waitForSelector('.queue .post');
    // How the brands answer: a row for all brands, then each.
    const response = await page.locator('table.response').innerText();
    check(response.includes('reply rate') && response.includes('all brands') && /\d+\.\d% \(\d/.test(response),
      `the queue page says how often and how fast brands answer (${response.replace(/\n/g, ' | ').slice(0, 300)})`);
    // ... and per day: the reply rate and the share within an hour, with bands.
    await page.waitForSelector('#response-chart canvas');
    const trendLegend = await page.locator('#response-chart .u-legend').innerText();
    check(trendLegend.includes('reply rate') && trendLegend.includes('answered within 1 hour'),
      `the queue page charts the answers per day (${trendLegend.replace(/\n/g, ' | ').slice(0, 200)})`);
    check(!/all brands/.test(await page.locator('table.response tbody tr').nth(1).innerText()) &&
        (await page.locator('table.response tbody tr').count()) < 10,
      'the answers table has one row a brand, not a row a day');
    const first = page.locator('.queue .post').first();
    const id = await first.getAttribute('data-id');
    await first.locator('button.mark').click();
    await page.waitForSelector('.token-form');
    await page.fill('.token-form input', WRITE_TOKEN);
    await page.click('.token-form button');
    await page.waitForFunction((i) => document.querySelector(`.queue .post[data-id="${i}"] .status`)?.textContent.includes('handled'), id);
    await page.goto(`${url}#/influencers`);
    await page.waitForSelector('table.list tbody tr');
    await page.goto(`${url}#/queue`);
    await page.waitForSelector('.queue .post');
    check(await page.locator(`.queue .post[data-id="${id}"]`).count() === 0, 'a post marked handled leaves the care queue');
    // The queue as a file: every waiting post, in the list's order.
    const listed = await page.locator('.queue .post').evaluateAll((els) => els.map((e) => e.dataset.id));
    const [queueFile] = await Promise.all([page.waitForEvent('download'), page.click('button.download')]);
    check(queueFile.suggestedFilename() === 'parley-queue.csv', `the queue download is named parley-queue.csv (${queueFile.suggestedFilename()})`);
    const queueRows = readFileSync(await queueFile.path(), 'utf8').split('\r\n').filter((l) => l);
    check(queueRows[0].startsWith('rank,priority,source,id,'), `the queue CSV opens with its header (${queueRows[0]})`);
    const queued = queueRows.slice(1).map((l) => l.split(',')[3]);
    check(listed.every((i, k) => queued[k] === i) && !queued.includes(id),
      `the queue CSV lists the queue's posts in its order, not the one handled (${queued.join(' ')} vs ${listed.join(' ')})`);
    await page.screenshot({ path: join(out, 'queue-laptop.png'), fullPage: false });
    await assertInert(page, 'queue');

    // The phone layout: no sideways scrolling.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    phone.on('pageerror', (e) => errors.push(e.message));
    await phone.goto(url);
    await phone.waitForSelector('#volume-chart .u-over');
    await phone.waitForSelector('.rows li');
    await phone.screenshot({ path: join(out, 'overview-phone.png'), fullPage: true });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, `the overview fits a phone's width (overflow ${overflow}px)`);
    await phone.goto(`${url}#/posts?granularity=day&bucket=2026-03-05T00:00:00Z`);
    await phone.waitForSelector('.post[data-id="evil-1"]');
    await phone.screenshot({ path: join(out, 'posts-phone.png'), fullPage: true });
    await assertInert(phone, 'phone post list');

    // A browser in Los Angeles may read the overview on its own clock: the
    // days are then Los Angeles days (UTC instants of its midnights, 08:00Z
    // in winter, 07:00Z once the clocks go forward on 2026-03-08), and a
    // point's posts are those of that day there, their times on that clock.
    const la = await browser.newContext({ viewport: { width: 1366, height: 900 }, timezoneId: 'America/Los_Angeles' });
    const local = await la.newPage();
    local.on('pageerror', (e) => errors.push(e.message));
    await local.goto(url);
    await local.waitForSelector('#volume-chart .u-over');
    const clockOptions = await local.locator('#clock option').allInnerTexts();
    check(clockOptions.includes('UTC') && clockOptions.includes('America/Los_Angeles (this browser)'),
      `the clock offers UTC and the browser's zone (${clockOptions.slice(0, 3).join(', ')}, …)`);
    const localSeries = local.waitForResponse((r) => r.url().includes('/api/series') && r.url().includes('tz=America%2FLos_Angeles'));
    await local.selectOption('#clock', 'America/Los_Angeles');
    const buckets = (await (await localSeries).json()).points.map((p) => p.bucket);
    check(buckets[0] === '2026-03-01T08:00:00Z' && buckets.includes('2026-03-08T08:00:00Z') && buckets.includes('2026-03-09T07:00:00Z'),
      `on Los Angeles' clock the days are its days (${buckets.slice(0, 2).join(', ')} … ${buckets.slice(-2).join(', ')})`);
    await local.waitForSelector('#volume-chart .u-over');
    await local.goto(`${url}#/posts?granularity=day&bucket=2026-03-05T08:00:00Z&tz=America/Los_Angeles&order=oldest`);
    await local.waitForSelector('.post[data-id="evil-1"]');
    const localHead = await local.locator('.filters').first().innerText();
    check(localHead.includes('the day of 2026-03-05 00:00:00 PST'), `a Los Angeles day's posts say so (${localHead})`);
    const localTime = await local.locator('.post[data-id="evil-1"]').innerText();
    check(localTime.includes('2026-03-05 02:00:00 PST'), 'a post\'s time is shown on the chosen clock');
    await local.screenshot({ path: join(out, 'posts-local-clock.png'), fullPage: false });
    const authorReply = local.waitForResponse((r) => r.url().includes('/api/authors/') && r.url().includes('tz=America%2FLos_Angeles'));
    await local.goto(`${url}#/author/web/evil_author`);
    const trajectory = (await (await authorReply).json()).trajectory.map((t) => t.bucket_start);
    check(trajectory.length === 1 && trajectory[0] === '2026-03-05T08:00:00Z',
      `an author's days are the clock's too (${trajectory.join(', ')})`);
    await local.waitForSelector('#author-chart .u-over');

    // Any other zone the browser knows is on the menu too: on India's clock
    // (half an hour off UTC) the days begin at 18:30Z, and a post at 10:00Z
    // is shown at 15:30 there. (Chromium names the zone by its older name,
    // Asia/Calcutta, as ICU's canonical one; the server takes both.)
    await local.goto(url);
    await local.waitForSelector('#volume-chart .u-over');
    // The menu offers only zones the server takes (a browser may know newer
    // ones than the server's ICU: Chromium's America/Ciudad_Juarez).
    await local.waitForSelector('#clock[data-zones="server"]');
    const servedZones = new Set((await (await fetch(`${url}api/time_zones`)).json()).time_zones);
    const offered = await local.locator('#clock option').evaluateAll((os) => os.map((o) => o.value));
    const unserved = offered.filter((z) => !servedZones.has(z));
    check(servedZones.size > 400 && unserved.length === 0,
      `the clock offers only zones the server takes (${offered.length} of them; not taken: ${unserved.join(', ')})`);
    const otherZones = await local.locator('#clock optgroup option').allInnerTexts();
    const india = otherZones.find((z) => z === 'Asia/Kolkata' || z === 'Asia/Calcutta');
    check(otherZones.length > 100 && india && !otherZones.includes('America/Los_Angeles'),
      `the clock offers the browser's other zones (${otherZones.length}, India's ${india})`);
    const indiaSeries = local.waitForResponse((r) => r.url().includes('/api/series') && r.url().includes(`tz=${encodeURIComponent(india)}`));
    await local.selectOption('#clock', india);
    const indiaBuckets = (await (await indiaSeries).json()).points.map((p) => p.bucket);
    check(indiaBuckets.length > 0 && indiaBuckets.every((b) => b.endsWith('T18:30:00Z')),
      `on India's clock the days begin at its midnight (${indiaBuckets.slice(0, 2).join(', ')})`);
    await local.goto(`${url}#/posts?granularity=day&bucket=2026-03-04T18:30:00Z&tz=${india}&order=oldest`);
    await local.waitForSelector('.post[data-id="evil-1"]');
    const indiaTime = await local.locator('.post[data-id="evil-1"]').innerText();
    check(indiaTime.includes('2026-03-05 15:30:00'), `a post's time is shown on any zone's clock (${indiaTime.split('\n')[0]})`);
    await la.close();

    // Last, as it changes the counts: a post with no lang, posted to this
    // server (which does not detect languages), has none, and the languages
    // card says how many posts have none.
    const posted = await fetch(`${url}api/posts`, {
      method: 'POST',
      headers: { 'Authorization': `Bearer ${WRITE_TOKEN}`, 'Content-Type': 'application/x-ndjson' },
      body: JSON.stringify({ id: 'nolang-1', author: 'user7', created_at: '2026-03-07T10:00:00Z', text: 'the crew was lovely' }) + '\n',
    });
    check(posted.status === 200, `a post is accepted by POST /api/posts (${posted.status})`);
    await page.goto(url);
    await page.waitForSelector('.card:has(h2:text-is("Languages")) .languages-without');
    const withoutText = await page.locator('.card:has(h2:text-is("Languages"))').innerText();
    check(withoutText.includes('1 post has no language counted'), 'the languages card counts the posts without a language');
  } finally {
    await browser.close();
    proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
  check(dialogs.length === 0, `no dialog opened (${dialogs.join(', ')})`);
  check(errors.length === 0, `no script error in the page (${errors.join('; ')})`);
  console.log(`screenshots in ${out}`);
  if (failures.length) {
    console.log(`${failures.length} checks failed`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
