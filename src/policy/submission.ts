import { getDomain } from 'tldts';
import { type ExtraSensitive, hostMatches, hostOf, sensitiveSite } from './sites';
import { blockedUrlReason } from './urls';
import { type MessageKey, msg, words } from '../i18n/words';
import { ask, type AskDecision } from './ask';

export type FormKind = 'payment' | 'sign-in' | 'password' | 'message';

/**
 * What submitting a form would do, as the policy reads it: where it goes, what it holds (field
 * names or labels, never values), the button it presses, and what kind of form it is.
 */
export interface FormEffect {
  /** Absolute URL the form submits to, if a <form>. */
  action?: string | undefined;
  /** Names or labels of the form's fields (never their values). */
  fields: string[];
  /** Accessible name of the button Enter (or this click) would press. */
  defaultButton?: string | undefined;
  /** What the form is, judged from its fields and button. */
  kinds: FormKind[];
}

/** One field as the page describes it (content/form-effect.ts): enough to tell what the form is. */
export interface FieldFacts {
  label: string;
  /** The input's type, or 'textarea', 'select', 'contenteditable', 'textbox' (a role=textbox). */
  type: string;
  autocomplete?: string | undefined;
}

/** What the page says about the form an element would submit, before it is judged. */
export interface FormFacts {
  action?: string | undefined;
  fields: FieldFacts[];
  button?: string | undefined;
  /** No <form>: a text box next to a button, as chat and comment boxes are built. */
  composer: boolean;
}

const anyWord = (list: string[]) => new RegExp(`(^|[^\\p{L}])(${list.join('|')})([^\\p{L}]|$)`, 'iu');

const PAYMENT_BUTTON = anyWord([
  'pay', 'pay now', 'place (your )?order', 'buy( now)?', 'purchase', 'checkout', 'check out', 'complete (your )?(order|purchase)', 'order now', 'submit order', 'confirm order',
  'bezahlen', 'kaufen', 'jetzt kaufen', 'bestellen', 'zahlungspflichtig', 'payer', 'acheter', 'commander', 'pagar', 'comprar', 'pedir',
]);
const PAYMENT_FIELD = /card.?(number|no\b|holder)|credit.?card|\bcvc\b|\bcvv\b|\bcsc\b|security.?code|expir|\biban\b|\bbic\b|kartennummer|prüfziffer|\bcc.?(num|exp|csc)/i;
/** A path segment that says the form pays or places an order, whatever its button says ("Add to cart" whose form now goes to /checkout/buy). */
const PAYMENT_PATH_SEGMENT = /^(checkouts?|check-out|buy|buy-?now|purchases?|pay|payments?|place-?order|order-?now|kasse|bezahlen|kaufen|bestellen|paiement|commander|pagar|comprar)$/i;
/** Segments that make a checkout path a cart's (Magento adds to the cart at /checkout/cart/add). */
const CART_PATH_SEGMENT = /^(cart|basket|bag|warenkorb|panier|carrito|wishlist)$/i;

/** Whether the address a form goes to says that it pays: judged on the path's segments, extensions left out. */
function paysByAddress(action: string | undefined): boolean {
  if (!action) return false;
  let segments: string[];
  try {
    segments = new URL(action).pathname.split('/').map((segment) => decodeURIComponent(segment).replace(/\.\w+$/, ''));
  } catch {
    return false;
  }
  return segments.some((segment) => PAYMENT_PATH_SEGMENT.test(segment)) && !segments.some((segment) => CART_PATH_SEGMENT.test(segment));
}

