import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import { configure, launchSteward, sendTask, type Steward } from './harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward({ startPath: '/counter.html' });
  await configure(steward, { apiKey: steward.mock.apiKey });
});
afterAll(() => steward?.close());

const STEPS = 40;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

it(`a ${STEPS}-step task pays for what is new at each step, not for its whole history`, async () => {
  let ref = '';
  steward.mock.setScript((request, { index }) => {
    const read = lastToolResults(request).find((result) => toolResultText(result).includes('[ref_'));
    if (read) ref = findRef(toolResultText(read), 'button', 'Add one');
    if (index >= STEPS) return { kind: 'text', text: `Finished ${STEPS} steps.` };
    if (index % 5 === 4) return { kind: 'tool_use', text: 'Looking.', calls: [{ name: 'screenshot', input: {} }] };
    if (!ref || index % 2 === 0) return { kind: 'tool_use', text: 'Reading.', calls: [{ name: 'read_page', input: { filter: 'interactive' } }] };
    return { kind: 'tool_use', text: 'Adding one.', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref } } }] };
  });
  const started = Date.now();
  await sendTask(steward, `Keep adding one for ${STEPS} steps.`);
  await steward.panel.waitForSelector(`::-p-text(Finished ${STEPS} steps.)`, { timeout: 120_000 });
  const elapsed = Date.now() - started;

  const requests = steward.mock.messageRequests();
  expect(requests).toHaveLength(STEPS + 1);
  const uncached = requests.map((request) => (request.usage!.input_tokens ?? 0) + (request.usage!.cache_creation_input_tokens ?? 0));
  const cached = requests.map((request) => request.usage!.cache_read_input_tokens ?? 0);
  const first = uncached.slice(0, 10).reduce((a, b) => a + b, 0) / 10;
  const last = uncached.slice(STEPS - 10, STEPS).reduce((a, b) => a + b, 0) / 10;
  // The extension's own time per step: from the end of one answer to the next request.
  const overhead = requests.slice(1).map((request, i) => request.at - requests[i]!.respondedAt!);

  const figures = {
    machine: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`,
    steps: STEPS,
    uncachedPerStepFirst10: Math.round(first),
    uncachedPerStepLast10: Math.round(last),
    ratioLastToFirst: Number((last / first).toFixed(3)),
    cacheReadLastStep: cached.at(-2),
    overheadPerStepMedianMs: median(overhead),
    overheadPerStepP90Ms: [...overhead].sort((a, b) => a - b)[Math.floor(overhead.length * 0.9)],
    wallClockMs: elapsed,
  };
  const out = process.env.STEWARD_COST_OUT;
  if (out) writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
  console.log('cost figures', figures);

  expect(last).toBeLessThanOrEqual(first * 1.2);
  expect(steward.fixtures.effects.get('add') ?? 0).toBeGreaterThan(5);
}, 180_000);
