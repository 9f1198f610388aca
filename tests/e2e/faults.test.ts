import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { ScriptReply } from '../mock-anthropic/server';
import { configure, launchSteward, sendTask, type Steward } from './harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward({ startPath: '/signup.html' });
  await configure(steward, { apiKey: steward.mock.apiKey });
});
afterAll(() => steward?.close());
beforeEach(() => steward.mock.reset());

/** The first answer is the fault, then one read of the page, then the final answer. */
function faultThenFinish(fault: ScriptReply) {
  steward.mock.setScript((_request, { index }) => {
    if (index === 0) return fault;
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    return { kind: 'text', text: 'Recovered and finished.' };
  });
}

let sequence = 0;

/** Sends a task with a prompt of its own, so the outcome read is this task's, not the previous one's. */
async function run(prompt: string): Promise<string> {
  const unique = `${prompt} (#${++sequence})`;
  await sendTask(steward, unique);
  const end = await steward.panel.waitForFunction(
    (expected) => {
      if (document.querySelector('li.message.user')?.textContent !== expected) return null;
      const final = document.querySelector('section.final .markdown');
      const alert = document.querySelector('[role="alert"]');
      return final ? `final: ${(final as HTMLElement).innerText.trim()}` : alert ? `alert: ${(alert as HTMLElement).innerText.trim()}` : null;
    },
    { timeout: 30_000 },
    unique,
  );
  return (await end.jsonValue()) as string;
}

const retried: Array<[string, ScriptReply]> = [
  ['429 rate limit', { kind: 'error', status: 429, errorType: 'rate_limit_error', message: 'Slow down', retryAfterSeconds: 1 }],
  ['529 overloaded', { kind: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded', retryAfterSeconds: 1 }],
  ['500 server error', { kind: 'error', status: 500, errorType: 'api_error', message: 'Internal error' }],
  ['a connection reset in the middle of a stream', { kind: 'reset_mid_stream', text: 'Let me look at the pa' }],
  ['malformed SSE', { kind: 'malformed_sse' }],
];

for (const [name, fault] of retried) {
  it(`${name}: retried, and the task completes`, async () => {
    faultThenFinish(fault);
    expect(await run('Read the page.')).toBe('final: Recovered and finished.');
    expect(steward.mock.messageRequests()).toHaveLength(3);
  });
}

it('shows that it is waiting while Claude is overloaded', async () => {
  steward.mock.setScript((_request, { index }) =>
    index < 2 ? { kind: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded', retryAfterSeconds: 2 } : { kind: 'text', text: 'Done waiting.' },
  );
  const finished = run('Wait out the overload.');
  await steward.panel.waitForSelector('::-p-text(Claude is overloaded, retrying in 2 s.)');
  expect(await finished).toBe('final: Done waiting.');
});

it('401 ends the task with a plain explanation and no retry', async () => {
  faultThenFinish({ kind: 'error', status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' });
  expect(await run('Read the page.')).toMatch(/^alert: The task could not finish\. The API key was refused \(401\)/);
  expect(steward.mock.messageRequests()).toHaveLength(1);
});

it('a request too large is answered by trimming the context and trying once more', async () => {
  steward.mock.setScript((_request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: { filter: 'all' } }] };
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 2) return { kind: 'error', status: 413, errorType: 'request_too_large', message: 'Request exceeds the maximum size' };
    return { kind: 'text', text: 'Fit after trimming.' };
  });
  expect(await run('Read the page twice.')).toBe('final: Fit after trimming.');
  expect(steward.mock.messageRequests()).toHaveLength(4);
});