const SIGN_IN_BUTTON = anyWord(['sign in', 'log in', 'login', 'signin', 'log on', 'anmelden', 'einloggen', 'se connecter', 'connexion', 'iniciar sesión', 'entrar', 'acceder']);
const USER_FIELD = /user.?name|e-?mail|login|account|benutzer|identifiant|usuario/i;
const RECIPIENT_FIELD = /^(to|cc|bcc|recipients?|send to|an|empfänger|à|destinataires?|para|destinatarios?)\b/i;
const SUBJECT_FIELD = /subject|betreff|objet|asunto/i;
const BODY_FIELD = /message|body|nachricht|text|compose|reply|comment|kommentar|mensaje|réponse|antwort|chat|write/i;
const MESSAGE_BUTTON = anyWord(['send', 'send now', 'post', 'reply', 'reply all', 'comment', 'publish', 'tweet', 'share', 'senden', 'absenden', 'antworten', 'veröffentlichen', 'envoyer', 'répondre', 'publier', 'enviar', 'responder', 'publicar']);
const LONG_TEXT = new Set(['textarea', 'contenteditable', 'textbox']);

/** What kind of form the facts describe: from its fields, their types and autofill hints, its button, and where it goes. */
export function formKinds(facts: FormFacts): FormKind[] {
  const kinds = new Set<FormKind>();
  const button = facts.button ?? '';
  const passwords = facts.fields.filter((field) => field.type === 'password');
  if (passwords.length > 0) kinds.add('password');
  const signInHint = facts.fields.some((field) => /current-password|username|one-time-code/.test(field.autocomplete ?? ''));
  if ((passwords.length > 0 && (SIGN_IN_BUTTON.test(button) || signInHint || facts.fields.some((field) => USER_FIELD.test(field.label)))) || (signInHint && SIGN_IN_BUTTON.test(button))) {
    kinds.add('sign-in');
  }
  if (PAYMENT_BUTTON.test(button) || paysByAddress(facts.action) || facts.fields.some((field) => (field.autocomplete ?? '').startsWith('cc-') || PAYMENT_FIELD.test(field.label))) kinds.add('payment');
  const recipient = facts.fields.some((field) => RECIPIENT_FIELD.test(field.label.trim()));
  const subject = facts.fields.some((field) => SUBJECT_FIELD.test(field.label));
  const body = facts.fields.some((field) => LONG_TEXT.has(field.type) || (field.type !== 'search' && BODY_FIELD.test(field.label)));
  const composerBody = facts.composer && facts.fields.some((field) => LONG_TEXT.has(field.type) && BODY_FIELD.test(field.label));
  if ((recipient && (subject || body)) || (MESSAGE_BUTTON.test(button) && body) || composerBody) kinds.add('message');
  return [...kinds];
}

/** The effect the policy reads, from what the page said: fields by name only. */
export function formEffectOf(facts: FormFacts): FormEffect {
  const fields = [...new Set(facts.fields.map((field) => field.label.trim()).filter(Boolean))].slice(0, 30);
  return {
    ...(facts.action ? { action: facts.action } : {}),
    fields,
    ...(facts.button ? { defaultButton: facts.button } : {}),
    kinds: formKinds(facts),
  };
}

/** The call a submission is judged on: the member, its input, the tab, and what it targets. */
export interface SubmissionCall {
  member: string;
  input: Record<string, unknown>;
  tabUrl?: string | undefined;
  target?: { role: string; name: string; inputType?: string | undefined; form?: FormEffect | undefined } | undefined;
}

export interface SubmissionPolicy {
  allowedSites?: readonly string[] | undefined;
  extraSensitive?: ExtraSensitive | undefined;
  blockedDomains?: readonly string[] | undefined;
  onlyDomains?: readonly string[] | undefined;
}

/** Clicks that press a button (a press and release in one place). */
const PRESSING_CLICKS = new Set(['left_click', 'double_click', 'triple_click', 'left_mouse_up']);
const BUTTON_ROLES = new Set(['button', 'menuitem']);
const BUTTON_INPUTS = new Set(['submit', 'image', 'button', 'reset']);

