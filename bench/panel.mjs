// `npm run bench` (after bench/run.mjs): the side panel's weight and the service worker's cold start.
//   1. The panel's JavaScript, gzipped (level 9), from the built dist/: what loads when the panel opens
//      (its entry and static imports), what the first result adds (the markdown renderer), and every
//      chunk the panel can ever load (routine form, GIF encoder). Goal: ≤ 60 KB at open and with a result.
//   2. The worker's cold start: the worker is stopped (CDP ServiceWorker.stopWorker), then the open
//      side panel sends one request (settings.get); timed in the panel from the send to the answer.
//      Median of BENCH_COLD_REPS (default 7), after one discarded run, with p25–p75.
// Writes bench/panel-results.json and bench/panel-results.md. Only localhost is contacted.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer';
import { CHROMIUM, CHROMIUM_ARGS } from './lib/steward.mjs';
import { summarize } from './lib/stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const REPS = Math.max(1, Number(process.env.BENCH_COLD_REPS ?? 7));
const PANEL_BUDGET_KB = 60;

const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;

/** The chunks a module imports, statically (`from"./x.js"`, `import"./x.js"`) and lazily (`import("./x.js")`). */
function importsOf(file) {
  const code = readFileSync(join(DIST, file), 'utf8');
  const resolve = (spec) => normalize(join(dirname(file), spec));
  const statics = [...code.matchAll(/(?:from|import)\s*["'`](\.\.?\/[^"'`]+\.js)["'`]/g)].map((m) => resolve(m[1]));
  const lazies = [...code.matchAll(/import\(\s*["'`](\.\.?\/[^"'`]+\.js)["'`]\s*\)/g)].map((m) => resolve(m[1]));
  return { statics, lazies };
}

function staticClosure(entries) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of importsOf(file).statics) visit(next);
  };
  for (const entry of entries) visit(entry);
  return seen;
}

function gzipped(files) {
  return [...files].reduce((sum, file) => sum + gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length, 0);
}

export function panelWeight() {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
  const html = readFileSync(join(DIST, manifest.side_panel.default_path), 'utf8');
  const entries = [...html.matchAll(/<script[^>]*src="\/?([^"]+\.js)"/g)].map((m) => m[1]);
  const atOpen = staticClosure(entries);
  const lazy = [...atOpen].flatMap((file) => importsOf(file).lazies);
  const markdown = lazy.filter((file) => /render-markdown/.test(file));
  const withResult = new Set([...atOpen, ...staticClosure(markdown)]);
  const all = new Set(atOpen);
  for (let grew = true; grew; ) {
    grew = false;
    for (const file of [...all]) {
      for (const next of [...importsOf(file).statics, ...importsOf(file).lazies]) {
        if (!all.has(next)) {
          all.add(next);
          grew = true;
        }
      }
    }
  }
  const chunks = [...all].map((file) => ({ file, gzipKB: kb(gzipped([file])), atOpen: atOpen.has(file) }));
  return {
    atOpenKB: kb(gzipped(atOpen)),
    withResultKB: kb(gzipped(withResult)),
    allKB: kb(gzipped(all)),
    zodAtOpen: [...atOpen].some((file) => readFileSync(join(DIST, file), 'utf8').includes('ZodError')),
    chunks,
  };
}

/** Launches Chromium with Steward from `dir`, without puppeteer attaching to the worker (it would hold a restarted worker at "waiting for debugger"). */
async function launch(dir) {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    enableExtensions: true,
    args: CHROMIUM_ARGS,
    targetFilter: (target) => target.type() !== 'service_worker',
  });
  const id = await browser.installExtension(dir);
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.goto('about:blank');
  const extension = (await browser.extensions()).get(id);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const isPanel = (target) => target.url().startsWith(`chrome-extension://${id}/${manifest.side_panel.default_path}`);
  // The worker sets the toolbar button to open the panel as it starts: try until it does.
  for (let attempt = 0; ; attempt++) {
    const opened = browser.waitForTarget(isPanel, { timeout: 2_000 }).catch(() => null);
    await extension.triggerAction(page).catch(() => undefined);
    const target = await opened;
    if (target) {
      const panel = await target.asPage();
      await panel.waitForFunction(() => typeof chrome !== 'undefined' && !!chrome.runtime?.sendMessage);
      return { browser, page, panel, id };
    }
    if (attempt > 15) throw new Error('The side panel never opened.');
  }
}

