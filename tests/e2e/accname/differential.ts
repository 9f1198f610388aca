/**
 * Compares the names read_page shows with Chromium's own accessible names for the same nodes.
 * Each ref in read_page's output is mapped to its DOM node by hovering it through Steward (the
 * pointer lands on the ref's element, which a listener in the page records by a mark attribute),
 * and Chromium's name for that node comes from CDP `Accessibility.getPartialAXTree`.
 */
import type { CDPSession, Frame, Page } from 'puppeteer';
import { runMember, type Steward } from '../harness';

export interface NameComparison {
  /** Where the node is: the fixture page, or the corpus case key. */
  where: string;
  ref: string;
  role: string;
  steward: string;
  chromium: string;
  agree: boolean;
}

export interface Unmapped {
  where: string;
  ref: string;
  role: string;
  reason: string;
}

const MARK = 'data-ax-mark';
/** `<indent><role> "<name>" [ref_N] <states...>`, as read_page prints an element. */
const REF_LINE = /^\s*(\S+?)(?:\s+("(?:[^"\\]|\\.)*"))?\s+\[(ref_\d+)\]/;
/** read_page's own cap on a name's length. */
const NAME_CHARS = 150;

/** Chromium's role names where they differ from the ARIA names read_page uses. */
const CHROMIUM_ROLES: Record<string, string[]> = {
  img: ['image', 'img'],
  textbox: ['textbox', 'textfield', 'searchbox', 'textfieldwithcombobox'],
  searchbox: ['searchbox', 'textbox'],
  combobox: ['combobox', 'comboboxselect', 'comboboxmenubutton', 'popupbutton'],
  listbox: ['listbox'],
  option: ['option', 'listboxoption', 'menulistoption'],
  button: ['button', 'togglebutton', 'popupbutton', 'disclosuretriangle'],
  switch: ['switch'],
};

function roleMatches(stewardRole: string, chromiumRole: string): boolean {
  const role = chromiumRole.toLowerCase();
  return role === stewardRole || (CHROMIUM_ROLES[stewardRole]?.includes(role) ?? false);
}

export function normalizeName(name: string): string {
  const squashed = name.replace(/\s+/g, ' ').trim();
  return squashed.length <= NAME_CHARS ? squashed : `${squashed.slice(0, NAME_CHARS - 1)}…`;
}

export function refEntries(readPageText: string): Array<{ role: string; name: string; ref: string }> {
  const entries: Array<{ role: string; name: string; ref: string }> = [];
  for (const line of readPageText.split(/\r?\n/)) {
    const match = REF_LINE.exec(line);
    if (match) entries.push({ role: match[1]!, name: match[2] ? (JSON.parse(match[2]) as string) : '', ref: match[3]! });
  }
  return entries;
}

/** Marks every element of every frame (open shadow roots included) and records what the pointer lands on. */
async function markFrames(page: Page): Promise<Frame[]> {
  const frames = page.frames();
  await Promise.all(
    frames.map((frame, index) =>
      frame
        .evaluate(
          (prefix, mark) => {
            let n = 0;
            const visit = (root: Document | ShadowRoot) => {
              for (const element of root.querySelectorAll('*')) {
                element.setAttribute(mark, `${prefix}.${n++}`);
                if (element.shadowRoot) visit(element.shadowRoot);
              }
            };
            visit(document);
            const scope = window as unknown as { __axHit?: unknown; __axListening?: boolean };
            if (scope.__axListening) return;
            scope.__axListening = true;
            window.addEventListener(
              'mousemove',
              (event) => {
                const elements = event.composedPath().filter((node): node is Element => node instanceof Element);
                scope.__axHit = {
                  marks: elements.map((element) => element.getAttribute(mark)).filter((value): value is string => value !== null),
                  caseIndex: elements.find((element) => element.hasAttribute('data-case'))?.getAttribute('data-case') ?? null,
                };
              },
              true,
            );
          },
          index,
          MARK,
        )
        .catch(() => undefined),
    ),
  );
  return frames;
}

interface Hit {
  marks: string[];
  caseIndex: string | null;
}

async function takeHit(frames: Frame[]): Promise<Hit | undefined> {
  let found: Hit | undefined;
  for (const frame of frames) {
    const hit = await frame
      .evaluate(() => {
        const scope = window as unknown as { __axHit?: unknown };
        const value = scope.__axHit;
        scope.__axHit = undefined;
        return value ?? null;
      })
      .catch(() => null);
    if (hit && !found) found = hit as Hit;
  }
  return found;
}

