import { findRef, toolResultText } from '../mock-anthropic/conversation';
import type { Script, ScriptReply } from '../mock-anthropic/server';

/**
 * The shop routine as Claude would do it, played by the mock: open the shop, search for the kettle, open
 * Kettle Pro, add it to the cart, read its price. Each turn follows from the conversation: the page it last
 * read decides what to do, and it reads the page again whenever a click or navigation may have changed it,
 * so it takes over from any point a replay hands it (a banner to accept, a renamed button, a reordered list).
 * 10 tool calls from an empty conversation. The one call a changed replay makes (no tools) is answered
 * from the page text it carries.
 */
export const SHOP_PROMPT = 'Search the shop for "kettle", open Kettle Pro, add it to the cart, and tell me its price.';

type Call = { name: string; input: Record<string, unknown>; result?: { text: string; error: boolean } };

function callsOf(request: Parameters<Script>[0]): Call[] {
  const calls: Call[] = [];
  const byId = new Map<string, Call>();
  for (const message of request.messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content ?? []) {
      if (block.type === 'tool_use') {
        const call = { name: block.name, input: block.input as Record<string, unknown> };
        calls.push(call);
        byId.set(block.id, call);
      } else if (block.type === 'tool_result') {
        const call = byId.get(block.tool_use_id);
        if (call) call.result = { text: toolResultText(block), error: block.is_error === true };
      }
    }
  }
  return calls;
}

const priceIn = (text: string) => /Price:\s*([\d.]+)\s*EUR/.exec(text)?.[1];
const click = (ref: string): ScriptReply => ({ kind: 'tool_use', calls: [{ name: 'left_click', input: { target: { type: 'ref', ref } } }] });
const readPage: ScriptReply = { kind: 'tool_use', calls: [{ name: 'read_page', input: {} }] };
const has = (page: string, role: string, name: string) => page.includes(`${role} ${JSON.stringify(name)} [ref_`);
/** What a click pressed, as its result names it ("On button "Search"."). */
const pressed = (call: Call | undefined) => (call?.name === 'left_click' && call.result && !call.result.error ? /^On \S+ "([^"]*)"/m.exec(call.result.text)?.[1] : undefined);

export const shopScript = (shopUrl: string): Script => (request) => {
  if (!request.tools?.length) {
    const price = priceIn(JSON.stringify(request.messages).replace(/\\n/g, '\n'));
    return { kind: 'text', text: `Kettle Pro costs ${price ?? '?'} EUR.` };
  }
  const calls = callsOf(request);
  const last = calls.at(-1);
  // A person said no: not tried another way.
  if (last?.result?.error && last.result.text.includes('The user declined')) return { kind: 'text', text: 'Kettle Pro was not added: the user declined.' };
  if (!last) return { kind: 'tool_use', calls: [{ name: 'navigate', input: { url: shopUrl } }] };
  if (last.name === 'get_page_text') return { kind: 'text', text: `Kettle Pro costs ${priceIn(last.result?.text ?? '') ?? '?'} EUR.` };
  const name = pressed(last);
  if (name === 'Search products') return { kind: 'tool_use', calls: [{ name: 'type', input: { text: 'kettle' } }] };
  if (name === 'Add to cart' || name === 'Buy now') return { kind: 'tool_use', calls: [{ name: 'get_page_text', input: {} }] };
  const lastNavigate = calls.findLastIndex((call) => call.name === 'navigate');
  const typedSince = calls.slice(lastNavigate + 1).some((call) => call.name === 'type');
  if (last.name === 'type') {
    const read = calls.slice(lastNavigate + 1).findLast((call) => call.name === 'read_page' && call.result && !call.result.error);
    if (!read) return readPage;
    return click(findRef(read.result!.text, 'button', has(read.result!.text, 'button', 'Search') ? 'Search' : 'Go'));
  }
  if (last.name !== 'read_page' || !last.result || last.result.error) return readPage;
  const page = last.result.text;
  // A click that submits or follows a link starts a navigation; read too early, the page is still the old one: wait, then read again.
  const lastPressed = pressed(calls.findLast((call) => pressed(call) !== undefined));
  const stillBefore = ((lastPressed === 'Search' || lastPressed === 'Go') && has(page, 'searchbox', 'Search products')) || (lastPressed === 'Kettle Pro' && has(page, 'link', 'Kettle Pro'));
  if (stillBefore) return { kind: 'tool_use', calls: [{ name: 'wait', input: { duration: 0.5 } }] };
  // A frame whose document has not answered yet (it is still loading): wait, then read again.
  if (/\(this frame could not be read|\(empty frame\)/.test(page)) return { kind: 'tool_use', calls: [{ name: 'wait', input: { duration: 0.5 } }] };
  // Done before an interruption: looked at, not done again.
  if (page.includes('In your cart.')) return { kind: 'tool_use', calls: [{ name: 'get_page_text', input: {} }] };
  if (has(page, 'button', 'Accept')) return click(findRef(page, 'button', 'Accept'));
  if (has(page, 'searchbox', 'Search products')) {
    if (!typedSince) return click(findRef(page, 'searchbox', 'Search products'));
    return click(findRef(page, 'button', has(page, 'button', 'Search') ? 'Search' : 'Go'));
  }
  if (has(page, 'link', 'Kettle Pro')) return click(findRef(page, 'link', 'Kettle Pro'));
  if (has(page, 'button', 'Add to cart')) return click(findRef(page, 'button', 'Add to cart'));
  if (has(page, 'button', 'Buy now')) return click(findRef(page, 'button', 'Buy now'));
  return { kind: 'text', text: 'I could not find the kettle.' };
};
