import { type Point, toCssPoint } from '../../src/browser/geometry';
import * as cdp from './cdp';
import type { ChromeDriver } from './chrome-driver';

/** What an action lands on, as the policy reads it (src/policy/decide.ts CallContext.target). */
export interface ActionTarget {
  role: string;
  name: string;
  inputType?: string | undefined;
  formAction?: string | undefined;
  /** The point is inside a frame Steward cannot look into from here (another process): what it hits is unknown. */
  opaqueFrame?: boolean | undefined;
  form?: {
    action?: string;            // absolute URL the form submits to, if a <form>
    fields: string[];           // names or labels of the form's fields (never their values)
    defaultButton?: string;     // accessible name of the button Enter (or this click) would press
    kinds: Array<'payment' | 'sign-in' | 'password' | 'message'>;
  };
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

/**
 * The element a click at a CSS point of the tab's viewport hits, described from the browser's own
 * hit test and accessibility tree (the page's scripts cannot dress it up). A coordinate click gets
 * the same policy as a click on a ref: "Pay now" asks whether the model names it or points at it.
 * Undefined when nothing can be said (the point is in a frame of another process, say).
 */
export async function describePoint(tabId: number, point: Point): Promise<ActionTarget | undefined> {
  await cdp.ensureAttached(tabId);
  const hit = await cdp.send<{ backendNodeId: number }>(tabId, 'DOM.getNodeForLocation', {
    x: Math.round(point.x),
    y: Math.round(point.y),
    includeUserAgentShadowDOM: false,
    ignorePointerEventsNone: true,
  });
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
    return { role: 'frame', name: origin || attribute('title') || 'a frame', opaqueFrame: true };
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
  if (!chosen) return undefined;
  const backendNodeId = chosen.backendDOMNodeId ?? hit.backendNodeId;
  const details = await elementDetails(tabId, backendNodeId).catch(() => ({}));
  return { role: text(chosen.role) || 'generic', name: text(chosen.name), ...details };
}

/** The input type and the form's address of a DOM node, for the policy's password and payment rules. */
async function elementDetails(tabId: number, backendNodeId: number): Promise<Pick<ActionTarget, 'inputType' | 'formAction'>> {
  const { object } = await cdp.send<{ object: { objectId?: string } }>(tabId, 'DOM.resolveNode', { backendNodeId });
  if (!object.objectId) return {};
  try {
    const { result } = await cdp.send<{ result: { value?: { inputType?: string; formAction?: string } } }>(tabId, 'Runtime.callFunctionOn', {
      objectId: object.objectId,
      returnByValue: true,
      functionDeclaration: `function () {
        const form = this.form || (this.closest && this.closest('form'));
        return { inputType: this instanceof HTMLInputElement ? this.type : undefined, formAction: form ? form.action : undefined };
      }`,
    });
    return result.value ?? {};
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
  const results = await chrome.scripting.executeScript({
    target: { tabId, allFrames: true },
    func: () => {
      if (!document.hasFocus()) return null;
      const shadowOf = (element: Element) => (element instanceof HTMLElement && chrome.dom?.openOrClosedShadowRoot?.(element)) || element.shadowRoot;
      let element: Element | null = document.activeElement;
      for (let depth = 0; element && depth < 30; depth++) {
        const inner = shadowOf(element)?.activeElement;
        if (!inner) break;
        element = inner;
      }
      if (!element || element === document.body || element instanceof HTMLIFrameElement || element instanceof HTMLFrameElement) return null;
      const input = element instanceof HTMLInputElement ? element : null;
      const tag = element.tagName.toLowerCase();
      const implicitRole =
        tag === 'button' || (input && ['submit', 'button', 'reset', 'image'].includes(input.type)) ? 'button' : tag === 'a' ? 'link' : input || tag === 'textarea' ? 'textbox' : tag === 'select' ? 'combobox' : tag;
      // Never a field's value: it may be a password.
      const text = (element as HTMLElement).innerText ?? '';
      return {
        role: element.getAttribute('role') ?? implicitRole,
        name: (element.getAttribute('aria-label') || input?.labels?.[0]?.textContent || (input ? (['submit', 'button', 'reset'].includes(input.type) ? input.value : '') : text) || '').trim().slice(0, 200),
        inputType: input?.type,
        formAction: (input?.form ?? element.closest('form'))?.action,
      };
    },
  });
  const found = results.map((result) => result.result as ActionTarget | null | undefined).filter((result): result is ActionTarget => Boolean(result));
  // A password field anywhere that has focus wins: better one question too many than a password typed unasked.
  return found.find((target) => target.inputType === 'password') ?? found[0];
}

/** Members that type into whatever has focus. */
const KEYSTROKES = new Set(['type', 'key', 'hold_key']);

/**
 * What a call acts on, for the policy: the element behind a ref, under a coordinate, or with the
 * keyboard focus. Undefined when the call names no element (navigate, scroll) or it cannot be told.
 */
export async function describeCallTarget(driver: ChromeDriver, tabId: number, member: string, input: Record<string, unknown>): Promise<(ActionTarget & { description?: string }) | undefined> {
  const target = input.target as { type?: unknown; ref?: unknown; x?: unknown; y?: unknown } | undefined;
  if (target?.type === 'ref' && typeof target.ref === 'string') return driver.describeTarget(tabId, target.ref);
  if (target?.type === 'coordinate' && typeof target.x === 'number' && typeof target.y === 'number') {
    return describePoint(tabId, toCssPoint({ x: target.x, y: target.y }, await driver.viewport(tabId)));
  }
  if (KEYSTROKES.has(member)) return describeFocused(tabId);
  return undefined;
}
