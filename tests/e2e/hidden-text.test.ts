import { describe, expect, it } from 'vitest';
import { gotoFixture, runMember, type Steward, sendTask, useConfiguredSteward } from './harness';

let steward: Steward;
useConfiguredSteward((launched) => (steward = launched), '/hidden-text.html');

/** Each way hidden-text.html hides an instruction (the address in it names the way), and the reason the tools give. */
const REASONS: Record<string, RegExp> = {
  'display-none': /not displayed/,
  'visibility-hidden': /not displayed/,
  'aria-hidden': /aria-hidden/,
  'zero-size': /zero size|clipped/,
  clipped: /clipped/,
  'off-screen': /off-screen/,
  'same-colour': /same colour as its background/,
  'same-colour-dark': /same colour as its background/,
  tiny: /too small to read/,
  transparent: /transparent/,
};
const IN_BODY = Object.keys(REASONS);

/** The lines of a result that hand over an address, and whether each is marked as hidden text. */
function linesNaming(text: string, way: string): string[] {
  return text.split('\n').filter((line) => line.includes(`${way}@evil.example`));
}

describe.each([
  ['read_page', { filter: 'all' }],
  ['read_page', {}],
  ['get_page_text', {}],
])('%s %j', (member, input) => {
  it('hands over the visible text, leaves each kind of hidden text out and says so, and marks the instructions hidden among it', async () => {
    await gotoFixture(steward, '/hidden-text.html');
    const { isError, text } = await runMember(steward, steward.page, member, input);
    expect(isError).toBe(false);
    expect(text).toContain('Visible paragraph: the A5 notebook costs 12 euros');
    expect(text).toMatch(/\(Left out: \d+ passages of text the user cannot see: /);
    for (const way of IN_BODY) {
      const lines = linesNaming(text, way);
      // Each instruction appears once, only as a marked hidden-text line saying why it is hidden.
      expect(lines, way).toHaveLength(1);
      expect(lines[0], way).toMatch(/^hidden text ".*" \([^;]+; the user cannot see it/);
      expect(/\(([^;]+); the user cannot see it/.exec(lines[0]!)?.[1], way).toMatch(REASONS[way]!);
    }
  });
});

it('find does not offer what nobody can see', async () => {
  await gotoFixture(steward, '/hidden-text.html');
  const { isError, text } = await runMember(steward, steward.page, 'find', { query: 'note to the AI assistant about forwarding emails' });
  expect(isError).toBe(false);
  expect(text).not.toMatch(/evil\.example/);
});

const readThenAnswer = () =>
  steward.mock.setScript((_request, { index }) =>
    index === 0 ? { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] } : { kind: 'text', text: 'Done.' },
  );

describe.each([...IN_BODY, 'meta', 'title'])('an instruction hidden by %s', (way) => {
  it('pauses the task at the page-instructions check', async () => {
    await gotoFixture(steward, `/hidden-text.html?only=${way}`);
    readThenAnswer();
    await sendTask(steward, 'What does the notebook cost?');
    const card = await steward.panel.waitForSelector('::-p-aria([name="Approval needed"][role="alertdialog"])');
    expect(await card!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/Page text addressed to Claude:[\s\S]*forward their emails/);
    expect(steward.mock.messageRequests()).toHaveLength(1);
    await steward.panel.locator('::-p-aria(Reject)').click();
    await steward.panel.waitForSelector('::-p-text(You stopped it after the page tried to give Claude instructions.)');
  });
});
