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
 */
let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/index.html');

const REPS = Math.max(1, Number(process.env.BENCH_REPLAY_REPS ?? 3));
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

it(
  'replay bench: a routine replayed on unchanged pages makes 0 model calls in a fraction of the time; a changed price makes 1',
  async () => {
    steward.mock.setScript(shopScript(shopUrl()));
    const reps: Array<{ recordedMs: number; recordedCalls: number; replayedMs: number; replayedCalls: number; unchanged: boolean; ratio: number }> = [];
    let last: { id: string; run: RoutineRun } | undefined;
    for (let rep = 0; rep < REPS; rep++) {
      await steward.page.evaluate(() => localStorage.setItem('shop.variant', ''));
      const id = await saveRoutine(steward, { name: `Bench kettle ${rep}`, prompt: SHOP_PROMPT, startUrl: shopUrl(), schedule: { kind: 'interval', everyMinutes: 30 }, timeZone: 'UTC', sites: ['127.0.0.1'], notify: 'failure' });
      const first = await runOnce(id);
      const second = await runOnce(id, first.run);
      expect(first.run.status).toBe('done');
      expect(second.run.status).toBe('done');
      reps.push({
        recordedMs: wall(first.run),
        recordedCalls: first.calls,
        replayedMs: wall(second.run),
        replayedCalls: second.calls,
        unchanged: second.run.replay?.unchanged === true,
        ratio: wall(second.run) / wall(first.run),
      });
      last = { id, run: second.run };
    }
    await steward.page.evaluate(() => localStorage.setItem('shop.variant', 'price'));
    const changed = await runOnce(last!.id, last!.run);
    const figures = {
      reps,
      medianRecordedMs: median(reps.map((rep) => rep.recordedMs)),
      medianReplayedMs: median(reps.map((rep) => rep.replayedMs)),
      medianRatio: median(reps.map((rep) => rep.ratio)),
      replayedCalls: Math.max(...reps.map((rep) => rep.replayedCalls)),
      allUnchanged: reps.every((rep) => rep.unchanged),
      changed: { calls: changed.calls, result: changed.run.result, replay: changed.run.replay, ms: wall(changed.run) },
    };
    const out = process.env.STEWARD_REPLAY_OUT;
    if (out) writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
    console.log('replay figures', JSON.stringify(figures));

    expect(figures.replayedCalls).toBe(0);
    expect(figures.allUnchanged).toBe(true);
    expect(figures.medianRatio).toBeLessThanOrEqual(0.3);
    expect(changed.calls).toBe(1);
    expect(changed.run.result).toBe('Kettle Pro costs 12.00 EUR.');
  },
  20 * RUN_MS,
);
