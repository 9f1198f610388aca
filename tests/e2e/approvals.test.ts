import { expect, it } from 'vitest';
import { findRef, lastToolResults, toolResultText } from '../mock-anthropic/conversation';
import type { Script } from '../mock-anthropic/server';
import { evaluateInWorker, gate, sendTask, type Steward, stopServiceWorker, timeline, useConfiguredSteward } from './harness';

let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/checkout.html');

/** Reads the page, presses "Pay now", then reports what the click's result said. */
const payScript: Script = (request, { index }) => {
  if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
  const [last] = lastToolResults(request);
  if (index === 1) return { kind: 'tool_use', text: 'Paying.', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(toolResultText(last!), 'button', 'Pay now') } } }] };
  return { kind: 'text', text: last?.is_error ? `Not paid: ${toolResultText(last)}` : 'Paid.' };
};

async function badge(): Promise<string> {
  return String(await evaluateInWorker(steward, 'chrome.action.getBadgeText({})'));
}

it('pressing "Pay now" waits for the user, with the reason shown; Approve lets it happen', async () => {
  steward.mock.setScript(payScript);
  await sendTask(steward, 'Pay for my basket.');
  const card = await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  expect(await card!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/Click button "Pay now"[\s\S]*checkout\.html[\s\S]*It would press "Pay now", which can buy/);
  expect(steward.fixtures.effects.get('pay') ?? 0).toBe(0);
  expect(await badge()).toBe('!');

  await steward.panel.locator('::-p-aria(Approve)').click();
  await steward.fixtures.waitForEffect('pay', 1);
  await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"]) ::-p-text(Paid.)');
  expect(await badge()).toBe('');
});

it('Reject tells the model, with the note, and nothing is paid', async () => {
  steward.mock.setScript(payScript);
  await sendTask(steward, 'Pay for my basket.');
  await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  await steward.panel.locator('::-p-aria(Note for Claude)').fill('Wait for the discount code.');
  await steward.panel.locator('::-p-aria(Reject)').click();
  await steward.panel.waitForSelector('::-p-text(Wait for the discount code.)');
  const final = await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"])');
  expect(await final!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/Not paid: .*declined this action: Wait for the discount code\./);
  expect(steward.fixtures.effects.get('pay') ?? 0).toBe(0);
  expect((await timeline(steward.panel)).map((entry) => [entry.member, entry.status])).toEqual([
    ['read_page', 'ok'],
    ['left_click', 'error'],
  ]);
});

it('an ordinary click runs without asking', async () => {
  steward.mock.setScript((request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(toolResultText(lastToolResults(request)[0]!), 'button', 'Add a gift note') } } }] };
    return { kind: 'text', text: 'Note added.' };
  });
  await sendTask(steward, 'Add a gift note.');
  await steward.panel.waitForSelector('::-p-text(Note added.)');
  expect(steward.fixtures.effects.get('note')).toBe(1);
});

it('the worker dies while an approval waits: the approval is shown again, and approving finishes the task once', async () => {
  steward.mock.setScript(payScript);
  await sendTask(steward, 'Pay for my basket.');
  await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  await stopServiceWorker(steward);
  // The panel re-syncs from storage: the same question, asked again by the resumed task.
  await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  await steward.panel.locator('::-p-aria(Approve)').click();
  await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"]) ::-p-text(Paid.)');
  expect(steward.fixtures.effects.get('pay')).toBe(1);
});

it('in "Ask before every action" mode, an ordinary click asks first', async () => {
  steward.mock.setScript((request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(toolResultText(lastToolResults(request)[0]!), 'button', 'Add a gift note') } } }] };
    return { kind: 'text', text: 'Note added after your yes.' };
  });
  const mode = await steward.panel.waitForSelector('::-p-aria([name="Mode"][role="combobox"])');
  await mode!.select('ask-every');
  await sendTask(steward, 'Add a gift note.');
  const card = await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  expect(await card!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/Add a gift note[\s\S]*You asked to approve every action of this task/);
  expect(steward.fixtures.effects.get('note') ?? 0).toBe(0);
  await steward.panel.locator('::-p-aria(Approve)').click();
  await steward.panel.waitForSelector('::-p-text(Note added after your yes.)');
  expect(steward.fixtures.effects.get('note')).toBe(1);
  await mode!.select('act');
});

it('"Always allow on this site" stops the questions about ordinary actions there, for the rest of the task', async () => {
  steward.mock.setScript((request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
    if (index === 1 || index === 2) {
      const read = request.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).find((b) => b.type === 'tool_result' && toolResultText(b).includes('[ref_'));
      return { kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref: findRef(toolResultText(read as never), 'button', 'Add a gift note') } } }] };
    }
    return { kind: 'text', text: 'Two notes added.' };
  });
  const mode = await steward.panel.waitForSelector('::-p-aria([name="Mode"][role="combobox"])');
  await mode!.select('ask-every');
  await sendTask(steward, 'Add two gift notes.');
  await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  await steward.panel.locator('::-p-aria(Always allow on 127.0.0.1)').click();
  await steward.panel.waitForSelector('::-p-text(Two notes added.)');
  expect(steward.fixtures.effects.get('note')).toBe(2);
  await mode!.select('act');
});

