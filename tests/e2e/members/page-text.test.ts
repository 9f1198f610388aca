import { afterAll, beforeAll, expect, it } from 'vitest';
import { gotoFixture, launchSteward, runMember, type Steward } from '../harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward();
});
afterAll(() => steward?.close());

const pageText = () => runMember(steward, steward.page, 'get_page_text', {});

it('returns the article, not the navigation, ads, sidebar or footer around it', async () => {
  await gotoFixture(steward, '/hard/article.html');
  const { isError, text } = await pageText();
  expect(isError).toBe(false);
  expect(text).toContain('The Quiet Return of the River Otter');
  expect(text).toContain('driven out by trapping, pesticides and the slow poisoning of the water');
  expect(text).toContain('a reminder that rivers can heal');
  for (const noise of ['Buy cheap watches', 'Lose weight fast', 'Sport scores', 'Trending now', 'Celebrity chef', 'Privacy policy', 'Cookie settings']) {
    expect(text, noise).not.toContain(noise);
  }
});

it('returns the visible text of a page that has no article, without hidden text', async () => {
  await gotoFixture(steward, '/hard/hidden.html');
  const { isError, text } = await pageText();
  expect(isError).toBe(false);
  expect(text).toContain('Hidden elements');
  expect(text).toContain('Visible action');
  for (const hidden of ['Hidden paragraph text', 'Hidden by display', 'Hidden by visibility', 'Hidden by attribute', 'attr-password-value']) {
    expect(text, hidden).not.toContain(hidden);
  }
});

it('is bounded on a huge page', async () => {
  await gotoFixture(steward, '/hard/table.html');
  const { isError, text } = await pageText();
  expect(isError).toBe(false);
  expect(text).toContain('Item 1');
  expect(text.length).toBeLessThanOrEqual(100_000);
  expect(text).not.toContain('Edit item 10000');
});
