import type { BetaMessageParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { expect, it } from 'vitest';
import { IMAGE_PLACEHOLDER, prepareMessages, trimForRetry, withoutOldImages } from './context';

function screenshotTurn(n: number): BetaMessageParam[] {
  return [
    { role: 'assistant', content: [{ type: 'tool_use', id: `t${n}`, name: 'screenshot', input: {} }] },
    {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: `t${n}`, content: [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: `IMG${n}` } }] }],
    },
  ];
}

it('keeps screenshots until there are too many, then keeps only the latest few', () => {
  const five: BetaMessageParam[] = [{ role: 'user', content: 'task' }, ...[1, 2, 3, 4, 5].flatMap(screenshotTurn)];
  expect(JSON.stringify(prepareMessages(five, 3, 5)).match(/IMG\d/g)).toHaveLength(5);
  const messages: BetaMessageParam[] = [{ role: 'user', content: 'task' }, ...[1, 2, 3, 4, 5].flatMap(screenshotTurn)];
  const prepared = prepareMessages(messages, 3, 4);
  const images = JSON.stringify(prepared).match(/IMG\d/g);
  expect(images).toEqual(['IMG3', 'IMG4', 'IMG5']);
  expect(JSON.stringify(prepared).split(IMAGE_PLACEHOLDER).length - 1).toBe(2);
  expect(JSON.stringify(messages)).toContain('IMG1');
  // Applied again, the batch stays as it is: the cached prefix does not change at every step.
  const again = withoutOldImages(withoutOldImages(messages, 3, 4), 3, 4);
  expect(JSON.stringify(again).match(/IMG\d/g)).toEqual(['IMG3', 'IMG4', 'IMG5']);
});

it('puts one rolling cache breakpoint on the last user block', () => {
  const prepared = prepareMessages([{ role: 'user', content: 'task' }, ...screenshotTurn(1)]);
  const marks = JSON.stringify(prepared).match(/cache_control/g) ?? [];
  expect(marks).toHaveLength(1);
  const last = prepared.at(-1)!.content as Array<{ cache_control?: unknown }>;
  expect(last.at(-1)!.cache_control).toEqual({ type: 'ephemeral' });
});

it('trims old tool results but keeps every pair and the recent steps', () => {
  const messages: BetaMessageParam[] = [{ role: 'user', content: 'task' }, ...[1, 2, 3, 4, 5, 6].flatMap(screenshotTurn)];
  const trimmed = trimForRetry(messages, 2);
  expect(trimmed).toHaveLength(messages.length);
  const text = JSON.stringify(trimmed);
  expect(text).not.toContain('IMG1');
  expect(text).toContain('IMG5');
  expect(text).toContain('IMG6');
  expect(text.match(/tool_use_id/g)).toHaveLength(6);
});