it('risky actions never offer "always allow"', async () => {
  steward.mock.setScript(payScript);
  await sendTask(steward, 'Pay for my basket.');
  await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  expect(await steward.panel.$('::-p-text(Always allow on)')).toBeNull();
  await steward.panel.locator('::-p-aria(Reject)').click();
  await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"])');
});

it('the card shows the target on a crop of the page, outlined', async () => {
  steward.mock.setScript(payScript);
  await sendTask(steward, 'Pay for my basket.');
  await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  const preview = await steward.panel.waitForSelector('section.approval img[alt="The target on the page, outlined in red"]');
  const seen = await preview!.evaluate(async (img) => {
    const image = img as HTMLImageElement;
    await image.decode();
    const canvas = new OffscreenCanvas(image.naturalWidth, image.naturalHeight);
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.naturalWidth, image.naturalHeight);
    let red = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! > 180 && data[i + 1]! < 90 && data[i + 2]! < 90) red++;
    return { width: image.naturalWidth, height: image.naturalHeight, red, src: image.src.slice(0, 23) };
  });
  expect(seen.src).toBe('data:image/jpeg;base64,');
  expect(seen.width).toBeGreaterThan(100);
  expect(seen.width).toBeLessThanOrEqual(480);
  // The outline: a 3-pixel red frame around the button, at least its perimeter's worth of pixels.
  expect(seen.red).toBeGreaterThan(200);
  await steward.panel.locator('::-p-aria(Reject)').click();
  await steward.panel.waitForSelector('::-p-aria([name="Final answer"][role="region"])');
});

it('"Take over" lets go of the page until "Resume"; Claude is told to look again, and the action never runs', async () => {
  let told = '';
  const asked = gate();
  const answer = gate();
  steward.mock.setScript((request, { index }) => {
    if (index < 2) return payScript(request, { index } as never);
    told = toolResultText(lastToolResults(request)[0]!);
    asked.release();
    return { kind: 'text', text: 'I will look at the page again.', pause: answer.promise };
  });
  await sendTask(steward, 'Pay for my basket.');
  await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  await steward.panel.locator('::-p-aria(Take over)').click();
  await steward.panel.waitForSelector('::-p-aria([name="You have control"][role="region"])');
  expect(await badge()).toBe('!');
  // Steward's debugger has let go of the tab: the page is the user's.
  const stewardAttachedToPage = 'chrome.tabs.query({ url: "http://127.0.0.1/*" }).then(([tab]) => __stewardDebug.debuggerAttached(tab.id))';
  const attached = await evaluateInWorker(steward, stewardAttachedToPage);
  expect(attached).toBe(false);
  await steward.page.click('#note');
  await steward.fixtures.waitForEffect('note', 1);

  await steward.panel.locator('::-p-aria(Resume)').click();
  // Back in Steward's hands before Claude hears of it.
  await asked.promise;
  expect(await evaluateInWorker(steward, stewardAttachedToPage)).toBe(true);
  answer.release();
  await steward.panel.waitForSelector('::-p-text(I will look at the page again.)');
  expect(told).toMatch(/^The user took over instead of letting you do this, acted in the page, and has handed control back\./);
  expect(steward.fixtures.effects.get('pay') ?? 0).toBe(0);
  expect(await badge()).toBe('');
});

it('the worker dies while the user has taken over: the task still waits for "Resume", and the action never runs', async () => {
  steward.mock.setScript((request, { index }) => {
    if (index < 2) return payScript(request, { index } as never);
    return { kind: 'text', text: `After the takeover: ${toolResultText(lastToolResults(request)[0]!).slice(0, 30)}` };
  });
  await sendTask(steward, 'Pay for my basket.');
  await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
  await steward.panel.locator('::-p-aria(Take over)').click();
  await steward.panel.waitForSelector('::-p-aria([name="You have control"][role="region"])');
  await stopServiceWorker(steward);
  await steward.panel.waitForSelector('::-p-aria([name="You have control"][role="region"])');
  expect(await steward.panel.$('::-p-aria([name="Approval needed"][role="alertdialog"])')).toBeNull();
  await steward.panel.locator('::-p-aria(Resume)').click();
  await steward.panel.waitForSelector('::-p-text(After the takeover: The user took over instead)');
  expect(steward.fixtures.effects.get('pay') ?? 0).toBe(0);
});
