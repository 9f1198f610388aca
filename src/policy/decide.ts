import { pageDataInUrl } from './exfiltration';
import { sensitiveSite } from './sites';
import { blockedUrlReason } from './urls';

/**
 * What the policy knows about one tool call: the member, its input, the element it targets (when
 * it names a ref), and the tab it acts on. The model's words are never part of it.
 */
export interface CallContext {
  member: string;
  input: Record<string, unknown>;
  tabUrl?: string | undefined;
  target?: { role: string; name: string; inputType?: string | undefined; formAction?: string | undefined } | undefined;
  /** What the task has read from pages so far, and what the user wrote: for data leaving in a URL (exfiltration.ts). */
  read?: { pageText: string; userText: string } | undefined;
}

export type Mode = 'ask-every' | 'ask-risky';

/**
 * `alwaysAllowable`: the question is only there because the mode asks about everything, so the
 * user may answer "always on this site". Sensitive sites and risky actions never get that answer.
 */
export type Decision = { verdict: 'allow' } | { verdict: 'ask'; reason: string; alwaysAllowable?: boolean } | { verdict: 'block'; reason: string };

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** Members that only look: they never change anything a person cares about. */
const READ_ONLY = new Set(['screenshot', 'zoom', 'read_page', 'find', 'get_page_text', 'wait', 'list_tabs', 'scroll', 'scroll_to', 'hover', 'mouse_move', 'read_console', 'read_network', 'switch_tab']);
/** Members that always ask: they reach beyond the page, or run code with its authority. */
const ALWAYS_ASK: Record<string, string> = {
  javascript_exec: 'runs JavaScript with the page\'s authority (its cookies and signed-in session)',
  file_upload: 'uploads a file from this computer',
};
/** Members that put text into an element: into a password field, each asks. */
const KEYBOARD_INPUT = new Set(['form_input', 'type', 'key', 'hold_key']);
const CLICKS = new Set(['left_click', 'right_click', 'middle_click', 'double_click', 'triple_click', 'left_mouse_down', 'left_mouse_up', 'left_click_drag']);

/**
 * Names of actions that spend money, send something, publish, delete or commit, in a few of the
 * languages of the page. Matched as words, so "Delete" matches and "Deleted items" does not.
 */
const HIGH_RISK_WORDS = [
  'buy', 'pay', 'order', 'checkout', 'check out', 'purchase', 'send', 'post', 'publish', 'delete', 'remove', 'transfer', 'confirm', 'submit payment', 'place order', 'subscribe',
  'kaufen', 'bezahlen', 'bestellen', 'senden', 'löschen', 'überweisen', 'bestätigen',
  'acheter', 'payer', 'commander', 'envoyer', 'supprimer', 'virement', 'confirmer',
  'comprar', 'pagar', 'pedir', 'enviar', 'eliminar', 'borrar', 'transferir', 'confirmar',
];
const HIGH_RISK = new RegExp(`(^|[^\\p{L}])(${HIGH_RISK_WORDS.map((word) => word.replace(/ /g, '\\s+')).join('|')})([^\\p{L}]|$)`, 'iu');

export function isHighRiskName(name: string): boolean {
  return HIGH_RISK.test(name);
}

/**
 * Decides a call: allow, ask (with the reason the user reads) or block (with the reason the model
 * reads). Pure: the same call in the same context always gets the same answer.
 */
export function decide(
  call: CallContext,
  mode: Mode = 'ask-risky',
  extraSensitive: Readonly<Record<string, readonly string[]>> = {},
  allowedSites: readonly string[] = [],
): Decision {
  const blocked = call.member === 'navigate' && typeof call.input.url === 'string' ? blockedUrlReason(call.input.url) : undefined;
  if (blocked) return { verdict: 'block', reason: blocked };
  const alwaysAsk = ALWAYS_ASK[call.member];
  if (alwaysAsk) return { verdict: 'ask', reason: `This ${alwaysAsk}.` };
  if (READ_ONLY.has(call.member)) return { verdict: 'allow' };

  const site = sensitiveSite(call.tabUrl, extraSensitive);
  const target = call.target;
  if (target?.inputType === 'password' && KEYBOARD_INPUT.has(call.member)) {
    return { verdict: 'ask', reason: 'It would enter a password.' };
  }
  if (target && CLICKS.has(call.member) && isHighRiskName(target.name)) {
    return { verdict: 'ask', reason: `It would press "${target.name}", which can buy, send, publish or delete something.` };
  }
  if (target && CLICKS.has(call.member) && target.inputType === 'submit' && /pay|card|checkout|password|login|signin/i.test(target.formAction ?? '')) {
    return { verdict: 'ask', reason: 'It would submit a payment or sign-in form.' };
  }
  if (site) return { verdict: 'ask', reason: `${site.domain} is a sensitive site (${site.category}): every change there needs your yes.` };
  if (call.member === 'navigate' && typeof call.input.url === 'string') {
    const url = call.input.url.includes('://') ? call.input.url : `https://${call.input.url}`;
    const destination = sensitiveSite(url, extraSensitive);
    if (destination) return { verdict: 'ask', reason: `It would open ${destination.domain}, a sensitive site (${destination.category}).` };
    // Data leaving in a URL asks in every mode, and is never "always allowed".
    const leaked = call.read && pageDataInUrl(url, call.tabUrl, call.read.pageText, call.read.userText);
    if (leaked) return { verdict: 'ask', reason: `It would send text read from a page (${JSON.stringify(leaked.length > 40 ? `${leaked.slice(0, 39)}…` : leaked)}) to ${new URL(url).hostname}, another site.` };
  }
  if (mode === 'ask-every') {
    const host = hostOf(call.tabUrl);
    if (host && allowedSites.includes(host)) return { verdict: 'allow' };
    return { verdict: 'ask', reason: 'You asked to approve every action of this task.', alwaysAllowable: host !== undefined };
  }
  return { verdict: 'allow' };
}