function keysOf(input: Record<string, unknown>): string {
  return typeof input.text === 'string' ? input.text : '';
}
/** Enter or Return, alone or in a chord (Ctrl+Enter, Cmd+Enter, Shift+Enter): what submits a form or sends a chat message. */
const ENTER = /(^|[\s+])(enter|return|kp_enter)($|[\s+])/i;
const SPACE = /(^|[\s+])space($|[\s+])/i;

function isButton(target: NonNullable<SubmissionCall['target']>): boolean {
  return BUTTON_ROLES.has(target.role) || BUTTON_INPUTS.has(target.inputType ?? '');
}

/**
 * Whether the call would submit the target's form: a click on its submit button, Enter (with or
 * without Ctrl, Cmd or Shift) in any of its fields or on the button, Space on the button, or text
 * typed with a line break in it. The page's own scripts may submit on other keys too; these are
 * the ones a browser or a chat box answers by sending.
 */
export function submits(call: SubmissionCall): boolean {
  const target = call.target;
  if (!target?.form) return false;
  const button = isButton(target);
  if (PRESSING_CLICKS.has(call.member)) return button;
  if (call.member === 'key' || call.member === 'hold_key') return ENTER.test(keysOf(call.input)) || (button && (call.input.text === ' ' || SPACE.test(keysOf(call.input))));
  if (call.member === 'type') return /[\r\n]/.test(keysOf(call.input));
  return false;
}

/** Each kind's question, with and without the default button it presses. */
const KIND_REASONS: Record<FormKind, [plain: MessageKey, pressing: MessageKey]> = {
  message: [msg('ask_send_message'), msg('ask_send_message_pressing')],
  payment: [msg('ask_payment_order_form'), msg('ask_payment_order_form_pressing')],
  'sign-in': [msg('ask_sign_in_form'), msg('ask_sign_in_form_pressing')],
  password: [msg('ask_password_form'), msg('ask_password_form_pressing')],
};

/**
 * A submission is judged by its effect, not by the key or the element that causes it: the same
 * as pressing the form's default button, and as sending the form where its action goes.
 * Undefined when the call submits nothing, or submits an ordinary form (a search, add to cart).
 * A message composer asks on every site, trusted or not. `isHighRiskName` is the policy's one list
 * of risky button names (decide.ts).
 */
export function judgeSubmission(
  call: SubmissionCall,
  policy: SubmissionPolicy,
  isHighRiskName: (name: string) => boolean,
): AskDecision | { verdict: 'block'; reason: string } | undefined {
  if (!submits(call)) return undefined;
  const form = call.target!.form!;
  if (form.action) {
    const blocked = blockedUrlReason(form.action, policy);
    if (blocked) return { verdict: 'block', reason: blocked };
  }
  const kind = (['message', 'payment', 'sign-in', 'password'] as const).find((candidate) => form.kinds.includes(candidate));
  if (kind) return ask(form.defaultButton ? words(KIND_REASONS[kind][1], form.defaultButton) : words(KIND_REASONS[kind][0]));
  if (form.defaultButton && isHighRiskName(form.defaultButton)) {
    return ask(words('ask_form_high_risk', form.defaultButton));
  }
  const actionHost = hostOf(form.action);
  if (form.action && actionHost) {
    const sensitive = sensitiveSite(form.action, policy.extraSensitive);
    if (sensitive) return ask(words('ask_form_to_sensitive', sensitive.domain, sensitive.category));
    const tabHost = hostOf(call.tabUrl);
    const sameSite = tabHost !== undefined && (actionHost === tabHost || siteOf(actionHost) === siteOf(tabHost));
    const allowed = (policy.allowedSites ?? []).some((site) => hostMatches(actionHost, site));
    if (!sameSite && !allowed) return ask(form.defaultButton ? words('ask_form_other_site_pressing', actionHost, form.defaultButton) : words('ask_form_other_site', actionHost));
  }
  return undefined;
}

/** The registrable domain of a host (shop.example.co.uk -> example.co.uk); an IP address or localhost is its own site. */
function siteOf(host: string): string {
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}
