import { expect, it } from 'vitest';
import { gotoFixture, type Steward, memberRunner, useSteward } from '../harness';

let steward: Steward;
useSteward((launched) => (steward = launched), { viewport: { width: 800, height: 600 } });

const run = memberRunner(() => steward);
const refLines = (text: string) => text.split('\n').filter((line) => /\[ref_\d+\]/.test(line));

it('find ranks the element that matches a natural-language query first, with a ref that works', async () => {
  await gotoFixture(steward, '/hard/semantics.html');
  const search = await run('find', { query: 'search bar' });
  expect(search.isError, search.text).toBe(false);
  expect(refLines(search.text)[0]).toContain('Search the site');
  const save = await run('find', { query: 'save changes button' });
  const [first] = refLines(save.text);
  expect(first).toContain('Save changes');
  const ref = /\[(ref_\d+)\]/.exec(first!)![1]!;
  expect((await run('left_click', { target: { type: 'ref', ref } })).isError).toBe(false);
  await steward.fixtures.waitForEffect('save:trusted', 1);
});

it('find returns refs that read_page shares: the same element has the same ref', async () => {
  await gotoFixture(steward, '/hard/semantics.html');
  const found = await run('find', { query: 'email address field' });
  const line = refLines(found.text).find((candidate) => candidate.includes('Email address'));
  expect(line, found.text).toBeDefined();
  const page = await run('read_page', { filter: 'all' });
  const ref = /\[(ref_\d+)\]/.exec(line!)![1]!;
  expect(page.text).toMatch(new RegExp(`textbox "Email address" \\[${ref}\\]`));
});

it('find returns at most 20 matches on a huge page', async () => {
  await gotoFixture(steward, '/hard/table.html');
  const result = await run('find', { query: 'edit item button' });
  expect(result.isError, result.text).toBe(false);
  const lines = refLines(result.text);
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.length).toBeLessThanOrEqual(20);
  expect(lines.every((line) => line.includes('Edit item'))).toBe(true);
});

it('find does not return hidden elements', async () => {
  await gotoFixture(steward, '/hard/hidden.html');
  const result = await run('find', { query: 'hidden button' });
  expect(result.text).not.toMatch(/Hidden by/);
  expect(result.text).not.toContain('attr-password-value');
});

it('find reaches into open shadow roots', async () => {
  await gotoFixture(steward, '/hard/shadow.html');
  const inShadow = await run('find', { query: 'sign in button' });
  expect(refLines(inShadow.text)[0]).toContain('Sign in');
});

it('find reaches into cross-origin iframes, with a ref that clicks there', async () => {
  const child = `${steward.fixtures.crossOriginUrl}/hard/frame-child.html?name=Cross`;
  await gotoFixture(steward, `/hard/iframes.html?child=${encodeURIComponent(child)}`);
  await steward.page.waitForFrame((frame) => frame.url().startsWith(steward.fixtures.crossOriginUrl));
  const inFrame = await run('find', { query: 'Cross frame button' });
  const line = refLines(inFrame.text).find((candidate) => candidate.includes('Cross frame button'));
  expect(line, inFrame.text).toBeDefined();
  expect((await run('left_click', { target: { type: 'ref', ref: /\[(ref_\d+)\]/.exec(line!)![1]! } })).isError).toBe(false);
  await steward.fixtures.waitForEffect('frame-click:Cross:trusted', 1);
});
