// `node bench/ab.mjs <build A> <build B>`: read_page {filter:'all'} time and characters of two builds of
// Steward on the bench's generated 1k, 10k and 50k pages, in alternating rounds (A then B, then B then A),
// so both meet the same machine load. For a change's cost on a busy shared machine, where two separate
// `npm run bench` runs minutes apart can differ by 3x: build each side with
// `npx vite build --outDir <dir>` and compare. Medians of BENCH_REPS (default 7) after one warm-up.
// Run it both ways round (A B, then B A) and take the geometric mean of the two ratios: with two
// identical builds, the browser launched second measured 10-20% slower on this machine.
import { join } from 'node:path';
import { generatePage } from './lib/generate.mjs';
import { startServer } from './lib/server.mjs';
import { summarize } from './lib/stats.mjs';
import { launchSteward, runMember, tabFor } from './lib/steward.mjs';

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node bench/ab.mjs <build A> <build B>');
  process.exit(2);
}
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 7));
/** BENCH_SIZES=10000 (comma-separated element counts) measures only those pages. */
const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : [1_000, 10_000, 50_000];

const generated = new Map(SIZES.map((size) => [`/__bench/generated-${size / 1000}k.html`, generatePage(size, size).html]));
const server = await startServer(join(import.meta.dirname, '..', 'tests', 'fixtures', 'pages'), generated);
const sides = { A: await launchSteward(dirA), B: await launchSteward(dirB) };
const format = (s) => `${s.median.toFixed(1)} ms [${s.p25.toFixed(1)}–${s.p75.toFixed(1)}]`;

try {
  for (const [path] of generated) {
    const url = `${server.url}${path}`;
    const tabs = {};
    for (const [name, side] of Object.entries(sides)) {
      await side.page.setViewport({ width: 1280, height: 800 });
      await side.page.goto(url, { waitUntil: 'load', timeout: 120_000 });
      tabs[name] = await tabFor(side.worker, url);
    }
    const samples = { A: [], B: [] };
    const chars = {};
    for (let round = 0; round <= REPS; round++) {
      for (const name of round % 2 ? ['B', 'A'] : ['A', 'B']) {
        const result = await runMember(sides[name].worker, tabs[name].tabId, 'read_page', { filter: 'all' });
        if (result.isError) throw new Error(`${name}: ${result.text.slice(0, 200)}`);
        chars[name] = result.text.length;
        if (round > 0) samples[name].push(result.ms);
      }
    }
    const a = summarize(samples.A);
    const b = summarize(samples.B);
    console.log(`${path}: A ${format(a)}, ${chars.A} chars | B ${format(b)}, ${chars.B} chars | B/A time ${(b.median / a.median).toFixed(2)}x, chars ${(chars.B / chars.A).toFixed(3)}x`);
  }
} finally {
  for (const side of Object.values(sides)) await side.browser.close().catch(() => undefined);
  await server.close();
}
