// `npm run bench`: builds Steward, then measures its browser members against peers in the same run:
//   1. read_page {filter:'all'} vs Playwright's locator('body').ariaSnapshot(): time and characters;
//   2. read_page coverage of the interactive nodes in Chromium's accessibility tree;
//   3. left_click by ref vs puppeteer's ElementHandle.click();
//   4. screenshot vs the raw chrome.tabs.captureVisibleTab it competes with.
// Every figure is a median over BENCH_REPS runs (default 7) after BENCH_WARMUPS (default 2) discarded
// ones, with p25–p75 beside it. Results go to the console and to bench/results.{json,md}.
// BENCH_REPS, BENCH_WARMUPS, BENCH_CHEAP_REPS and BENCH_ONLY (a regex on page labels/member names) adjust a run.
// Only localhost is contacted: the pages come from a server this script starts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { axInteractive, describeMisses, matchCoverage, refLines } from './lib/coverage.mjs';
import { COUNTER_PAGE, generatePage } from './lib/generate.mjs';
import { judge, markdownTable } from './lib/report.mjs';
import { machineInfo, machineText, resultsMarkdown } from './lib/results-file.mjs';
import { alternate as alternateRounds, check, errorRow as failedRow, failure, message, pairRow as rowOf } from './lib/rounds.mjs';
import { listHtml, startServer } from './lib/server.mjs';
import { timed, withTimeout } from './lib/stats.mjs';
import { CHROMIUM, CHROMIUM_ARGS, captureVisibleTab, jpegSize, launchSteward, notImplemented, runMember, tabFor } from './lib/steward.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'pages');
const OUT_JSON = join(ROOT, 'bench', 'results.json');
const OUT_MD = join(ROOT, 'bench', 'results.md');

const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 7));
const WARMUPS = Math.max(0, Number(process.env.BENCH_WARMUPS ?? 2));
const SIZES = [1_000, 10_000, 50_000];
const VIEWPORT = { width: 1280, height: 800 };
/** Chrome allows two captureVisibleTab calls a second; spacing every screenshot call keeps both sides alike. */
const CAPTURE_GAP_MS = 600;
/** No new round starts after this; the watchdog below ends the run regardless shortly before 10 minutes. */
const BUDGET_MS = 8 * 60_000;
const WATCHDOG_MS = 9 * 60_000 + 30_000;
/** Per measurement: past this, stop at MIN_REPS kept runs; a first round slower than SLOW_ROUND_MS is the only warm-up. */
const MEASURE_BUDGET_MS = 45_000;
const MIN_REPS = Math.min(3, REPS);
const SLOW_ROUND_MS = 4_000;
/**
 * Clicks and screenshots take tens of milliseconds and swing with the machine's load (which other work
 * on this shared machine drives), so they get more runs than read_page: the medians move less.
 */
const CHEAP_REPS = Math.max(REPS, Number(process.env.BENCH_CHEAP_REPS ?? 15));
const PAGE_LOAD_TIMEOUT_MS = 60_000;
const PEER_TIMEOUT_MS = 90_000;

/** BENCH_ONLY=<regex> runs only the measurements whose page label (or member name) matches: for working on the bench. */
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const wanted = (label) => !ONLY || ONLY.test(label);

const TARGETS = {
  time: { kind: 'ratio', value: 0.5 },
  chars: { kind: 'ratio', value: 0.7 },
  coverage: { kind: 'coverage', value: 1 },
  click: { kind: 'ratio', value: 1.2 },
  screenshot: { kind: 'ratio', value: 1.3 },
};

const started = Date.now();
const overBudget = () => Date.now() - started > BUDGET_MS;
const rows = [];
const notes = [];
const coverage = {};
const availability = {};
let machine;
let stewardSession;
let peerBrowser;
let server;
let buildDir;

/** The limits alternate() and pairRow() work to. */
const PLAN = { reps: REPS, warmups: WARMUPS, minReps: MIN_REPS, measureBudgetMs: MEASURE_BUDGET_MS, slowRoundMs: SLOW_ROUND_MS, overBudget };
const alternate = (sides) => alternateRounds(PLAN, sides);
const pairRow = (spec) => rowOf(PLAN, spec);
const errorRow = (measure, page, error) => failedRow(notes, measure, page, error);

