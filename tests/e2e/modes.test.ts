import { expect, it } from 'vitest';
import type { MessageCreateParamsBase as BetaMessageCreateParams } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import { fill, sendTask, type Steward, timeline, useConfiguredSteward } from './harness';

let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/checkout.html');

/** The first read_page result of the conversation: where the scripted model finds its refs. */
function firstRead(request: BetaMessageCreateParams): string {
  for (const message of request.messages) {
    for (const block of Array.isArray(message.content) ? message.content : []) {
      if (block.type === 'tool_result' && toolResultText(block).includes('[ref_')) return toolResultText(block);
    }
  }
  throw new Error('The conversation has no read_page result yet.');
}

async function chooseMode(value: string): Promise<void> {
  const mode = await steward.panel.waitForSelector('::-p-aria([name="Mode"][role="combobox"])');
  await mode!.select(value);
}

async function approvalText(): Promise<string> {
  const card = await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  return card!.evaluate((el) => (el as HTMLElement).innerText);
}

it('"Ask before acting": nothing changes before the plan; once approved, its sites run without asking and leaving them asks', async () => {
  const results: string[] = [];
  steward.mock.setScript((request, { index }) => {
    const last = lastToolResults(request)[0];
    if (last) results.push(`${last.is_error ? 'error' : 'ok'}: ${toolResultText(last)}`);
    const note = () => ({ name: 'left_click', input: { target: { type: 'ref', ref: findRef(firstRead(request), 'button', 'Add a gift note') } } });
    switch (index) {
      case 0:
        return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
      case 1:
        return { kind: 'tool_use', calls: [note()] };
      case 2:
        return {
          kind: 'custom_tool_use',
          text: 'Here is my plan.',
          calls: [{ name: 'propose_plan', input: { summary: 'Add a gift note to the basket.', steps: ['Press "Add a gift note"', 'Check the receipt page'], sites: ['http://127.0.0.1/'] } }],
        };
      case 3:
        return { kind: 'tool_use', calls: [note()] };
      case 4:
        return { kind: 'tool_use', calls: [{ name: 'navigate', input: { url: `${steward.fixtures.crossOriginUrl}/counter.html` } }] };
      default:
        return { kind: 'text', text: 'Done within the plan.' };
    }
  });
  await chooseMode('plan');
  await sendTask(steward, 'Add a gift note.');

  const plan = await approvalText();
  expect(plan).toMatch(/Claude proposes a plan[\s\S]*Add a gift note to the basket\.[\s\S]*Check the receipt page[\s\S]*Sites: 127\.0\.0\.1/);
  expect(results).toEqual([expect.stringMatching(/^ok: /), expect.stringMatching(/^error: .*call propose_plan with your steps and the sites you need first/)]);
  expect(steward.fixtures.effects.get('note') ?? 0).toBe(0);
  await steward.panel.locator('::-p-aria(Approve)').click();

  // The click on the plan's site ran without a question; leaving the site asks.
  const leave = await approvalText();
  expect(leave).toMatch(/It would leave the approved sites: localhost is not in the plan \(127\.0\.0\.1\)/);
  expect(await steward.panel.$('::-p-text(Always allow on)')).toBeNull();
  expect(steward.fixtures.effects.get('note')).toBe(1);
  await steward.panel.locator('::-p-aria(Reject)').click();
  await steward.panel.waitForSelector('::-p-text(Done within the plan.)');

  expect(results[2]).toMatch(/^ok: The user approved the plan\. Ordinary actions on 127\.0\.0\.1 now run without asking/);
  expect(results[4]).toMatch(/^error: The user declined this action/);
  expect(steward.page.url()).toContain('/checkout.html');
  expect((await timeline(steward.panel)).map((entry) => [entry.member, entry.status])).toEqual([
    ['read_page', 'ok'],
    ['left_click', 'error'],
    ['propose_plan', 'ok'],
    ['left_click', 'ok'],
    ['navigate', 'error'],
  ]);
  expect(await steward.panel.$('::-p-aria([name="Approved plan"])')).not.toBeNull();
  await chooseMode('act');
});

