import type { UrlLists } from '../src/policy/urls';

/**
 * The administrator's domain lists that the navigation guard enforces. Managed policy is where
 * they will come from (Chrome's managed storage); until it is wired, only the diagnostics hook
 * (background/debug.ts, reachable by the extension itself and DevTools) sets them, which is how
 * the end-to-end tests give the guard a blocked domain.
 */
let diagnosticLists: UrlLists | undefined;

export async function administratorUrlLists(): Promise<UrlLists> {
  return diagnosticLists ?? {};
}

export function setDiagnosticUrlLists(lists: UrlLists | undefined): void {
  diagnosticLists = lists;
}