export async function coldStart(dir) {
  const { browser, page, panel, id } = await launch(dir);
  try {
    const session = await page.createCDPSession();
    let versionId;
    let status = '';
    const waiters = new Set();
    session.on('ServiceWorker.workerVersionUpdated', (event) => {
      for (const version of event.versions) {
        if (!version.scriptURL.startsWith(`chrome-extension://${id}/`)) continue;
        versionId = version.versionId;
        status = version.runningStatus;
      }
      for (const wake of [...waiters]) wake();
    });
    const reached = (wanted) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`The worker never reached "${wanted}" (is "${status}")`)), 20_000);
        const check = () => {
          if (status !== wanted) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    await session.send('ServiceWorker.enable');
    const runs = [];
    for (let round = 0; round <= REPS; round++) {
      await reached('running');
      // Let the panel's port settle after the previous wake.
      await panel.evaluate(() => chrome.runtime.sendMessage({ type: 'settings.get' }));
      await session.send('ServiceWorker.stopWorker', { versionId });
      await reached('stopped');
      const ms = await panel.evaluate(async () => {
        const start = performance.now();
        const reply = await chrome.runtime.sendMessage({ type: 'settings.get' });
        if (!reply?.ok) throw new Error(`settings.get failed: ${JSON.stringify(reply)}`);
        return performance.now() - start;
      });
      if (round > 0) runs.push(ms);
    }
    return { runs: runs.map((ms) => Math.round(ms * 10) / 10), ...summarize(runs) };
  } finally {
    await browser.close().catch(() => undefined);
  }
}

async function main() {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error('dist/ is missing: run `npm run build` first.');
  const weight = panelWeight();
  console.log(`panel JS gzipped: ${weight.atOpenKB} KB at open, ${weight.withResultKB} KB with a result shown, ${weight.allKB} KB for every chunk it can load (goal ≤ ${PANEL_BUDGET_KB} KB); zod at open: ${weight.zodAtOpen ? 'yes' : 'no'}`);
  // A copy: others rebuild dist/ while they work, and Chrome reads an unpacked extension's files lazily.
  const dir = await mkdtemp(join(os.tmpdir(), 'steward-panel-bench-'));
  let cold;
  try {
    await cp(DIST, dir, { recursive: true });
    cold = await coldStart(dir);
    console.log(`worker cold start (stop -> first message answered): median ${cold.median.toFixed(1)} ms (p25 ${cold.p25.toFixed(1)}, p75 ${cold.p75.toFixed(1)}), ${cold.runs.length} runs`);
  } catch (error) {
    cold = { error: String(error instanceof Error ? error.message : error) };
    if (process.env.BENCH_DEBUG) console.error(error);
    console.error('Cold start not measured:', cold.error);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const results = { at: new Date().toISOString(), panel: weight, coldStart: cold };
  await writeFile(join(ROOT, 'bench', 'panel-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const rows = weight.chunks.map((c) => `| ${c.file} | ${c.gzipKB} | ${c.atOpen ? 'at open' : 'on demand'} |`).join('\n');
  const coldLine = 'error' in cold ? `not measured: ${cold.error}` : `median **${cold.median.toFixed(1)} ms** (p25 ${cold.p25.toFixed(1)}, p75 ${cold.p75.toFixed(1)}; runs ${cold.runs.join(', ')})`;
  await writeFile(
    join(ROOT, 'bench', 'panel-results.md'),
    `# Side panel weight and worker cold start (${results.at})\n\nWritten by \`node bench/panel.mjs\` (part of \`npm run bench\`).\n\n` +
      `- Panel JavaScript, gzipped: **${weight.atOpenKB} KB** when it opens, **${weight.withResultKB} KB** once a result is shown (markdown renderer), ${weight.allKB} KB for every chunk it can load (routine form, GIF export). Goal: ≤ ${PANEL_BUDGET_KB} KB. zod at open: ${weight.zodAtOpen ? 'yes' : 'no'}.\n` +
      `- Worker cold start, from ServiceWorker.stopWorker to the panel's first request answered (settings.get): ${coldLine}.\n\n` +
      `| chunk | gzip KB | loaded |\n| --- | --- | --- |\n${rows}\n`,
  );
  console.log('Wrote bench/panel-results.json and bench/panel-results.md.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
