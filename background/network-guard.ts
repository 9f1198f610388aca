import type { UrlLists } from '../src/policy/urls';

/** The session rule ids Steward uses: one per blocked name, counted from here. */
const FIRST_RULE_ID = 1_000;
const RESOURCE_TYPES = ['main_frame', 'sub_frame', 'stylesheet', 'script', 'image', 'font', 'object', 'xmlhttprequest', 'ping', 'csp_report', 'media', 'websocket', 'other'] as chrome.declarativeNetRequest.ResourceType[];

/** The rules that stop every request to a blocked domain from the given tabs: by domain, or by label for a dotless name. */
export function blockingRules(blockedDomains: readonly string[], tabIds: readonly number[]): chrome.declarativeNetRequest.Rule[] {
  if (tabIds.length === 0 || blockedDomains.length === 0) return [];
  const condition = { tabIds: [...tabIds], resourceTypes: RESOURCE_TYPES };
  const dotted = blockedDomains.filter((domain) => domain.includes('.')).map((domain) => domain.toLowerCase());
  const labels = blockedDomains.filter((domain) => !domain.includes('.') && /^[a-z0-9-]+$/i.test(domain));
  const rules: chrome.declarativeNetRequest.Rule[] = [];
  let id = FIRST_RULE_ID;
  if (dotted.length) rules.push({ id: id++, priority: 1, action: { type: 'block' as chrome.declarativeNetRequest.RuleActionType }, condition: { ...condition, requestDomains: dotted } });
  // A name without a dot ("bnpparibas") is blocked as a label of any host, as the policy reads it (src/policy/sites.ts hostListed).
  for (const label of labels) {
    rules.push({ id: id++, priority: 1, action: { type: 'block' as chrome.declarativeNetRequest.RuleActionType }, condition: { ...condition, regexFilter: `^[a-z][a-z0-9+.-]*://([^/?#@]*@)?([^/?#:]*\\.)?${label.toLowerCase()}(\\.[^/?#:]*)?\\.?(:\\d+)?([/?#]|$)`, isUrlFilterCaseSensitive: false } });
  }
  return rules;
}

/**
 * Requests to domains an administrator blocked are stopped by the network stack in the tabs of
 * running tasks (declarativeNetRequest session rules), so a server redirect to one never loads;
 * the navigation guard (navigation-guard.ts) then tells the task. `sync` is cheap to call often:
 * the rules change only when the tabs or the list do.
 */
export function networkGuard(tabIds: () => number[], lists: () => Promise<UrlLists>) {
  let applied = '';
  let pending: Promise<void> = Promise.resolve();
  async function apply(): Promise<void> {
    const rules = blockingRules((await lists().catch(() => ({}) as UrlLists)).blockedDomains ?? [], [...new Set(tabIds())].sort((a, b) => a - b));
    const signature = JSON.stringify(rules);
    if (signature === applied) return;
    const existing = await chrome.declarativeNetRequest.getSessionRules();
    await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: existing.map((rule) => rule.id).filter((id) => id >= FIRST_RULE_ID), addRules: rules });
    applied = signature;
  }
  return {
    /** Brings the session rules in line with the task tabs and the list now; calls run one after another. */
    sync(): Promise<void> {
      pending = pending.then(apply).catch((error: unknown) => console.error('Steward could not update its network rules', error));
      return pending;
    },
  };
}
