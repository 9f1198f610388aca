import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { RoutineRun } from '../../src/store/routines';
import { type Steward, useConfiguredSteward } from './harness';
import { fireAlarm, saveRoutine, waitForRun } from './routine-helpers';
import { SHOP_PROMPT, shopScript } from './shop-script';

/**
 * The replay bench (`npm run bench`, through bench/replay.mjs): the 10-step shop routine run once by the
 * scripted model, then again on unchanged pages, REPS times with a fresh routine each; then once with only
 * the price changed. Figures: model calls, and the replay's wall time as a ratio of the recorded run's
 * (medians), from the runs' own start and end times. STEWARD_REPLAY_OUT names the JSON file to write.
 *
 * The mock answers at once, so a recorded run's time is almost all browser work, which a replay does too.
 * Claude does not: the pairs are measured twice, with the scripted model answering at once and after
 * MODEL_MS (BENCH_REPLAY_MODEL_MS, default 1,500 ms: a short tool-use turn of Claude's), and both are reported.
 */
let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/index.html');

const REPS = Math.max(1, Number(process.env.BENCH_REPLAY_REPS ?? 3));
const MODEL_MS = Math.max(0, Number(process.env.BENCH_REPLAY_MODEL_MS ?? 1_500));
const RUN_MS = 120_000;
const shopUrl = () => `${steward.fixtures.url}/shop/index.html`;
const wall = (run: RoutineRun) => run.endedAt! - run.startedAt!;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function runOnce(id: string, previous?: RoutineRun): Promise<{ run: RoutineRun; calls: number }> {
  const before = steward.mock.messageRequests().length;
  await fireAlarm(steward, id);
  const run = await waitForRun(steward, id, (candidate) => candidate.id !== previous?.id && candidate.endedAt !== undefined, RUN_MS);
  return { run, calls: steward.mock.messageRequests().length - before };
}

type Pair = { recordedMs: number; recordedCalls: number; replayedMs: number; replayedCalls: number; unchanged: boolean; ratio: number };

/** REPS recorded/replayed pairs, each with a fresh routine, the model answering after `modelMs`. */
async function pairs(modelMs: number, label: string): Promise<{ reps: Pair[]; last: { id: string; run: RoutineRun } }> {
  const script = shopScript(shopUrl());
  steward.mock.setScript(async (request, turn) => {
    if (modelMs > 0) await new Promise((resolve) => setTimeout(resolve, modelMs));
    return script(request, turn);
  });
  const reps: Pair[] = [];
  let last: { id: string; run: RoutineRun } | undefined;
  for (let rep = 0; rep < REPS; rep++) {
    await steward.page.evaluate(() => localStorage.setItem('shop.variant', ''));
    const id = await saveRoutine(steward, { name: `Bench kettle ${label} ${rep}`, prompt: SHOP_PROMPT, startUrl: shopUrl(), schedule: { kind: 'interval', everyMinutes: 30 }, timeZone: 'UTC', sites: ['127.0.0.1'], notify: 'failure' });
    const first = await runOnce(id);
    const second = await runOnce(id, first.run);
    expect(first.run.status).toBe('done');
    expect(second.run.status).toBe('done');
    reps.push({ recordedMs: wall(first.run), recordedCalls: first.calls, replayedMs: wall(second.run), replayedCalls: second.calls, unchanged: second.run.replay?.unchanged === true, ratio: wall(second.run) / wall(first.run) });
    last = { id, run: second.run };
  }
  return { reps, last: last! };
}

const summary = (reps: Pair[]) => ({
  reps,
  medianRecordedMs: median(reps.map((rep) => rep.recordedMs)),
  medianReplayedMs: median(reps.map((rep) => rep.replayedMs)),
  medianRatio: median(reps.map((rep) => rep.ratio)),
  recordedCalls: Math.max(...reps.map((rep) => rep.recordedCalls)),
  replayedCalls: Math.max(...reps.map((rep) => rep.replayedCalls)),
  allUnchanged: reps.every((rep) => rep.unchanged),
});

it(
  'replay bench: a routine replayed on unchanged pages makes 0 model calls in a fraction of the time; a changed price makes 1',
  async () => {
    const instant = await pairs(0, 'instant');
    const paced = await pairs(MODEL_MS, 'paced');
    await steward.page.evaluate(() => localStorage.setItem('shop.variant', 'price'));
    const changed = await runOnce(paced.last.id, paced.last.run);
    const figures = {
      modelMs: MODEL_MS,
      instant: summary(instant.reps),
      paced: summary(paced.reps),
      changed: { calls: changed.calls, result: changed.run.result, replay: changed.run.replay, ms: wall(changed.run) },
    };
    const out = process.env.STEWARD_REPLAY_OUT;
    if (out) writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
    console.log('replay figures', JSON.stringify(figures));

    for (const mode of [figures.instant, figures.paced]) {
      expect(mode.replayedCalls).toBe(0);
      expect(mode.allUnchanged).toBe(true);
    }
    expect(figures.paced.medianRatio).toBeLessThanOrEqual(0.3);
    expect(changed.calls).toBe(1);
    expect(changed.run.result).toBe('Kettle Pro costs 12.00 EUR.');
  },
  20 * RUN_MS,
);
