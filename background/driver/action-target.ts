import { formFactsOf } from '../../content/form-effect';
import type { Point, PointerPoint } from '../../src/browser/geometry';
import { memberEntry } from '../../src/browser/members';
import { screenshotPoint } from '../../src/browser/pointer';
import { type FormEffect, type FormFacts, formEffectOf } from '../../src/policy/submission';
import * as cdp from './cdp';
import type { ChromeDriver } from './chrome-driver';
import { askContent } from './content-bridge';

/** What an action lands on, as the policy reads it (src/policy/decide.ts CallContext.target). */
export interface ActionTarget {
  role: string;
  name: string;
  inputType?: string | undefined;
  formAction?: string | undefined;
  /** The point is inside a frame Steward cannot look into from here (another process): what it hits is unknown. */
  opaqueFrame?: boolean | undefined;
  /** What pressing it (or Enter in it) would submit, and what that form is (src/policy/submission.ts). */
  form?: FormEffect | undefined;
}

/** Elements whose content is another document: a hit test from the top stops at them when it lives in another process. */
const FRAME_TAGS = new Set(['IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'PORTAL', 'FENCEDFRAME']);

interface AXValue {
  value?: unknown;
}
interface AXNode {
  nodeId: string;
  ignored?: boolean;
  role?: AXValue;
  name?: AXValue;
  parentId?: string;
  backendDOMNodeId?: number;
}

/** Roles a person acts on: the element the policy should judge, rather than the text inside it. */
const ACTIONABLE = new Set(['button', 'link', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'checkbox', 'radio', 'switch', 'tab', 'option', 'textbox', 'searchbox', 'combobox', 'spinbutton', 'slider', 'listbox']);

/** The DOM node a press at a page point (CSS pixels from the document's origin) hits, inside frames of the same process too. */
export async function hitTest(tabId: number, page: Point): Promise<{ backendNodeId: number; frameId?: string }> {
  await cdp.ensureAttached(tabId);
  return cdp.send<{ backendNodeId: number; frameId?: string }>(tabId, 'DOM.getNodeForLocation', {
    x: Math.round(page.x),
    y: Math.round(page.y),
    includeUserAgentShadowDOM: false,
    ignorePointerEventsNone: true,
  });
}

/**
 * The element a click at a point hits, described from the browser's own hit test and
 * accessibility tree (the page's scripts cannot dress it up). A coordinate click gets the same
 * policy as a click on a ref: "Pay now" asks whether the model names it or points at it. An
 * element without a role (a <div> styled as a button) is named by its visible text. A frame of
 * another process, which the hit test cannot look into, is reported as such.
 */
export async function describePoint(tabId: number, point: PointerPoint): Promise<ActionTarget & { description: string; backendNodeId: number }> {
  const hit = await hitTest(tabId, point.page);
  const { node: hitNode } = await cdp.send<{ node: { nodeName: string; attributes?: string[] } }>(tabId, 'DOM.describeNode', { backendNodeId: hit.backendNodeId });
  if (FRAME_TAGS.has(hitNode.nodeName.toUpperCase())) {
    const attributes = hitNode.attributes ?? [];
    const attribute = (name: string) => attributes[attributes.indexOf(name) + 1];
    let origin = '';
    try {
      origin = new URL(attribute('src') ?? attribute('data') ?? '').origin;
    } catch {
      // A frame without an address: its title says what it is.
    }
    const name = origin || attribute('title') || 'a frame';
    return { role: 'frame', name, opaqueFrame: true, description: `a frame from ${name}`, backendNodeId: hit.backendNodeId };
  }
  const { nodes } = await cdp.send<{ nodes: AXNode[] }>(tabId, 'Accessibility.getPartialAXTree', { backendNodeId: hit.backendNodeId, fetchRelatives: true });
  const byId = new Map(nodes.map((node) => [node.nodeId, node]));
  let node = nodes.find((candidate) => candidate.backendDOMNodeId === hit.backendNodeId) ?? nodes[0];
  const text = (value: AXValue | undefined) => (typeof value?.value === 'string' ? value.value : '');
  let chosen = node;
  for (let depth = 0; node && depth < 30; depth++, node = node.parentId ? byId.get(node.parentId) : undefined) {
    if (ACTIONABLE.has(text(node.role))) {
      chosen = node;
      break;
    }
  }
  const backendNodeId = chosen?.backendDOMNodeId ?? hit.backendNodeId;
  const details = await elementDetails(tabId, backendNodeId, hit.frameId).catch(() => ({ text: '' }));
  const role = text(chosen?.role) || 'generic';
  const name = text(chosen?.name) || details.text;
  const { text: _text, ...rest } = details;
  return { role, name, ...rest, description: `${role} ${JSON.stringify(name)}`, backendNodeId: hit.backendNodeId };
}

/**
 * The input type, the form's address and effect, and the visible text of a DOM node, read in an
 * isolated world of its frame (the page's scripts cannot patch what is read there). The text is the
 * clickable region's: the outermost ancestor, within reason, that still shows a pointer cursor.
 */
async function elementDetails(tabId: number, backendNodeId: number, frameId: string | undefined): Promise<Pick<ActionTarget, 'inputType' | 'formAction' | 'form'> & { text: string }> {
  const world = frameId ? await cdp.send<{ executionContextId: number }>(tabId, 'Page.createIsolatedWorld', { frameId, worldName: 'Steward policy' }).catch(() => undefined) : undefined;
  const { object } = await cdp.send<{ object: { objectId?: string } }>(tabId, 'DOM.resolveNode', { backendNodeId, ...(world ? { executionContextId: world.executionContextId } : {}) });
  if (!object.objectId) return { text: '' };
  try {
    const { result } = await cdp.send<{ result: { value?: { inputType?: string; formAction?: string; text: string; facts?: FormFacts } } }>(tabId, 'Runtime.callFunctionOn', {
      objectId: object.objectId,
      returnByValue: true,
      // formFactsOf is self-contained, so its source runs as is beside the node.
      functionDeclaration: `function () {
        const element = this.nodeType === 1 ? this : this.parentElement;
        if (!element) return { text: '' };
        const form = element.form || element.closest('form');
        const visible = (e) => (e.innerText || e.textContent || '').replace(/\\s+/g, ' ').trim();
        let region = element;
        for (let depth = 0; depth < 8; depth++) {
          const parent = region.parentElement;
          if (!parent || parent === document.body || getComputedStyle(parent).cursor !== 'pointer' || visible(parent).length > 200) break;
          region = parent;
        }
        return {
          inputType: element instanceof HTMLInputElement ? element.type : undefined,
          formAction: form ? form.action : undefined,
          text: (element instanceof HTMLInputElement ? (['submit', 'button', 'reset'].includes(element.type) ? element.value : '') : visible(region)).slice(0, 200),
          facts: (${formFactsOf.toString()})(element),
        };
      }`,
    });
    const { facts, ...details } = result.value ?? { text: '' };
    return { ...details, ...(facts ? { form: formEffectOf(facts) } : {}) };
  } finally {
    void cdp.send(tabId, 'Runtime.releaseObject', { objectId: object.objectId }).catch(() => undefined);
  }
}

/**
 * The element keystrokes would go to: the focused element of the focused frame, looked up in every
 * frame from Steward's isolated world, through open and closed shadow roots. `type` and `key` name
 * no target, so without this a password field could be typed into without the question.
 */
export async function describeFocused(tabId: number): Promise<ActionTarget | undefined> {
  // Frames with an element focused in them. document.hasFocus() says which one holds the page's
  // focus, but only while the window has the system focus (the side panel can take it), so every
  // frame with a focused element is asked, and those with the page's focus are preferred.
  const results = await chrome.scripting
    .executeScript({
      target: { tabId, allFrames: true },
      func: () => {
        const active = document.activeElement;
        return {
          focus: document.hasFocus(),
          origin: location.origin,
          intoFrame: active instanceof HTMLIFrameElement || active instanceof HTMLFrameElement,
          active: Boolean(active && active !== document.body && active !== document.documentElement && !(active instanceof HTMLIFrameElement || active instanceof HTMLFrameElement)),
        };
      },
    })
    .catch(() => undefined);
  // Keys would go somewhere Steward cannot see: judged as a frame it cannot look into, so Enter asks.
  if (!results) return { role: 'frame', name: 'this page', opaqueFrame: true };
  type Probe = { focus: boolean; origin: string; active: boolean; intoFrame: boolean };
  const candidates = results.flatMap((result) => ((result.result as Probe | undefined)?.active ? [{ frameId: result.frameId, ...(result.result as Probe) }] : []));
  const described = await Promise.all(
    candidates.map(async (candidate) => ({ ...candidate, target: await askContent(tabId, { type: 'focused' }, candidate.frameId).catch(() => undefined) })),
  );
  const found = described.flatMap(({ focus, target }) => (target ? [{ focus, target: target as ActionTarget }] : []));
  const unreadable = described.find((entry) => entry.target === undefined);
  if (found.length === 0 && unreadable) return { role: 'frame', name: unreadable.origin || 'a frame', opaqueFrame: true };
  // Focus went into a frame whose document does not show it (a cross-origin frame while the side
  // panel holds the window's focus): keys still reach the element there, unseen, so Enter asks.
  if (found.length === 0 && results.some((result) => (result.result as Probe | undefined)?.intoFrame)) return { role: 'frame', name: 'a frame of this page', opaqueFrame: true };
  const focused = found.filter((entry) => entry.focus);
  const pool = (focused.length > 0 ? focused : found).map((entry) => entry.target);
  // A password field wins, then a form that sends or pays: better one question too many than a password typed or a message sent unasked.
  return pool.find((target) => target.inputType === 'password') ?? pool.find((target) => target.form && target.form.kinds.length > 0) ?? pool.find((target) => target.form) ?? pool[0];
}

/**
 * What a call acts on, for the policy: the element behind a ref, under a coordinate, or with the
 * keyboard focus. Undefined when the call names no element (navigate, scroll). A coordinate whose
 * element cannot be told is reported as unknown, so the policy asks rather than allows.
 */
export async function describeCallTarget(driver: ChromeDriver, tabId: number, member: string, input: Record<string, unknown>): Promise<(ActionTarget & { description?: string }) | undefined> {
  const target = input.target as { type?: unknown; ref?: unknown; x?: unknown; y?: unknown } | undefined;
  if (target?.type === 'ref' && typeof target.ref === 'string') return driver.describeTarget(tabId, target.ref);
  if (target?.type === 'coordinate' && typeof target.x === 'number' && typeof target.y === 'number') {
    // The same mapping the click uses (src/browser/pointer.ts), from the layout as it is now.
    const where = await screenshotPoint(driver, tabId, { x: target.x, y: target.y });
    try {
      const { backendNodeId, ...described } = await describePoint(tabId, where);
      driver.judgedPoints.remember(tabId, where.viewport, backendNodeId);
      return described;
    } catch {
      return { role: 'unknown', name: '', opaqueFrame: true, description: `the point (${Math.round(target.x)}, ${Math.round(target.y)})` };
    }
  }
  // Members that type into whatever has focus.
  if (memberEntry(member)?.target === 'focus') return describeFocused(tabId);
  return undefined;
}
