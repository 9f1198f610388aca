import { describe, expect, it } from 'vitest';
import { decide, isHighRiskName, type PolicyContext } from './decide';
import { type FieldFacts, type FormEffect, type FormFacts, formEffectOf, formKinds, judgeSubmission, type SubmissionCall, submits } from './submission';

/** A question as the tests compare it: its English reason; the words the card shows are built from the same message. */
const withoutWords = (decision: object) => Object.fromEntries(Object.entries(decision).filter(([key]) => key !== 'words'));

const text = (label: string, type = 'text', autocomplete?: string): FieldFacts => ({ label, type, ...(autocomplete ? { autocomplete } : {}) });
const form = (fields: FieldFacts[], button?: string, extra: Partial<FormFacts> = {}): FormFacts => ({ fields, button, composer: false, ...extra });

describe('what kind of form it is', () => {
  const CASES: Array<[string, FormFacts, string[]]> = [
    ['a reply form (To, Subject, body, Send)', form([text('To', 'email'), text('Subject'), text('Message', 'textarea')], 'Send'), ['message']],
    ['a reply form whose button says only "Reply"', form([text('Subject'), text('Your reply', 'textarea')], 'Reply'), ['message']],
    ['a compose form whose button is an icon named "Done"', form([text('Recipients'), text('Subject'), text('Body', 'textarea')], 'Done'), ['message']],
    ['a chat composer (contenteditable, Send outside any form)', form([text('Message #general', 'contenteditable')], 'Send', { composer: true }), ['message']],
    ['a chat composer whose button is an arrow icon', form([text('Write a message…', 'contenteditable')], '', { composer: true }), ['message']],
    ['a checkout without payment fields, "Place Order"', form([text('Full name'), text('Street address'), text('City')], 'Place Order'), ['payment']],
    ['card fields by autofill hint', form([text('Number', 'text', 'cc-number'), text('Name')], 'Continue'), ['payment']],
    ['card fields by label', form([text('Card number'), text('CVC')], 'Next'), ['payment']],
    ['a sign-in form', form([text('Email', 'email'), text('Password', 'password')], 'Sign in'), ['password', 'sign-in']],
    ['a password change form is a password form', form([text('New password', 'password', 'new-password')], 'Save'), ['password']],
    ['a search form is nothing special', form([text('Search', 'search')], 'Search'), []],
    ['a search box without a form, by a "Search" button', form([text('Search mail', 'search')], 'Search', { composer: true }), []],
    ['add to cart is nothing special', form([text('Quantity', 'number')], 'Add to cart'), []],
    ['add to cart whose form goes to a checkout pays', form([text('Quantity', 'number')], 'Add to cart', { action: 'https://shop.example.com/checkout/buy' }), ['payment']],
    ['add to cart whose form goes to a purchase page pays', form([], 'Add to cart', { action: 'https://shop.example.com/de/kaufen.php?item=3' }), ['payment']],
    ['add to cart through a checkout path that adds to the cart (Magento) does not', form([text('Quantity', 'number')], 'Add to cart', { action: 'https://shop.example.com/checkout/cart/add/product/3' }), []],
    ['a payment word inside a longer path segment is not one', form([], 'Add to cart', { action: 'https://shop.example.com/display/paypal-badge' }), []],
    ['a newsletter box has no kind (its button name asks)', form([text('Email', 'email')], 'Subscribe'), []],
    ['a filter form with a "To" date is no message', form([text('From', 'date'), text('To', 'date')], 'Apply'), []],
  ];
  it.each(CASES)('%s', (_name, facts, kinds) => {
    expect(formKinds(facts).sort()).toEqual([...kinds].sort());
  });

  it('the effect names fields, never values, and keeps the button', () => {
    const effect = formEffectOf(form([text('To', 'email'), text(' Subject '), text('Subject')], 'Send', { action: 'https://mail.example.com/send' }));
    expect(effect).toEqual({ action: 'https://mail.example.com/send', fields: ['To', 'Subject'], defaultButton: 'Send', kinds: ['message'] });
  });
});

