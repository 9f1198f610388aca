import type { AdminPolicy } from '../src/policy/admin';
import type { UrlLists } from '../src/policy/urls';
import { adminPolicy } from './admin-policy';

/**
 * The administrator's domain lists, as the policy and the navigation guard enforce them: from
 * Chrome's managed storage. The diagnostics hook (background/debug.ts, reachable by the extension
 * itself and DevTools only) can add blocked domains, never lift one; the end-to-end tests use it to
 * give the guard a blocked domain without writing a machine policy.
 */
let diagnosticBlocks: readonly string[] = [];

/** The administrator's policy as tasks enforce it: managed storage, plus any diagnostic blocks. */
export async function enforcedAdminPolicy(): Promise<AdminPolicy> {
  const { policy } = await adminPolicy();
  return diagnosticBlocks.length ? { ...policy, blockedDomains: [...policy.blockedDomains, ...diagnosticBlocks] } : policy;
}

export async function administratorUrlLists(): Promise<UrlLists> {
  const policy = await enforcedAdminPolicy();
  return {
    blockedDomains: policy.blockedDomains,
    ...(policy.allowedDomains.length ? { onlyDomains: policy.allowedDomains } : {}),
  };
}

export function setDiagnosticUrlLists(lists: UrlLists | undefined): void {
  diagnosticBlocks = lists?.blockedDomains ?? [];
}
