import type { ContentReply } from '../src/protocol/content';
import { type FormEffect, formEffectOf } from '../src/policy/submission';
import { formFactsOf } from './form-effect';
import { accessibleName, describeElement, roleOf } from './semantics';

/** What submitting from `element` would do, judged from its form's fields and button. */
export function formEffectOfElement(element: Element): FormEffect | undefined {
  try {
    const facts = formFactsOf(element, (node) => accessibleName(node));
    return facts ? formEffectOf(facts) : undefined;
  } catch {
    // A document the reading trips on (a detached form, an exotic element): the name and role rules still apply.
    return undefined;
  }
}

/**
 * What the policy needs to know about an element seen with a given role and description: its name
 * (never a field's value: it may be a password), its input type, and the form it would submit.
 */
export function policyFacts(element: Element, role: string, description: string): NonNullable<ContentReply<'focused'>> {
  const form = (element as HTMLInputElement).form ?? element.closest('form');
  const effect = formEffectOfElement(element);
  return {
    description,
    role,
    name: accessibleName(element, role),
    tag: element.tagName.toLowerCase(),
    ...(element instanceof HTMLInputElement ? { inputType: element.type } : {}),
    ...(form?.action ? { formAction: form.action } : {}),
    ...(effect ? { form: effect } : {}),
  };
}

function shadowRootOf(element: Element): ShadowRoot | null {
  return (element instanceof HTMLElement && chrome.dom?.openOrClosedShadowRoot?.(element)) || element.shadowRoot;
}

/**
 * The element keystrokes would go to in this frame, through open and closed shadow roots; null
 * when this frame's focus is on its body or passes on to a child frame (that frame answers).
 * Answered whether or not the window has the system focus: keys sent through the debugger reach
 * the page's focused element all the same, while the side panel holds the window's focus.
 */
export function describeFocused(): ContentReply<'focused'> {
  let element: Element | null = document.activeElement;
  for (let depth = 0; element && depth < 30; depth++) {
    const inner = shadowRootOf(element)?.activeElement;
    if (!inner) break;
    element = inner;
  }
  if (!element || element === document.body || element === document.documentElement || element instanceof HTMLIFrameElement || element instanceof HTMLFrameElement) return null;
  return policyFacts(element, roleOf(element) ?? element.tagName.toLowerCase(), describeElement(element));
}