const mail = 'https://mail.example.org/inbox';
const replyForm: FormEffect = { action: 'https://mail.example.org/send', fields: ['To', 'Subject', 'Message'], defaultButton: 'Send', kinds: ['message'] };
const searchForm: FormEffect = { action: 'https://mail.example.org/search', fields: ['Search mail'], defaultButton: 'Search', kinds: [] };
const subject = (effect: FormEffect = replyForm) => ({ role: 'textbox', name: 'Subject', form: effect });
const trusted: PolicyContext = { mode: 'act', allowedSites: ['mail.example.org', 'shop.example.com'] };

describe('which calls submit', () => {
  const CASES: Array<[string, SubmissionCall, boolean]> = [
    ['Enter in a field', { member: 'key', input: { text: 'Return' }, target: subject() }, true],
    ['KP_Enter in a field', { member: 'key', input: { text: 'KP_Enter' }, target: subject() }, true],
    ['Ctrl+Enter in a body', { member: 'key', input: { text: 'ctrl+Return' }, target: subject() }, true],
    ['Cmd+Enter in a body', { member: 'key', input: { text: 'cmd+enter' }, target: subject() }, true],
    ['Enter after other keys', { member: 'key', input: { text: 'End Return' }, target: subject() }, true],
    ['holding Enter', { member: 'hold_key', input: { text: 'Enter', duration: 1 }, target: subject() }, true],
    ['text typed with a line break', { member: 'type', input: { text: 'Hi\n' }, target: subject() }, true],
    ['plain text typed', { member: 'type', input: { text: 'Hello there' }, target: subject() }, false],
    ['Tab in a field', { member: 'key', input: { text: 'Tab' }, target: subject() }, false],
    ['Space in a field types a space', { member: 'key', input: { text: 'space' }, target: subject() }, false],
    ['Space on a submit button presses it', { member: 'key', input: { text: 'space' }, target: { role: 'button', name: 'Go', form: replyForm } }, true],
    ['a click on a submit button', { member: 'left_click', input: {}, target: { role: 'button', name: 'Go', form: replyForm } }, true],
    ['a click on an <input type=submit>', { member: 'left_click', input: {}, target: { role: 'generic', name: 'Go', inputType: 'submit', form: replyForm } }, true],
    ['a click into a field is no submission', { member: 'left_click', input: {}, target: subject() }, false],
    ['form_input is no submission', { member: 'form_input', input: { value: 'x' }, target: subject() }, false],
    ['Enter on an element with no form', { member: 'key', input: { text: 'Return' }, target: { role: 'textbox', name: 'Notes' } }, false],
  ];
  it.each(CASES)('%s', (_name, call, expected) => {
    expect(submits(call)).toBe(expected);
  });
});

