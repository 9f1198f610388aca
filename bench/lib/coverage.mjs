// read_page coverage: does every control in Chromium's accessibility tree get a ref from read_page?
//
// Steward keeps its refs inside the content script's isolated world and marks nothing in the DOM, so a
// ref cannot be tied to a DOM node from outside. Instead both sides are reduced to (role, name) pairs
// and matched as multisets: each read_page line with a ref can account for one AX node with the same
// role and accessible name. Names are whitespace-squashed and compared on their first 100 characters
// (read_page cuts names at 150 with an ellipsis).

export const INTERACTIVE_ROLES = new Set([
  'button', 'link', 'textbox', 'searchbox', 'combobox', 'listbox', 'option', 'checkbox', 'radio', 'switch',
  'slider', 'spinbutton', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'treeitem',
]);

const squash = (text) => String(text ?? '').replace(/\s+/g, ' ').trim();
const keyOf = (role, name) => `${role}\u0000${squash(name).slice(0, 100)}`;

/** The non-ignored AX nodes of the page's main frame with an interactive role. */
export async function axInteractive(page) {
  const session = await page.createCDPSession();
  try {
    const { nodes } = await session.send('Accessibility.getFullAXTree');
    return nodes
      .filter((node) => !node.ignored && INTERACTIVE_ROLES.has(node.role?.value))
      .map((node) => ({ role: node.role.value, name: squash(node.name?.value), backendDOMNodeId: node.backendDOMNodeId }));
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/** The (role, name) of every read_page line that carries a ref, e.g. `  button "Submit" [ref_6] focused`. */
export function refLines(text) {
  const lines = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\S+)(?: ("(?:[^"\\]|\\.)*"))? \[ref_\d+\]/.exec(line);
    if (!match) continue;
    let name = '';
    try {
      name = match[2] ? JSON.parse(match[2]) : '';
    } catch {
      name = match[2].slice(1, -1);
    }
    lines.push({ role: match[1], name });
  }
  return lines;
}

/** Multiset match of AX nodes against read_page lines; returns counts and the AX nodes left over. */
export function matchCoverage(axNodes, lines) {
  const available = new Map();
  for (const line of lines) {
    const key = keyOf(line.role, line.name);
    available.set(key, (available.get(key) ?? 0) + 1);
  }
  const misses = [];
  for (const node of axNodes) {
    const key = keyOf(node.role, node.name);
    const left = available.get(key) ?? 0;
    if (left > 0) available.set(key, left - 1);
    else misses.push(node);
  }
  return { total: axNodes.length, matched: axNodes.length - misses.length, misses };
}

/**
 * Misses in document order (getFullAXTree's order is not), so the list starts with the first control
 * read_page left out; on a page where read_page hit its character cap, everything after the cap follows.
 */
async function inDocumentOrder(session, misses) {
  const order = new Map();
  const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  const stack = [root];
  while (stack.length) {
    const node = stack.pop();
    order.set(node.backendNodeId, order.size);
    const next = [...(node.shadowRoots ?? []), ...(node.contentDocument ? [node.contentDocument] : []), ...(node.children ?? [])];
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
  const position = (miss) => order.get(miss.backendDOMNodeId) ?? Number.MAX_SAFE_INTEGER;
  return [...misses].sort((a, b) => position(a) - position(b));
}

/** A short description of the DOM node behind each of the first `limit` misses, in document order. */
export async function describeMisses(page, misses, limit = 10) {
  const session = await page.createCDPSession();
  try {
    const ordered = await inDocumentOrder(session, misses).catch(() => misses);
    const described = [];
    for (const miss of ordered.slice(0, limit)) {
      let dom = '?';
      try {
        const { node } = await session.send('DOM.describeNode', { backendNodeId: miss.backendDOMNodeId });
        const attrs = [];
        for (let i = 0; i < (node.attributes ?? []).length; i += 2) {
          if (['id', 'type', 'role', 'name', 'href', 'tabindex'].includes(node.attributes[i])) attrs.push(`${node.attributes[i]}="${node.attributes[i + 1]}"`);
        }
        dom = `<${node.localName}${attrs.length ? ` ${attrs.join(' ')}` : ''}>`;
      } catch {
        // A node without a DOM counterpart (or one gone since): keep the role and name only.
      }
      described.push({ role: miss.role, name: miss.name.slice(0, 80), dom });
    }
    return described;
  } finally {
    await session.detach().catch(() => undefined);
  }
}
