import { type MemberEntry, MEMBERS } from '../browser/members';
import { type PageRead, pageDataInText, pageDataInUrl } from './exfiltration';
import { type ExtraSensitive, hostMatches, hostOf, sensitiveSite } from './sites';
import { type FormEffect, judgeSubmission } from './submission';
import { blockedUrlReason } from './urls';
import { type Words, words } from '../i18n/words';
import { ask, type AskDecision } from './ask';

export { ask, type AskDecision };

export { blockedUrlReason };

/**
 * What the policy knows about one tool call: the member, its input, the element it targets (when
 * it names a ref), and the tab it acts on. The model's words are never part of it.
 */
export interface CallContext {
  member: string;
  input: Record<string, unknown>;
  tabUrl?: string | undefined;
  target?:
    | { role: string; name: string; inputType?: string | undefined; formAction?: string | undefined; opaqueFrame?: boolean | undefined; form?: FormEffect | undefined }
    | undefined;
  /** What the task has read from pages so far, and what the user wrote: for data leaving in a URL or a form (exfiltration.ts). */
  read?: { pages: readonly PageRead[]; userText: string } | undefined;
}

/**
 * How much a task asks before acting. 'ask-every': every action that changes something asks.
 * 'plan': Claude first proposes a plan with the sites it needs; once the user approves it, ordinary
 * actions on those sites run without asking. 'act': ordinary actions run without asking on the
 * sites the user trusts. Sensitive sites and high-risk actions ask in every mode.
 */
export { MODES, type Mode } from '../settings/modes';
import type { Mode } from '../settings/modes';

/** Everything besides the call that the decision depends on: the task's mode and the lists in force. */
export interface PolicyContext {
  mode: Mode;
  /** Sites the user or an administrator added to the sensitive list, by the label the user reads. */
  extraSensitive?: ExtraSensitive | undefined;
  /** Sites whose ordinary actions run without asking: the user's trusted sites, and those the user said "always" to during the task. */
  allowedSites?: readonly string[] | undefined;
  /** 'plan' mode: the sites of the plan the user approved; undefined while none is approved. */
  planSites?: readonly string[] | undefined;
  /** Domains an administrator blocked: Steward neither opens them nor acts there. */
  blockedDomains?: readonly string[] | undefined;
  /** When an administrator set it: the only domains Steward may open or act on. */
  onlyDomains?: readonly string[] | undefined;
  /** Members an administrator turned off: blocked here too, in case the toolset ever offers one. */
  disabledMembers?: readonly string[] | undefined;
  /** Modes an administrator turned off: a task already running in one (the policy changed under it) does nothing more. */
  disabledModes?: readonly Mode[] | undefined;
}

/**
 * `alwaysAllowable`: the question is only there because of the mode, so the user may answer
 * "always on this site". Sensitive sites and risky actions never get that answer.
 */
export type Decision = { verdict: 'allow' } | AskDecision | { verdict: 'block'; reason: string };


/** The members whose entry in the member table (src/browser/members.ts) passes a test. */
function membersWhere(test: (entry: MemberEntry) => boolean): ReadonlySet<string> {
  return new Set(Object.entries(MEMBERS).filter(([, entry]) => test(entry)).map(([member]) => member));
}

/** Members that only look: they never change anything a person cares about. */
const READ_ONLY = membersWhere((entry) => !entry.changesPage);
/** Members that always ask: they reach beyond the page, or run code with its authority. */
const ALWAYS_ASK: Record<string, Words> = {
  javascript_exec: words('ask_javascript'),
  file_upload: words('ask_file_upload'),
};
/** Members that put text into an element: into a password field, each asks. */
const KEYBOARD_INPUT = membersWhere((entry) => entry.entersText === true);
/** Members that press keys on whatever has focus. */
const PRESS_KEYS = membersWhere((entry) => entry.presses === 'keys');
/** Whether a key press would activate the focused element: Enter, Return or Space, alone or in a chord. */
function activatingKey(input: Record<string, unknown>): boolean {
  const text = typeof input.text === 'string' ? input.text : '';
  return text === ' ' || /(^|[\s+])(enter|return|kp_enter|space)($|[\s+])/i.test(text);
}
const CLICKS = membersWhere((entry) => entry.presses === 'click');

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

function onList(host: string | undefined, domains: readonly string[] | undefined): boolean {
  return host !== undefined && (domains ?? []).some((domain) => hostMatches(host, domain));
}

/** The URL a navigate call goes to, read the way the browser will (a bare domain is https). */
function destinationOf(call: CallContext): string | undefined {
  if (call.member !== 'navigate' || typeof call.input.url !== 'string') return undefined;
  // As the URL parser reads it: tabs and newlines inside ("java\tscript:") are dropped.
  const url = call.input.url.replace(/[\t\n\r]/g, '').trim();
  if (/^(back|forward)$/i.test(url)) return undefined;
  return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`;
}

/** The text a `type` or `form_input` call puts into the page. */
function typedText(call: CallContext): string | undefined {
  if (call.member === 'type' && typeof call.input.text === 'string') return call.input.text;
  if (call.member === 'form_input' && typeof call.input.value === 'string') return call.input.value;
  return undefined;
}

function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 39)}…` : text);
}