describe('a submission is judged by its effect', () => {
  const enterIn = (target: SubmissionCall['target'], tabUrl = mail) => ({ member: 'key', input: { text: 'Return' }, tabUrl, target });

  it('Enter in the Subject field of a reply form asks, on a trusted site in "act" mode (the bug)', () => {
    const decision = decide(enterIn(subject()), trusted);
    expect(withoutWords(decision)).toEqual({ verdict: 'ask', reason: 'It would send a message (it presses "Send").' });
  });

  it('a message composer asks on a trusted site whatever its button is called', () => {
    const composer: FormEffect = { fields: ['Message'], defaultButton: '', kinds: ['message'] };
    expect(decide(enterIn({ role: 'textbox', name: 'Message', form: composer }), trusted).verdict).toBe('ask');
    expect(decide({ member: 'left_click', input: {}, tabUrl: mail, target: { role: 'button', name: 'Done', form: replyForm } }, trusted).verdict).toBe('ask');
  });

  it('Enter in a field of a checkout without payment fields asks, by its "Place Order" button', () => {
    const checkout: FormEffect = { action: 'https://shop.example.com/order', fields: ['Name', 'Address'], defaultButton: 'Place Order', kinds: ['payment'] };
    const decision = decide(enterIn({ role: 'textbox', name: 'Address', form: checkout }, 'https://shop.example.com/checkout'), trusted);
    expect(withoutWords(decision)).toEqual({ verdict: 'ask', reason: 'It would submit a payment or order form (it presses "Place Order").' });
  });

  it('a default button with a high-risk name asks even when the form has no kind', () => {
    const form: FormEffect = { fields: ['Reason'], defaultButton: 'Delete account', kinds: [] };
    expect(decide(enterIn({ role: 'textbox', name: 'Reason', form }), trusted)).toMatchObject({ verdict: 'ask', reason: expect.stringContaining('"Delete account"') });
  });

  it('a form that goes to another site asks; one to the same site does not', () => {
    const away: FormEffect = { action: 'https://collector.example.net/in', fields: ['Search'], defaultButton: 'Search', kinds: [] };
    expect(decide(enterIn({ role: 'searchbox', name: 'Search', form: away }), trusted)).toMatchObject({ verdict: 'ask', reason: expect.stringContaining('collector.example.net, another site') });
    const sameSite: FormEffect = { ...away, action: 'https://search.example.org/q' };
    expect(decide(enterIn({ role: 'searchbox', name: 'Search', form: sameSite }), trusted).verdict).toBe('allow');
  });

  it('a form that goes to a sensitive site asks; one to a blocked domain is blocked', () => {
    const toBank: FormEffect = { action: 'https://online.chase.com/transfer', fields: ['Amount'], defaultButton: 'Next', kinds: [] };
    expect(decide(enterIn({ role: 'textbox', name: 'Amount', form: toBank }), trusted)).toMatchObject({ verdict: 'ask', reason: expect.stringContaining('chase.com') });
    const toBlocked: FormEffect = { action: 'https://evil.example.net/x', fields: ['q'], defaultButton: 'Go', kinds: [] };
    expect(decide(enterIn({ role: 'textbox', name: 'q', form: toBlocked }), { ...trusted, blockedDomains: ['evil.example.net'] }).verdict).toBe('block');
  });

  it('ordinary submissions on a trusted site do not ask: a search, add to cart', () => {
    expect(decide(enterIn({ role: 'searchbox', name: 'Search mail', form: searchForm }), trusted).verdict).toBe('allow');
    const cart: FormEffect = { action: 'https://shop.example.com/cart', fields: ['Quantity'], defaultButton: 'Add to cart', kinds: [] };
    expect(decide({ member: 'left_click', input: {}, tabUrl: 'https://shop.example.com/p/1', target: { role: 'button', name: 'Add to cart', form: cart } }, trusted).verdict).toBe('allow');
  });

  it('"Add to cart" whose button now sends its form to a checkout asks, though its name and its form\'s own action are the cart\'s', () => {
    // <form action="/cart"><button formaction="/checkout/buy">Add to cart</button>: the page reports the button's formaction.
    const buying = formEffectOf(form([text('Quantity', 'number')], 'Add to cart', { action: 'https://shop.example.com/checkout/buy' }));
    const call = { member: 'left_click', input: {}, tabUrl: 'https://shop.example.com/p/1', target: { role: 'button', name: 'Add to cart', formAction: 'https://shop.example.com/cart', form: buying } };
    expect(withoutWords(decide(call, trusted))).toEqual({ verdict: 'ask', reason: 'It would submit a payment or order form (it presses "Add to cart").' });
  });

  it('typing into a message form, or clicking into it, does not ask', () => {
    expect(decide({ member: 'type', input: { text: 'Thanks, see you then' }, tabUrl: mail, target: subject() }, trusted).verdict).toBe('allow');
    expect(decide({ member: 'left_click', input: {}, tabUrl: mail, target: subject() }, trusted).verdict).toBe('allow');
  });

  it('Enter where Steward cannot read what has the focus asks; plain typing there does not', () => {
    const unreadable = { role: 'frame', name: 'https://widget.example.net', opaqueFrame: true };
    expect(withoutWords(decide({ member: 'key', input: { text: 'Return' }, tabUrl: mail, target: unreadable }, trusted))).toEqual({
      verdict: 'ask',
      reason: 'It would press a key in https://widget.example.net, where Steward cannot tell what has the focus.',
    });
    expect(decide({ member: 'type', input: { text: 'hello' }, tabUrl: mail, target: unreadable }, trusted).verdict).toBe('allow');
  });

  it('the rules take the policy\'s list of risky names from their caller', () => {
    const form: FormEffect = { fields: ['x'], defaultButton: 'Frobnicate', kinds: [] };
    const call = { member: 'key', input: { text: 'Enter' }, tabUrl: mail, target: { role: 'textbox', name: 'x', form } };
    expect(judgeSubmission(call, {}, isHighRiskName)).toBeUndefined();
    expect(judgeSubmission(call, {}, (name) => name === 'Frobnicate')?.verdict).toBe('ask');
  });
});
