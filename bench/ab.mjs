// read_page {filter:'all'} time and characters of two builds of Steward on the bench's generated 1k, 10k and
// 50k pages, in alternating rounds (A then B, then B then A), so both meet the same machine load. For a
// change's cost on a busy shared machine, where two separate `npm run bench` runs minutes apart can differ
// by 3x. Medians of BENCH_REPS (default 7) after one warm-up; BENCH_SIZES=10000 (comma-separated element
// counts) measures only those pages.
//
//   node bench/ab.mjs <build A> <build B>   two builds (`npm run build -- --outDir <dir>` makes one)
//   node bench/ab.mjs --baseline            this working tree against the builds before issue 11 and before
//                                           issues 10 and 11 (BASELINES), both orders, as `npm run bench` does
//
// Run two builds both ways round (A B, then B A) and take the geometric mean of the two ratios: with two
// identical builds, the browser launched second measured 10-20% slower on this machine. --baseline does
// that itself, for each past build, and writes bench/read-page-ab.json.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { AB_SIZES, beforeAfter, compareBuilds, formatRow } from './lib/ab.mjs';
import { BASELINES, baselineBuild, currentBuild } from './lib/baseline.mjs';

const ROOT = join(import.meta.dirname, '..');
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 7));
const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : AB_SIZES;

/** This tree against one past build, both launch orders; the geometric means of the two. */
async function againstPast(past, current) {
  const baseline = await baselineBuild(ROOT, past.commit);
  if (baseline.skipped) {
    console.log(`read_page ${past.label}: skipped, ${baseline.skipped}. Compare two builds with node bench/ab.mjs <before> <after>.`);
    return { ...past, skipped: baseline.skipped };
  }
  const log = (row) => console.log(`  ${formatRow(row)}`);
  console.log(`read_page ${past.label} (${past.commit}) as A, after (this tree) as B:`);
  const beforeFirst = await compareBuilds(baseline.dir, current, { sizes: SIZES, reps: REPS, log });
  console.log('after as A, before as B:');
  const afterFirst = await compareBuilds(current, baseline.dir, { sizes: SIZES, reps: REPS, log });
  const pages = beforeAfter(beforeFirst, afterFirst);
  const over = (p) => past.limit !== undefined && (p.time > past.limit || p.chars > past.limit);
  console.log(`read_page after / ${past.label} (geometric mean of both orders${past.limit ? `; limit ${past.limit}x` : '; no limit, for comparison'}):`);
  for (const p of pages) console.log(`  ${p.page}: time ${p.time.toFixed(2)}x, characters ${p.chars.toFixed(3)}x${over(p) ? '  OVER' : ''}`);
  return { ...past, pages, beforeFirst, afterFirst };
}

async function againstBaselines() {
  const temp = await mkdtemp(join(os.tmpdir(), 'steward-ab-'));
  try {
    const current = currentBuild(ROOT, temp);
    if (current.skipped) throw new Error(current.skipped);
    const loadStart = os.loadavg();
    const pasts = [];
    for (const past of BASELINES) pasts.push(await againstPast(past, current.dir));
    const results = { startedAt: new Date().toISOString(), reps: REPS, loadStart, loadEnd: os.loadavg(), cpu: os.cpus()[0]?.model, cores: os.cpus().length, pasts };
    await writeFile(join(ROOT, 'bench', 'read-page-ab.json'), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--baseline') {
  await againstBaselines();
} else if (args.length === 2) {
  for (const row of await compareBuilds(args[0], args[1], { sizes: SIZES, reps: REPS })) console.log(formatRow(row));
} else {
  console.error('usage: node bench/ab.mjs <build A> <build B> | --baseline');
  process.exit(2);
}
