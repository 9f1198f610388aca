// `npm run bench`, routine replay (issue 13): runs tests/e2e/replay-bench.test.ts against the built extension
// (the 10-step shop routine recorded by the scripted model, then replayed on unchanged pages, then with the
// price changed), and writes its figures to bench/replay-results.json and a section of bench/results.md.
// BENCH_REPLAY_REPS sets the number of recorded/replayed pairs (default 3), BENCH_REPLAY_MODEL_MS the scripted model's
// answer time in the second series (default 1,500 ms).
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
const row = (label, mode) =>
  `| ${label} | ${seconds(mode.medianRecordedMs)} (${mode.recordedCalls} calls) | ${seconds(mode.medianReplayedMs)} (${mode.replayedCalls} calls${mode.allUnchanged ? ', unchanged' : ', NOT unchanged'}) | ${(mode.medianRatio * 100).toFixed(0)}% |`;
const pairsOf = (mode) => mode.reps.map((rep) => `${seconds(rep.recordedMs)} / ${seconds(rep.replayedMs)}`).join('; ');
const section = [
  START,
  '## Routine replay (bench/replay.mjs)',
  '',
  `The 10-step shop routine (tests/fixtures/pages/shop/: navigate, read, click the search box, type, search, read, open Kettle Pro, read, add to cart, read the price), recorded by the scripted model, then replayed on unchanged pages; ${figures.paced.reps.length} pairs per row, medians of each run's own start-to-end time. Command: \`node bench/replay.mjs\` (part of \`npm run bench\`).`,
  '',
  '| scripted model answers | recorded run (median) | replayed run (median) | replayed / recorded (median) |',
  '| --- | --- | --- | --- |',
  row('at once', figures.instant),
  row(`after ${figures.modelMs} ms`, figures.paced),
  '',
  `Issue 13's target, a replay in at most 30% of the recorded run's time, is about a run with Claude, which the second row stands for (a short tool-use turn of Claude's takes 1.5 s or more). The first row is the browser's work alone: a mock that answers at once adds only ${seconds(Math.max(0, figures.instant.medianRecordedMs - figures.instant.medianReplayedMs))} to the recorded run, so for 30% the replay's ten steps, three page loads among them, would have to take ${seconds((0.3 / 0.7) * Math.max(0, figures.instant.medianRecordedMs - figures.instant.medianReplayedMs))}. With only the price changed: ${figures.changed.calls} model call (target 1), result "${figures.changed.result}", ${seconds(figures.changed.ms)}.`,
  '',
  `Pairs (recorded / replayed), at once: ${pairsOf(figures.instant)}; after ${figures.modelMs} ms: ${pairsOf(figures.paced)}.`,
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
