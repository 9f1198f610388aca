import { hostListed, hostMatches } from './sites';

/**
 * Where Steward never goes, whoever starts the navigation (the model's `navigate`, or the page
 * itself: navigation-guard.ts): javascript:, data:, blob:, file: and browser-internal URLs, and the
 * domains an administrator blocked. The scheme is read the way the browser reads it (the URL
 * parser drops tabs and newlines inside "java\tscript:"), and with a plain pattern for text
 * that does not parse.
 */
const BLOCKED_SCHEME = /^\s*(javascript|data|blob|file|filesystem|chrome|chrome-extension|chrome-untrusted|devtools|about|view-source):/i;
const BLOCKED_PROTOCOLS = new Set(['javascript:', 'data:', 'blob:', 'file:', 'filesystem:', 'chrome:', 'chrome-extension:', 'chrome-untrusted:', 'devtools:', 'about:', 'view-source:']);

export interface UrlLists {
  /** Domains an administrator blocked (and their subdomains). */
  blockedDomains?: readonly string[] | undefined;
  /** When an administrator set it: the only domains Steward may open. */
  onlyDomains?: readonly string[] | undefined;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Why `url` may not be opened, or undefined when it may. */
export function blockedUrlReason(url: string, lists: UrlLists = {}): string | undefined {
  // As the URL parser does: tabs and newlines anywhere are dropped, leading controls and spaces too.
  const read = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  const parsed = parse(read);
  if (parsed?.href === 'about:blank' || /^about:blank\s*$/i.test(read)) return undefined;
  if (BLOCKED_SCHEME.test(read) || (parsed && BLOCKED_PROTOCOLS.has(parsed.protocol))) {
    return 'Navigating to javascript:, data:, blob:, file: or browser-internal URLs is not allowed.';
  }
  const host = parsed?.hostname.toLowerCase().replace(/\.$/, '');
  if (!host) return undefined;
  if ((lists.blockedDomains ?? []).some((domain) => hostListed(host, domain))) return `${host} is blocked by your administrator.`;
  if (lists.onlyDomains?.length && !lists.onlyDomains.some((domain) => hostMatches(host, domain))) {
    return `Your administrator allows Steward only on ${lists.onlyDomains.join(', ')}; ${host} is not one of them.`;
  }
  return undefined;
}
