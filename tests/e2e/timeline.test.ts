import { expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import { sendTask, type Steward, timeline, useConfiguredSteward } from './harness';

let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/signup.html');

it('the timeline says what happened by the names on the page, refs only in a detail; reads in a row fold into one line; a screenshot enlarges on click', async () => {
  let snapshot = '';
  steward.mock.setScript((request, { index }) => {
    const last = lastToolResults(request)[0];
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 1) snapshot = toolResultText(last!);
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'form_input', input: { target: { type: 'ref', ref: findRef(snapshot, 'textbox', 'Email') }, value: 'ada@example.com' } }] };
    if (index < 5) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 5) return { kind: 'tool_use', calls: [{ name: 'screenshot', input: {} }] };
    if (index === 6) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(snapshot, 'button', 'Submit') } } }] };
    return { kind: 'text', text: 'Signed up.' };
  });
  await sendTask(steward, 'Sign me up as ada@example.com.');
  const { panel } = steward;
  await panel.waitForSelector('::-p-aria([name="Final answer"][role="region"])');

  const sentences = await panel.$$eval('ol.timeline[aria-label="Timeline"] > li:is(.tool, .read-group)', (items) =>
    items.map((item) => (item.classList.contains('read-group') ? item.querySelector('summary')!.textContent : item.querySelector('.tool-sentence')?.textContent)),
  );
  expect(sentences).toEqual(['Read the page', 'Filled "Email" with "ada@example.com"', 'Read the page 3 times', 'Took a screenshot', 'Clicked "Submit"']);
  // Every step is still there for whoever counts them, the folded reads included.
  expect((await timeline(panel)).map((entry) => entry.member)).toEqual(['read_page', 'form_input', 'read_page', 'read_page', 'read_page', 'screenshot', 'left_click']);
  // The ref is in the detail, not in the sentence.
  const fill = await panel.$('li.tool[data-member="form_input"]');
  expect(await fill!.$eval('.tool-sentence', (el) => el.textContent)).not.toMatch(/ref_/);
  expect(await fill!.$eval('.tool-detail code', (el) => el.textContent)).toMatch(/^ref_\d+$/);

  const thumbnail = await panel.waitForSelector('li.tool[data-member="screenshot"] img.tool-thumbnail');
  const small = await thumbnail!.evaluate((img) => img.getBoundingClientRect().width);
  expect(small).toBeLessThanOrEqual(160);
  await panel.locator('li.tool[data-member="screenshot"] button.thumbnail-button').click();
  const large = await panel.waitForSelector('dialog.screenshot-dialog[open] img');
  expect(await large!.evaluate((img) => img.getBoundingClientRect().width)).toBeGreaterThan(small * 1.5);
  await panel.keyboard.press('Escape');
  await panel.waitForSelector('dialog.screenshot-dialog[open]', { hidden: true });
});
