import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BetaToolResultBlockParam } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { lastToolResults } from '../../mock-anthropic/conversation';
import { configure, gotoFixture, launchSteward, sendTask, type Steward } from '../harness';

let steward: Steward;

beforeAll(async () => {
  steward = await launchSteward({ startPath: '/hard/semantics.html' });
  await configure(steward, { apiKey: steward.mock.apiKey });
});
afterAll(() => steward?.close());

type State = { tabs?: Array<{ tab_id: string }>; state_changes?: Array<{ type: string; tab_id?: string }> };
/** The browser_state block of a tool_result as the model received it. */
function stateOf(block: BetaToolResultBlockParam): State {
  const content = typeof block.content === 'string' ? [] : ((block.content ?? []) as unknown as Array<{ type: string } & State>);
  const state = content.find((part) => part.type === 'browser_state');
  if (!state) throw new Error(`No browser_state in ${JSON.stringify(block.content)}`);
  return state;
}

it("a task's tabs live in a tab group named for the task: new_tab opens in it, list_tabs shows only it", async () => {
  // The user's own tab, which the task did not open and must not see.
  const other = await steward.browser.newPage();
  await gotoFixture(steward, '/hard/article.html', other);
  await steward.page.bringToFront();

  const prompt = 'Compare otter articles';
  steward.mock.setScript((_request, { index }) => {
    if (index === 0) return { kind: 'tool_use', calls: [{ name: 'new_tab', input: {} }] };
    if (index === 1) return { kind: 'tool_use', calls: [{ name: 'list_tabs', input: {} }] };
    return { kind: 'text', text: 'Tabs listed.' };
  });
  await sendTask(steward, prompt);
  await steward.panel.waitForSelector('::-p-text(Tabs listed.)');

  const requests = steward.mock.messageRequests();
  const [newTabResult] = lastToolResults(requests[1]!.body);
  const [listResult] = lastToolResults(requests[2]!.body);
  expect(newTabResult!.is_error ?? false).toBe(false);
  expect(listResult!.is_error ?? false).toBe(false);
  const opened = stateOf(newTabResult!).state_changes?.find((change) => change.type === 'tab_opened');
  const newTabId = opened?.tab_id === undefined ? undefined : Number(opened.tab_id);
  const listed = (stateOf(listResult!).tabs ?? []).map((tab) => Number(tab.tab_id));

  const target = await steward.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${steward.extensionId}/`));
  const worker = (await target.worker())!;
  const { groups, otherId, taskTabId } = await worker.evaluate(async (articleUrl, taskUrl) => {
    const all = await chrome.tabGroups.query({});
    const groups = await Promise.all(all.map(async (group) => ({ title: group.title ?? '', tabIds: (await chrome.tabs.query({ groupId: group.id })).map((tab) => tab.id!) })));
    const [otherTab] = await chrome.tabs.query({ url: articleUrl });
    const [taskTab] = await chrome.tabs.query({ url: taskUrl });
    return { groups, otherId: otherTab?.id, taskTabId: taskTab?.id };
  }, `${steward.fixtures.url}/hard/article.html`, `${steward.fixtures.url}/hard/semantics.html`);

  expect(groups, JSON.stringify(groups)).toHaveLength(1);
  const [group] = groups;
  expect(group!.title.length).toBeGreaterThan(0);
  // Named for the task: the task's words, possibly shortened.
  const title = group!.title.replace(/[….]+$/, '').trim();
  expect(title.length, `group title ${JSON.stringify(group!.title)}`).toBeGreaterThanOrEqual(5);
  expect(group!.title.includes(prompt) || prompt.startsWith(title), `group title ${JSON.stringify(group!.title)}`).toBe(true);
  expect(newTabId).toBeDefined();
  expect(group!.tabIds).toEqual(expect.arrayContaining([taskTabId, newTabId]));
  expect(group!.tabIds).not.toContain(otherId);
  expect([...listed].sort()).toEqual([...group!.tabIds].sort());
  expect(listed).not.toContain(otherId);
});
