import { afterAll, beforeAll, expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import type { Script } from '../mock-anthropic/server';
import { configure, effectsStartingWith, launchSteward, sendTask, type Steward, timeline } from './harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward({ startPath: '/accname/icons.html' });
  await configure(steward, { apiKey: steward.mock.apiKey });
});
afterAll(() => steward?.close());

/**
 * A model that archives the message the way Claude would: read the page, find the button by the
 * name its icon's CSS alt text gives it (`content: "\e902" / "Archive"`), click it, answer.
 */
const archive: Script = (request, { index }) => {
  if (index === 0) return { kind: 'tool_use', text: 'Let me look at the message.', calls: [{ name: 'read_page', input: { filter: 'interactive' } }] };
  if (index === 1) {
    const page = toolResultText(lastToolResults(request)[0]!);
    return { kind: 'tool_use', text: 'Archiving it.', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(page, 'button', 'Archive') } } }] };
  }
  return { kind: 'text', text: 'Archived the message.' };
};

it('names icon-font buttons from their CSS alt text, so the model finds "Archive" by name and clicks it', async () => {
  steward.mock.setScript(archive);
  await sendTask(steward, 'Archive this message.');

  await steward.fixtures.waitForEffect('icon:archive:trusted', 1);
  await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"])');
  expect(effectsStartingWith(steward, 'icon:')).toEqual([['icon:archive:trusted', 1]]);

  const [, second] = steward.mock.messageRequests();
  const page = toolResultText(lastToolResults(second!.body)[0]!);
  // Every icon has the name its alt text gives, ::before or ::after; a glyph of text content keeps its text.
  for (const name of ['Reply', 'Archive', 'Delete', 'Mark as unread']) findRef(page, 'button', name);
  findRef(page, 'link', '★ Starred');
  expect(page).not.toMatch(/[\ue900-\ue9ff]/);

  const entries = await timeline(steward.panel);
  expect(entries.map((entry) => [entry.member, entry.status])).toEqual([
    ['read_page', 'ok'],
    ['left_click', 'ok'],
  ]);
  expect(entries[1]!.text).toContain('button "Archive"');
});
