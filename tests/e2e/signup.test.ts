import { afterAll, beforeAll, expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import type { Script } from '../mock-anthropic/server';
import { configure, launchSteward, sendTask, type Steward, timeline } from './harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward({ startPath: '/signup.html' });
  await configure(steward, { apiKey: steward.mock.apiKey });
});
afterAll(() => steward?.close());

/**
 * A model that signs up the way Claude would: read the page, find each field by its role and
 * name in the read_page text, fill it, submit, then answer.
 */
const signUp: Script = (request, { index }) => {
  const [previous] = lastToolResults(request);
  if (index === 0) return { kind: 'tool_use', text: 'Let me look at the form.', calls: [{ name: 'read_page', input: { filter: 'interactive' } }] };
  if (index === 1) {
    const page = toolResultText(previous!);
    return {
      kind: 'tool_use',
      text: 'Filling in the form.',
      calls: [
        { name: 'form_input', input: { target: { type: 'ref', ref: findRef(page, 'textbox', 'Email') }, value: 'ada@example.com' } },
        { name: 'form_input', input: { target: { type: 'ref', ref: findRef(page, 'combobox', 'Plan') }, value: 'Pro' } },
        { name: 'form_input', input: { target: { type: 'ref', ref: findRef(page, 'checkbox', 'Subscribe') }, value: true } },
        { name: 'left_click', input: { target: { type: 'ref', ref: findRef(page, 'button', 'Submit') } } },
      ],
    };
  }
  return { kind: 'text', text: 'Signed up **ada@example.com** on the *Pro* plan, subscribed to the newsletter.' };
};

it('signs up through the real page: the server receives exactly the values, the panel shows each action and the answer', async () => {
  steward.mock.setScript(signUp);
  await sendTask(steward, 'Sign me up as ada@example.com on the Pro plan and subscribe me.');

  const [submission] = await steward.fixtures.waitForSubmissions(1);
  expect(submission).toEqual({ path: '/signup', fields: { email: 'ada@example.com', plan: 'pro', subscribe: 'yes' } });

  const final = await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"])');
  expect(await final!.evaluate((el) => (el as HTMLElement).innerText)).toContain('Signed up ada@example.com on the Pro plan');
  expect(await final!.evaluate((el) => el.querySelector('strong')?.textContent)).toBe('ada@example.com');

  const entries = await timeline(steward.panel);
  expect(entries.map((e) => [e.member, e.status])).toEqual([
    ['read_page', 'ok'],
    ['form_input', 'ok'],
    ['form_input', 'ok'],
    ['form_input', 'ok'],
    ['left_click', 'ok'],
  ]);
  expect(entries[1]!.text).toContain('Set textbox "Email" to "ada@example.com"');
  expect(entries[2]!.text).toContain('Selected "Pro" in combobox "Plan"');
  expect(entries[3]!.text).toContain('Checked checkbox "Subscribe"');
  expect(entries[4]!.text).toContain('button "Submit"');

  // The model was sent the toolset, and every tool result it read came back as a browser result.
  const requests = steward.mock.messageRequests();
  expect(requests).toHaveLength(3);
  expect(requests[0]!.headers.authorization).toBe(`Bearer ${steward.mock.apiKey}`);
  expect(requests[0]!.body.tools).toEqual([expect.objectContaining({ type: 'browser_toolset_20260801' })]);
  const results = lastToolResults(requests[2]!.body);
  expect(results).toHaveLength(4);
  expect(results.every((result) => result.is_error !== true && result.toolset_name === 'browser')).toBe(true);
});

it('streams the answer into the panel as it arrives, rendered as markdown', async () => {
  steward.mock.reset();
  let release = () => {};
  const pause = new Promise<void>((resolve) => (release = resolve));
  const answer = 'The page is a **sign-up form** with three fields: Email, Plan and Subscribe. It has no other links.';
  steward.mock.setScript(() => ({ kind: 'text', text: answer, pause }));
  await sendTask(steward, 'Describe the page.');

  // The first chunk is on screen while the rest of the answer is still held back by the mock.
  // The previous task stays on screen until this one's state arrives: wait for this task's message.
  const partial = await steward.panel.waitForFunction(() => {
    const first = document.querySelector('li.message.user');
    const reply = document.querySelector('li.message.assistant');
    return first?.textContent === 'Describe the page.' && reply ? (reply as HTMLElement).innerText : null;
  });
  const shown = (await partial.jsonValue()) as string;
  // The panel never shows an empty message: the entry opens with the first piece of text.
  expect(shown.length).toBeGreaterThan(0);
  // An unclosed ** in a partial chunk renders as written, so emphasis marks are left out of the comparison.
  const plain = (text: string) => text.replace(/\*/g, '').trim();
  expect(plain(answer).startsWith(plain(shown))).toBe(true);
  expect(shown.trim().length).toBeLessThan(answer.length - 10);
  expect(await steward.panel.$('::-p-aria([name="Final answer"][role="region"])')).toBeNull();

  release();
  const final = await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"])');
  expect(await final!.evaluate((el) => el.querySelector('strong')?.textContent)).toBe('sign-up form');
  // The final answer replaces the streamed copy rather than repeating it.
  expect(await steward.panel.$$eval('li.message.assistant', (items) => items.length)).toBe(0);
});
