import type { AdminPolicy } from '../src/policy/admin';
import type { UrlLists } from '../src/policy/urls';
import { adminPolicy } from './admin-policy';

/**
 * The domain lists in force, for the policy and the navigation guard alike: the administrator's
 * (managed storage, background/admin-policy.ts), unless the diagnostics hook (background/debug.ts,
 * reachable by the extension itself and DevTools only) stands in for them, which is how the
 * adversarial end-to-end tests give Steward a blocked domain without installing a policy.
 */
let diagnosticLists: UrlLists | undefined;

export function setDiagnosticUrlLists(lists: UrlLists | undefined): void {
  diagnosticLists = lists;
}

/** The administrator's policy, with the diagnostic domain lists over it when they are set. */
export async function effectiveAdminPolicy(): Promise<AdminPolicy> {
  const { policy } = await adminPolicy();
  if (!diagnosticLists) return policy;
  return { ...policy, blockedDomains: [...(diagnosticLists.blockedDomains ?? [])], allowedDomains: [...(diagnosticLists.onlyDomains ?? [])] };
}

/** The lists the navigation guard enforces on the pages' own navigations: the same the policy reads. */
export async function administratorUrlLists(): Promise<UrlLists> {
  const policy = await effectiveAdminPolicy();
  return { blockedDomains: policy.blockedDomains, onlyDomains: policy.allowedDomains };
}
