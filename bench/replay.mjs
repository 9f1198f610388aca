// `npm run bench`, routine replay (issue 13): runs tests/e2e/replay-bench.test.ts against the built extension
// (the 10-step shop routine recorded by the scripted model, then replayed on unchanged pages, then with the
// price changed), and writes its figures to bench/replay-results.json and a section of bench/results.md.
// BENCH_REPLAY_REPS sets the number of recorded/replayed pairs (default 3).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_JSON = join(ROOT, 'bench', 'replay-results.json');
const RESULTS_MD = join(ROOT, 'bench', 'results.md');
const START = '<!-- replay:start -->';
const END = '<!-- replay:end -->';

const loadStart = os.loadavg();
const run = spawnSync('npx', ['vitest', 'run', '--project', 'e2e', 'tests/e2e/replay-bench.test.ts'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, STEWARD_REPLAY_OUT: OUT_JSON },
});
const loadEnd = os.loadavg();
if (!existsSync(OUT_JSON)) {
  console.error('The replay bench wrote no figures.');
  process.exit(run.status ?? 1);
}
const figures = JSON.parse(readFileSync(OUT_JSON, 'utf8'));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const section = [
  START,
  '## Routine replay (bench/replay.mjs)',
  '',
  `The 10-step shop routine (tests/fixtures/pages/shop/: navigate, search, open a result, add to cart, read the price), recorded by the scripted model, then replayed on unchanged pages; ${figures.reps.length} pairs, medians. Command: \`node bench/replay.mjs\` (part of \`npm run bench\`).`,
  '',
  '| | recorded run (Claude, scripted) | replayed run | ratio replayed / recorded |',
  '| --- | --- | --- | --- |',
  `| wall time (median) | ${seconds(figures.medianRecordedMs)} | ${seconds(figures.medianReplayedMs)} | ${(figures.medianRatio * 100).toFixed(0)}% (target ≤ 30%) |`,
  `| model calls (max) | ${Math.max(...figures.reps.map((rep) => rep.recordedCalls))} | ${figures.replayedCalls} (target 0) | |`,
  `| reported unchanged | | ${figures.allUnchanged ? 'yes, every replay' : 'NO'} | |`,
  '',
  `With only the price changed: ${figures.changed.calls} model call (target 1), result "${figures.changed.result}", ${seconds(figures.changed.ms)}.`,
  '',
  `Per pair (recorded / replayed): ${figures.reps.map((rep) => `${seconds(rep.recordedMs)} / ${seconds(rep.replayedMs)}`).join('; ')}.`,
  '',
  `- Machine: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length} logical cores, ${Math.round(os.totalmem() / 2 ** 30)} GB; load average at start ${loadStart.map((l) => l.toFixed(2)).join(', ')}, at end ${loadEnd.map((l) => l.toFixed(2)).join(', ')} (a shared machine).`,
  `- Node ${process.version}; ${new Date().toISOString()}.`,
  END,
].join('\n');
const md = existsSync(RESULTS_MD) ? readFileSync(RESULTS_MD, 'utf8') : '';
const at = md.indexOf(START);
const updated = at >= 0 ? `${md.slice(0, at)}${section}${md.slice(md.indexOf(END) + END.length)}` : `${md.trimEnd()}\n\n${section}\n`;
writeFileSync(RESULTS_MD, updated);
console.log(section);
process.exit(run.status ?? 0);