/**
 * Decides a call: allow, ask (with the reason the user reads) or block (with the reason the model
 * reads). Pure: the same call in the same context always gets the same answer.
 */
export function decide(call: CallContext, policy: PolicyContext = { mode: 'act' }): Decision {
  if (policy.disabledMembers?.includes(call.member)) return { verdict: 'block', reason: `Your administrator turned off ${call.member}.` };
  if (policy.disabledModes?.includes(policy.mode)) {
    return { verdict: 'block', reason: 'Your administrator turned off the mode this task runs in. Stop here and tell the user to start the task again in another mode.' };
  }
  const destination = destinationOf(call);
  const blocked = (destination && blockedUrlReason(destination, policy)) || (!READ_ONLY.has(call.member) && call.tabUrl && blockedUrlReason(call.tabUrl, policy));
  if (blocked) return { verdict: 'block', reason: blocked };
  if (policy.mode === 'plan' && policy.planSites === undefined && !READ_ONLY.has(call.member)) {
    return { verdict: 'block', reason: 'This task acts only after the user approves a plan: call propose_plan with your steps and the sites you need first.' };
  }
  const alwaysAsk = ALWAYS_ASK[call.member];
  if (alwaysAsk) return ask(alwaysAsk);
  if (READ_ONLY.has(call.member)) return { verdict: 'allow' };

  const site = sensitiveSite(call.tabUrl, policy.extraSensitive);
  const target = call.target;
  if (target?.inputType === 'password' && KEYBOARD_INPUT.has(call.member)) {
    return ask(words('ask_password'));
  }
  // Page text typed into another site's form leaves as surely as in a URL: it asks in every mode.
  const typed = typedText(call);
  const typedLeak = typed && call.read && pageDataInText(typed, call.tabUrl, call.read.pages, call.read.userText);
  if (typedLeak) return hostOf(call.tabUrl) ? ask(words('ask_typed_leak', quoted(typedLeak), hostOf(call.tabUrl)!)) : ask(words('ask_typed_leak_here', quoted(typedLeak)));
  // Enter or Space on what has focus presses it, or submits its form, as a click would.
  const presses = CLICKS.has(call.member) || (PRESS_KEYS.has(call.member) && activatingKey(call.input));
  // A click at a point inside a frame of another process: nobody can tell what it presses, so it asks.
  if (target?.opaqueFrame && presses) {
    if (!CLICKS.has(call.member)) return ask(target.name ? words('ask_key_in_frame', target.name) : words('ask_key_in_a_frame'));
    return ask(target.name ? words('ask_click_in_frame', target.name) : words('ask_click_at_point'));
  }
  if (target && presses && isHighRiskName(target.name)) {
    return ask(words('ask_high_risk', target.name));
  }
  const submits = CLICKS.has(call.member) ? target?.inputType === 'submit' || target?.role === 'button' : presses;
  if (target && submits && /pay|card|checkout|password|login|signin/i.test(target.formAction ?? '')) {
    return ask(words('ask_payment_form'));
  }
  // A key or click that submits a form is judged as pressing its default button and sending the form (submission.ts).
  const submission = judgeSubmission(call, policy, isHighRiskName);
  if (submission) return submission;
  if (site) return ask(words('ask_sensitive_site', site.domain, site.category));

  if (destination) {
    const sensitive = sensitiveSite(destination, policy.extraSensitive);
    if (sensitive) return ask(words('ask_open_sensitive', sensitive.domain, sensitive.category));
    // Data leaving in a URL asks in every mode, and is never "always allowed".
    const leaked = call.read && pageDataInUrl(destination, call.read.pages, call.read.userText);
    if (leaked) return ask(words('ask_url_leak', quoted(leaked), hostOf(destination) ?? destination));
    const host = hostOf(destination);
    if (policy.mode === 'plan' && !onList(host, policy.planSites) && !onList(host, policy.allowedSites)) {
      return policy.planSites?.length ? ask(words('ask_leave_plan', host ?? destination, policy.planSites.join(', '))) : ask(words('ask_leave_empty_plan', host ?? destination));
    }
    if (policy.mode !== 'ask-every') return { verdict: 'allow' };
  }

  const host = hostOf(call.tabUrl);
  if (onList(host, policy.allowedSites)) return { verdict: 'allow' };
  if (policy.mode === 'plan') {
    if (onList(host, policy.planSites)) return { verdict: 'allow' };
    return ask(host ? words('ask_not_in_plan', host) : words('ask_page_not_in_plan'), host !== undefined);
  }
  if (policy.mode === 'act') {
    return ask(host ? words('ask_not_trusted', host) : words('ask_page_not_trusted'), host !== undefined);
  }
  return ask(words('ask_every_action'), host !== undefined);
}