const log = (...args) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...args);

/**
 * Builds Steward with `npm run build`, into a private directory rather than dist/: other people build
 * dist/ while they work, and Chrome reads an unpacked extension's files lazily, so a rebuild of dist/ in
 * the middle of a run swaps the files under the loaded extension ("Could not load file ..."). Falls back
 * to a copy of dist/ if the build fails. Returns the directory to install, or null.
 */
async function build(dir) {
  log(`npm run build (into ${dir})`);
  const built = spawnSync('npm', ['run', 'build', '--', '--outDir', dir, '--emptyOutDir'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  if (built.status === 0 && existsSync(join(dir, 'manifest.json'))) return dir;
  const output = `${built.stdout ?? ''}\n${built.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
  console.error(`npm run build failed (status ${built.status}):\n${output}`);
  if (!existsSync(join(DIST, 'manifest.json'))) return null;
  notes.push('npm run build failed; measured a copy of the dist/ left by an earlier build.');
  await rm(dir, { recursive: true, force: true });
  await cp(DIST, dir, { recursive: true });
  return dir;
}

/** Loads `url` in both browsers and returns Steward's tab ids for it. */
async function open(url) {
  const { worker, page } = stewardSession;
  const response = await page.goto(url, { waitUntil: 'load', timeout: PAGE_LOAD_TIMEOUT_MS });
  if (response && !response.ok()) throw new Error(`${url} answered ${response.status()}`);
  if (peerBrowser) await peerBrowser.page.goto(url, { waitUntil: 'load', timeout: PAGE_LOAD_TIMEOUT_MS });
  return tabFor(worker, url);
}

/** Measures 1 and 2 on one page. */
async function benchReadPage(path, label) {
  const url = `${server.url}${path}`;
  log(`read_page: ${label}`);
  const { worker, page } = stewardSession;
  let tab;
  try {
    tab = await open(url);
  } catch (error) {
    notes.push(`Skipped ${label}: ${message(error)}`);
    rows.push(errorRow('read_page', label, error));
    return;
  }
  log('  loaded');
  let lastText = '';
  const result = await alternate({
    steward: async () => {
      const r = check('read_page', await runMember(worker, tab.tabId, 'read_page', { filter: 'all' }));
      lastText = r.text;
      return { ms: r.ms, wallMs: r.wallMs, chars: r.text.length };
    },
    peer: async () => {
      if (!peerBrowser) throw new Error('Playwright did not launch');
      const { ms, value } = await timed(() => withTimeout(peerBrowser.page.locator('body').ariaSnapshot({ timeout: PEER_TIMEOUT_MS }), PEER_TIMEOUT_MS, 'ariaSnapshot'));
      return { ms, chars: value.length };
    },
  });
  log(`  timed ${result.rounds} runs; coverage next`);
  const cut = /\[Output cut at/.test(lastText) ? ['read_page output hit its 50,000-character cap'] : [];
  rows.push(pairRow({ measure: 'read_page time (in worker)', page: label, unit: 'ms', target: TARGETS.time, result, pickSteward: (s) => s.ms, pickPeer: (s) => s.ms }));
  rows.push(pairRow({ measure: 'read_page time (Node wall)', page: label, unit: 'ms', target: null, result, pickSteward: (s) => s.wallMs, pickPeer: (s) => s.ms }));
  rows.push(pairRow({ measure: 'read_page characters', page: label, unit: 'chars', target: TARGETS.chars, result, pickSteward: (s) => s.chars, pickPeer: (s) => s.chars, rowNotes: cut }));

  // Coverage, from the last read_page text and the AX tree of the same tab.
  if (!lastText) {
    rows.push({ measure: 'read_page coverage', page: label, stewardStatus: result.stewardError ? failure(result.stewardError) : 'error', peerStatus: '—', ratio: null, met: null, notes: ['no read_page output'] });
    return;
  }
  try {
    const ax = await withTimeout(axInteractive(page), PEER_TIMEOUT_MS, 'Accessibility.getFullAXTree');
    const matched = matchCoverage(ax, refLines(lastText));
    const misses = await describeMisses(page, matched.misses);
    const byRole = {};
    for (const miss of matched.misses) byRole[miss.role] = (byRole[miss.role] ?? 0) + 1;
    const roles = Object.entries(byRole).sort((a, b) => b[1] - a[1]).map(([role, n]) => `${role} ${n}`).join(', ');
    coverage[label] = { total: matched.total, matched: matched.matched, refLines: refLines(lastText).length, missedTotal: matched.misses.length, missedByRole: byRole, misses };
    const row = {
      measure: 'read_page coverage',
      page: label,
      // Past the 50,000-character cap read_page gives no refs by contract: coverage is judged on pages that fit.
      target: cut.length ? null : TARGETS.coverage,
      display: { steward: `${matched.matched} matched`, peer: `${matched.total} AX nodes` },
      ratio: matched.total ? matched.matched / matched.total : 1,
      notes: [...cut, ...(matched.misses.length ? [`${matched.misses.length} missed (${roles}), e.g. ${misses.slice(0, 2).map((m) => `${m.role} "${m.name}"`).join(', ')}`] : [])],
    };
    rows.push(judge(row));
  } catch (error) {
    rows.push(errorRow('read_page coverage', label, error));
  }
}

/** Measure 3: left_click by ref vs puppeteer's ElementHandle.click() on a counter button. */
async function benchClick() {
  log('left_click');
  const { worker, page } = stewardSession;
  const label = 'bench counter';
  try {
    const tab = await open(`${server.url}/__bench/counter.html`);
    const read = check('read_page', await runMember(worker, tab.tabId, 'read_page', { filter: 'all' }));
    const ref = /button "Bump counter" \[(ref_\d+)\]/.exec(read.text)?.[1];
    if (!ref) throw new Error(`read_page gave the button no ref:\n${read.text.slice(0, 300)}`);
    const handle = await page.$('#bump');
    let clicks = 0;
    const result = await alternate({
      reps: CHEAP_REPS,
      steward: async () => {
        const r = check('left_click', await runMember(worker, tab.tabId, 'left_click', { target: { type: 'ref', ref } }));
        clicks++;
        return { ms: r.ms, wallMs: r.wallMs };
      },
      peer: async () => {
        const { ms } = await timed(() => withTimeout(handle.click(), PEER_TIMEOUT_MS, 'ElementHandle.click'));
        clicks++;
        return { ms };
      },
    });
    const count = Number(await page.$eval('#count', (output) => output.textContent));
    const verified = count === clicks ? [`counter shows all ${clicks} clicks`] : [`counter shows ${count} but ${clicks} clicks were made`];
    if (count !== clicks) notes.push(`left_click: ${verified[0]}`);
    await handle.dispose();
    rows.push(pairRow({ measure: 'left_click (in worker)', page: label, unit: 'ms', target: TARGETS.click, result, pickSteward: (s) => s.ms, pickPeer: (s) => s.ms, rowNotes: verified }));
    rows.push(pairRow({ measure: 'left_click (Node wall)', page: label, unit: 'ms', target: null, result, pickSteward: (s) => s.wallMs, pickPeer: (s) => s.ms }));
  } catch (error) {
    rows.push(errorRow('left_click', label, error));
  }
}

/** Measure 4: screenshot vs the raw captureVisibleTab, both timed inside the worker. */
async function benchScreenshot(path, label) {
  log('screenshot');
  const { worker, page } = stewardSession;
  try {
    const tab = await open(`${server.url}${path}`);
    const sizes = { steward: null, peer: null };
    const result = await alternate({
      reps: CHEAP_REPS,
      gapMs: CAPTURE_GAP_MS,
      steward: async () => {
        const r = check('screenshot', await runMember(worker, tab.tabId, 'screenshot', {}));
        const image = r.images[0];
        if (!image) throw new Error('screenshot returned no image');
        sizes.steward = { ...jpegSize(image.head), bytes: Math.round((image.length * 3) / 4) };
        return { ms: r.ms, wallMs: r.wallMs };
      },
      peer: async () => {
        const r = await captureVisibleTab(worker, tab.windowId);
        sizes.peer = { ...jpegSize(r.head), bytes: Math.round((r.length * 3) / 4) };
        return { ms: r.ms, wallMs: r.wallMs };
      },
    });
    const describe = (s) => (s ? `${s.width}x${s.height}, ${Math.round(s.bytes / 1024)} KiB` : 'no image');
    if (result.peerError) notes.push(`captureVisibleTab failed, so screenshot has no ratio against it: ${message(result.peerError)}`);
    const sizeNote = [`steward ${describe(sizes.steward)}; captureVisibleTab ${describe(sizes.peer)}`];
    rows.push(pairRow({ measure: 'screenshot (in worker)', page: label, unit: 'ms', target: TARGETS.screenshot, result, pickSteward: (s) => s.ms, pickPeer: (s) => s.ms, rowNotes: sizeNote }));
    rows.push(pairRow({ measure: 'screenshot (Node wall)', page: label, unit: 'ms', target: null, result, pickSteward: (s) => s.wallMs, pickPeer: (s) => s.wallMs }));

    // A second, informational peer that needs no extension permission: puppeteer's page.screenshot (CDP
    // Page.captureScreenshot, JPEG quality 80 like Steward), timed from Node.
    const cdpResult = await alternate({
      reps: CHEAP_REPS,
      steward: async () => {
        const r = check('screenshot', await runMember(worker, tab.tabId, 'screenshot', {}));
        return { ms: r.ms, wallMs: r.wallMs };
      },
      peer: async () => {
        const { ms } = await timed(() => withTimeout(page.screenshot({ type: 'jpeg', quality: 80 }), PEER_TIMEOUT_MS, 'page.screenshot'));
        return { ms };
      },
    });
    rows.push(pairRow({ measure: 'screenshot vs puppeteer page.screenshot', page: label, unit: 'ms', target: null, result: cdpResult, pickSteward: (s) => s.ms, pickPeer: (s) => s.ms, rowNotes: ['steward in worker, peer from Node'] }));
  } catch (error) {
    rows.push(errorRow('screenshot', label, error));
  }
}

/** Which members answer at all: recorded so a reader knows why a row says n/a. */
async function probeMembers(path) {
  const { worker } = stewardSession;
  const tab = await open(`${server.url}${path}`);
  const probes = { read_page: {}, screenshot: {}, left_click: { target: { type: 'ref', ref: 'ref_999999' } }, find: { query: 'a button' } };
  for (const [name, input] of Object.entries(probes)) {
    try {
      const r = await runMember(worker, tab.tabId, name, input);
      availability[name] = notImplemented(r) ? `not implemented: ${r.text.slice(0, 160)}` : r.isError ? `answers with an error to the probe input ${JSON.stringify(input)}: ${r.text.slice(0, 160)}` : 'answers';
    } catch (error) {
      availability[name] = `error: ${message(error)}`;
    }
  }
}

let finished = false;
/** Closes everything and writes the results; safe to call twice (the watchdog may race the normal end). */
async function finish(exitCode) {
  if (finished) return;
  finished = true;
  // Bounded: a browser that will not close must not keep the run past its 10 minutes. Both libraries kill
  // the Chromium they launched when this process exits.
  await withTimeout(Promise.allSettled([stewardSession?.browser.close(), peerBrowser?.browser.close(), server?.close()]), 20_000, 'closing the browsers').catch((error) =>
    notes.push(message(error)),
  );
  if (buildDir) await rm(buildDir, { recursive: true, force: true }).catch(() => undefined);
  if (machine) machine.loadEnd = os.loadavg();
  const durationMs = Date.now() - started;
  // Table order follows the issue's list: read_page rows first, then left_click, then screenshot.
  const rank = (row) => (row.measure.startsWith('read_page') ? 0 : row.measure.startsWith('left_click') ? 1 : 2);
  const ordered = rows.map((row, index) => ({ row, index })).sort((a, b) => rank(a.row) - rank(b.row) || a.index - b.index).map(({ row }) => row);
  const table = markdownTable(ordered);
  const results = {
    startedAt: new Date(started).toISOString(),
    durationMs,
    config: { reps: REPS, warmups: WARMUPS, viewport: VIEWPORT, sizes: SIZES, captureGapMs: CAPTURE_GAP_MS },
    machine,
    availability,
    rows: ordered,
    coverage,
    notes,
  };
  const md = resultsMarkdown(results, table, { reps: REPS, warmups: WARMUPS, cheapReps: CHEAP_REPS, minReps: MIN_REPS, slowRoundMs: SLOW_ROUND_MS, measureBudgetMs: MEASURE_BUDGET_MS, captureGapMs: CAPTURE_GAP_MS, viewport: VIEWPORT });
  try {
    await writeFile(OUT_JSON, `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(OUT_MD, `${md}\n`);
  } catch (error) {
    console.error(`Could not write results: ${message(error)}`);
    exitCode = 1;
  }
  console.log(`\n${machineText(machine)}\n\n${table}\n`);
  if (notes.length) console.log(`Notes:\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
  console.log(`Wrote bench/results.json and bench/results.md in ${(durationMs / 1000).toFixed(1)} s.`);
  process.exit(exitCode);
}

async function main() {
  const watchdog = setTimeout(() => {
    notes.push(`Watchdog: the run was stopped at ${WATCHDOG_MS / 1000} s; later measurements are missing.`);
    void finish(0);
  }, WATCHDOG_MS);
  watchdog.unref();

  buildDir = await mkdtemp(join(os.tmpdir(), 'steward-bench-'));
  if (!(await build(buildDir))) {
    console.error('No build of Steward to measure: the harness cannot go on.');
    await finish(1);
    return;
  }
  machine = machineInfo(ROOT);

  const generated = new Map([['/__bench/counter.html', COUNTER_PAGE]]);
  const generatedPages = [];
  for (const size of SIZES) {
    const { html, elements } = generatePage(size, size);
    const path = `/__bench/generated-${size / 1000}k.html`;
    generated.set(path, html);
    generatedPages.push({ path, label: `generated ${size / 1000}k (${elements.toLocaleString('en-US')} elements, ${Math.round(html.length / 1024)} KiB)` });
  }
  server = await startServer(FIXTURES, generated);
  const fixturePages = await listHtml(FIXTURES).catch((error) => {
    notes.push(`Could not list ${FIXTURES}: ${message(error)}`);
    return [];
  });
  log(`server ${server.url}; fixture pages: ${fixturePages.join(', ') || 'none'}`);

  const [stewardLaunch, peerLaunch] = await Promise.allSettled([
    launchSteward(buildDir),
    (async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: VIEWPORT });
      return { browser, page: await context.newPage() };
    })(),
  ]);
  if (peerLaunch.status === 'fulfilled') {
    peerBrowser = peerLaunch.value;
    machine.playwrightChromium = `Chromium ${peerBrowser.browser.version()}`;
  } else {
    notes.push(`Playwright did not launch: ${message(peerLaunch.reason)}`);
  }
  if (stewardLaunch.status === 'rejected') {
    notes.push(`Steward did not load into Chromium: ${message(stewardLaunch.reason)}`);
    console.error(stewardLaunch.reason);
    // Nothing of Steward's can be measured; a broken extension is a result, a browser that cannot start is not.
    await finish(peerBrowser ? 0 : 1);
    return;
  }
  stewardSession = stewardLaunch.value;
  machine.chromium = (await stewardSession.browser.version()).replace(/^(Headless)?Chrome\//, 'Chromium ');
  await stewardSession.page.setViewport(VIEWPORT);

  await probeMembers(generatedPages[0].path).catch((error) => notes.push(`Member probe failed: ${message(error)}`));
  log(`members: ${JSON.stringify(availability)}`);

  // Cheap measurements first, so that if the run's budget runs out it is the heaviest pages that lose runs.
  if (wanted('left_click')) await benchClick();
  if (wanted('screenshot')) await benchScreenshot(generatedPages[0].path, generatedPages[0].label.split(' (')[0]);
  for (const path of fixturePages) if (wanted(`fixture ${path.slice(1)}`)) await benchReadPage(path, `fixture ${path.slice(1)}`);
  for (const { path, label } of generatedPages) if (wanted(label)) await benchReadPage(path, label);
  if (overBudget()) notes.push('The time budget ran out: some measurements have fewer runs than asked (see their notes).');
  await finish(0);
}

main().catch(async (error) => {
  console.error('The bench harness failed:', error);
  notes.push(`Harness failure: ${message(error)}`);
  await finish(1);
});