it('a rejected plan reaches the model with the note, and nothing runs', async () => {
  let rejection = '';
  steward.mock.setScript((request, { index }) => {
    if (index === 0) return { kind: 'custom_tool_use', calls: [{ name: 'propose_plan', input: { summary: 'Pay for the basket.', steps: ['Press "Pay now"'], sites: ['127.0.0.1'] } }] };
    rejection = toolResultText(lastToolResults(request)[0]!);
    return { kind: 'text', text: 'Understood.' };
  });
  await chooseMode('plan');
  await sendTask(steward, 'Pay.');
  await approvalText();
  await steward.panel.locator('::-p-aria(Note for Claude)').fill('Not today.');
  await steward.panel.locator('::-p-aria(Reject)').click();
  await steward.panel.waitForSelector('::-p-text(Understood.)');
  expect(rejection).toBe('The user rejected the plan: Not today. Propose a different plan, or finish and say why.');
  await chooseMode('act');
});

it('"Act without asking" asks on a site the user has not trusted; "Always allow" trusts it from then on, in Settings too', async () => {
  const clickNote = (request: BetaMessageCreateParams, index: number, answer: string) => {
    if (index === 0) return { kind: 'tool_use' as const, calls: [{ name: 'navigate', input: { url: `${steward.fixtures.crossOriginUrl}/checkout.html` } }] };
    if (index === 1) return { kind: 'tool_use' as const, calls: [{ name: 'read_page', input: {} }] };
    if (index === 2) return { kind: 'tool_use' as const, calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(firstRead(request), 'button', 'Add a gift note') } } }] };
    return { kind: 'text' as const, text: answer };
  };
  steward.mock.setScript((request, { index }) => clickNote(request, index, 'Note added after your yes.'));
  await sendTask(steward, 'Add a gift note on the other shop.');
  expect(await approvalText()).toMatch(/localhost is not on your list of sites where Claude acts without asking/);
  await steward.panel.locator('::-p-aria(Always allow on localhost)').click();
  await steward.panel.waitForSelector('::-p-text(Note added after your yes.)');
  await steward.fixtures.waitForEffect('note', 1);

  // The next task acts there without a question.
  steward.mock.reset();
  steward.mock.setScript((request, { index }) => clickNote(request, index, 'Another note added, unasked.'));
  await sendTask(steward, 'Add another.');
  await steward.panel.waitForSelector('::-p-text(Another note added, unasked.)');
  await steward.fixtures.waitForEffect('note', 2);
  expect((await timeline(steward.panel)).map((entry) => entry.status)).toEqual(['ok', 'ok', 'ok']);

  await steward.panel.locator('::-p-aria(Settings)[aria-pressed]').click();
  const trusted = await steward.panel.waitForSelector('::-p-aria([name="Act without asking on"][role="textbox"])');
  expect(await trusted!.evaluate((el) => (el as HTMLTextAreaElement).value)).toBe('127.0.0.1\nlocalhost');
  await steward.panel.locator('::-p-aria(Task)[aria-pressed]').click();
});

it('a site the user added to "Also sensitive" asks for every change, even where Claude may act without asking', async () => {
  await steward.panel.locator('::-p-aria(Settings)[aria-pressed]').click();
  await fill(steward.panel, 'Also sensitive', 'localhost');
  await steward.panel.locator('::-p-aria(Save)').click();
  await steward.panel.waitForSelector('::-p-text(Settings saved.)');
  await steward.panel.locator('::-p-aria(Task)[aria-pressed]').click();
  steward.mock.setScript((request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'navigate', input: { url: `${steward.fixtures.crossOriginUrl}/checkout.html` } }] };
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 2) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(firstRead(request), 'button', 'Add a gift note') } } }] };
    return { kind: 'text', text: `Sensitive: ${toolResultText(lastToolResults(request)[0]!)}` };
  });
  await sendTask(steward, 'Add a gift note on the other shop.');
  expect(await approvalText()).toMatch(/It would open localhost, a sensitive site \(added by you\)\./);
  await steward.panel.locator('::-p-aria(Approve)').click();
  await steward.panel.waitForFunction(() => !document.body.innerText.includes('It would open localhost'));
  expect(await approvalText()).toMatch(/localhost is a sensitive site \(added by you\): every change there needs your yes\./);
  expect(await steward.panel.$('::-p-text(Always allow on)')).toBeNull();
  await steward.panel.locator('::-p-aria(Reject)').click();
  await steward.panel.waitForSelector('::-p-text(Sensitive: The user declined this action.)');
  expect(steward.fixtures.effects.get('note') ?? 0).toBe(0);
});