interface DomNode {
  backendNodeId: number;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

/** backendNodeId and the CDP session that knows it, for every mark, across in-process and out-of-process frames. */
async function nodesByMark(page: Page, frames: Frame[]): Promise<Map<string, { session: CDPSession; backendNodeId: number }>> {
  const byMark = new Map<string, { session: CDPSession; backendNodeId: number }>();
  const collect = async (session: CDPSession) => {
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as unknown as { root: DomNode };
    const stack: DomNode[] = [root];
    while (stack.length) {
      const node = stack.pop()!;
      const attributes = node.attributes ?? [];
      for (let i = 0; i < attributes.length; i += 2) if (attributes[i] === MARK) byMark.set(attributes[i + 1]!, { session, backendNodeId: node.backendNodeId });
      stack.push(...(node.children ?? []), ...(node.shadowRoots ?? []), ...(node.contentDocument ? [node.contentDocument] : []));
    }
  };
  await collect(await page.createCDPSession());
  const seenPrefixes = new Set([...byMark.keys()].map((mark) => mark.split('.')[0]));
  for (const [index, frame] of frames.entries()) {
    if (seenPrefixes.has(String(index))) continue;
    // An out-of-process frame: its DOM lives in its own target.
    const target = page.browser().targets().find((candidate) => candidate.url() === frame.url() && candidate !== page.target());
    if (target) await collect(await target.createCDPSession()).catch(() => undefined);
  }
  return byMark;
}

async function chromiumNode(node: { session: CDPSession; backendNodeId: number }): Promise<{ role: string; name: string } | undefined> {
  const { nodes } = (await node.session.send('Accessibility.getPartialAXTree', { backendNodeId: node.backendNodeId, fetchRelatives: false })) as unknown as {
    nodes: Array<{ backendDOMNodeId?: number; ignored?: boolean; role?: { value?: string }; name?: { value?: string } }>;
  };
  const ax = nodes.find((candidate) => candidate.backendDOMNodeId === node.backendNodeId) ?? nodes[0];
  if (!ax || ax.ignored) return undefined;
  return { role: String(ax.role?.value ?? ''), name: String(ax.name?.value ?? '') };
}

/**
 * read_page on the page as it is, then every named or nameable ref compared with Chromium.
 * `where` names a node for the report: the corpus passes a function from case index to case key.
 */
export async function compareNames(
  steward: Pick<Steward, 'browser' | 'extensionId'>,
  page: Page,
  where: (caseIndex: string | null) => string,
): Promise<{ comparisons: NameComparison[]; unmapped: Unmapped[] }> {
  const frames = await markFrames(page);
  const read = await runMember(steward, page, 'read_page', { filter: 'all' });
  if (read.isError) throw new Error(`read_page failed: ${read.text}`);
  const byMark = await nodesByMark(page, frames);
  const comparisons: NameComparison[] = [];
  const unmapped: Unmapped[] = [];
  // Generic elements have no accessible name in ARIA: read_page shows their text only to describe them.
  for (const entry of refEntries(read.text).filter((candidate) => candidate.role !== 'generic')) {
    await takeHit(frames);
    const hover = await runMember(steward, page, 'hover', { target: { type: 'ref', ref: entry.ref } });
    const hit = hover.isError ? undefined : await takeHit(frames);
    if (!hit) {
      unmapped.push({ where: where(null), ref: entry.ref, role: entry.role, reason: hover.isError ? hover.text.split('\n')[0]! : 'no pointer event' });
      continue;
    }
    // The ref's element is the nearest one under the pointer with the same role in Chromium's tree.
    let matched: { role: string; name: string } | undefined;
    for (const mark of hit.marks.slice(0, 8)) {
      const node = byMark.get(mark);
      const ax = node && (await chromiumNode(node));
      if (ax && roleMatches(entry.role, ax.role)) {
        matched = ax;
        break;
      }
    }
    if (!matched) {
      unmapped.push({ where: where(hit.caseIndex), ref: entry.ref, role: entry.role, reason: 'no node with this role under the pointer in Chromium\'s tree' });
      continue;
    }
    const chromium = normalizeName(matched.name);
    const shown = normalizeName(entry.name);
    if (!chromium && !shown) continue;
    comparisons.push({ where: where(hit.caseIndex), ref: entry.ref, role: entry.role, steward: shown, chromium, agree: chromium === shown });
  }
  return { comparisons, unmapped };
}
