import type { FormFacts } from '../src/policy/submission';

/**
 * What submitting would do from `element`: the form it belongs to (through `form=` too), that
 * form's fields (names or labels, never values), its action, and the button Enter or this click
 * would press. Without a <form>, a text box next to a button is read as a composer (chat and
 * comment boxes are built so). Undefined when the element submits nothing: a button that is not a
 * submit button, a field with no form and no button near it.
 *
 * Self-contained on purpose: the background also runs it on an element a coordinate hits, through
 * the debugger (background/driver/action-target.ts), so it may use nothing from outside its body.
 * `nameOf` gives accessible names; without it a plainer reading of labels is used.
 */
export function formFactsOf(element: Element, nameOf?: (element: Element) => string): FormFacts | undefined {
  const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim().slice(0, 120);
  const byIds = (ids: string | null) =>
    (ids ?? '')
      .split(/\s+/)
      .map((id) => element.ownerDocument.getElementById(id)?.textContent ?? '')
      .join(' ');
  const plainName = (node: Element): string => {
    const html = node as HTMLInputElement;
    // A label's own words, without the text of a control inside it (a textarea's text is its value).
    const labelText = (label: Element) => {
      const clone = label.cloneNode(true) as Element;
      clone.querySelectorAll('input, select, textarea, button, [contenteditable]').forEach((inner) => inner.remove());
      return clone.textContent;
    };
    const labels = 'labels' in html && html.labels ? [...html.labels].map(labelText).join(' ') : '';
    const isButtonInput = node instanceof HTMLInputElement && ['submit', 'button', 'reset', 'image'].includes(node.type);
    return clean(
      node.getAttribute('aria-label') ||
        byIds(node.getAttribute('aria-labelledby')) ||
        labels ||
        (isButtonInput ? node.value || node.getAttribute('alt') || (node.type === 'submit' ? 'Submit' : '') : '') ||
        (node instanceof HTMLButtonElement || node.getAttribute('role') === 'button' ? node.textContent : '') ||
        node.getAttribute('placeholder') ||
        node.getAttribute('aria-placeholder') ||
        node.getAttribute('title') ||
        '',
    );
  };
  const name = (node: Element) => clean(nameOf?.(node)) || plainName(node);
  const fieldLabel = (node: Element) => name(node) || clean(node.getAttribute('name') || node.id);

  const isSubmitButton = (node: Element) =>
    (node instanceof HTMLButtonElement && node.type === 'submit') || (node instanceof HTMLInputElement && (node.type === 'submit' || node.type === 'image'));
  const isButton = (node: Element) =>
    node instanceof HTMLButtonElement || (node instanceof HTMLInputElement && ['submit', 'button', 'reset', 'image'].includes(node.type)) || node.getAttribute('role') === 'button';
  const NOT_FIELDS = ['hidden', 'submit', 'button', 'reset', 'image'];
  const isEditable = (node: Element) =>
    (node instanceof HTMLInputElement && !NOT_FIELDS.includes(node.type) && !['checkbox', 'radio', 'file', 'range', 'color'].includes(node.type)) ||
    node instanceof HTMLTextAreaElement ||
    (node instanceof HTMLElement && node.isContentEditable) ||
    node.getAttribute('role') === 'textbox' ||
    node.getAttribute('role') === 'searchbox' ||
    node.getAttribute('role') === 'combobox';
  const fieldType = (node: Element) =>
    node instanceof HTMLInputElement
      ? node.type
      : node instanceof HTMLTextAreaElement
        ? 'textarea'
        : node instanceof HTMLSelectElement
          ? 'select'
          : node instanceof HTMLElement && node.isContentEditable
            ? 'contenteditable'
            : node.getAttribute('role') === 'searchbox'
              ? 'search'
              : 'textbox';
  const fact = (node: Element) => ({ label: fieldLabel(node), type: fieldType(node), autocomplete: clean(node.getAttribute('autocomplete')).toLowerCase() });
  // The outermost editable host: a contenteditable's inner paragraphs belong to it.
  const editableRoot = (node: Element) => {
    let current: Element = node;
    while (current.parentElement instanceof HTMLElement && current.parentElement.isContentEditable) current = current.parentElement;
    return current;
  };

  const start = element instanceof HTMLElement && element.isContentEditable ? editableRoot(element) : element;
  const owner = (start as HTMLInputElement).form ?? start.closest('form');
  if (owner instanceof HTMLFormElement) {
    if (isButton(start) && !isSubmitButton(start)) return undefined;
    const controls = [...owner.elements];
    const pressed = isSubmitButton(start) ? start : controls.find(isSubmitButton);
    const editables = [...owner.querySelectorAll('[contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"], [role="textbox"]')];
    const fields = [...controls.filter((node) => !(node instanceof HTMLFieldSetElement || node instanceof HTMLOutputElement || node instanceof HTMLObjectElement) && !(node instanceof HTMLInputElement && NOT_FIELDS.includes(node.type)) && !(node instanceof HTMLButtonElement)), ...editables];
    const override = pressed && (pressed as HTMLButtonElement).hasAttribute('formaction') ? (pressed as HTMLButtonElement).formAction : '';
    return { action: override || owner.action, fields: fields.map(fact), button: pressed ? name(pressed) : undefined, composer: false };
  }

  // No <form>: the smallest container a few levels up that holds both a text box and a button.
  const editableHere = isEditable(start);
  if (!editableHere && !isButton(start)) return undefined;
  let container: Element | null = start.parentElement;
  for (let depth = 0; container && container !== element.ownerDocument.body && depth < 5; depth++, container = container.parentElement) {
    const buttons = [...container.querySelectorAll('button, [role="button"], input[type="submit"], input[type="button"], input[type="image"]')].filter((node) => !(node as HTMLButtonElement).disabled || node === start);
    const editables = [...container.querySelectorAll('input, textarea, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"], [role="textbox"], [role="searchbox"]')].filter((node) => isEditable(node) && node.getClientRects().length > 0).map(editableRoot);
    if (editableHere ? buttons.length === 0 : editables.length === 0) continue;
    // Enter presses the button after the text box (a composer's Send sits after it), else the last one.
    const after = buttons.find((node) => start.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING);
    const pressed = editableHere ? (after ?? buttons[buttons.length - 1]) : start;
    return { fields: [...new Set(editableHere ? [start, ...editables] : editables)].map(fact), button: pressed ? name(pressed) : undefined, composer: true };
  }
  return undefined;
}
