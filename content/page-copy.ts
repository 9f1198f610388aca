/**
 * Copies of the page without the elements nobody can see, for get_page_text: Readability reads a
 * clone, where styles no longer say what was hidden, so the hidden elements are taken out first.
 */

/** Child-index path from the document to a node; the clone has the same shape, so the path finds its copy. */
function pathOf(node: Node): number[] {
  const path: number[] = [];
  for (let current: Node | null = node; current?.parentNode; current = current.parentNode) {
    let index = 0;
    for (let sibling = current.previousSibling; sibling; sibling = sibling.previousSibling) index++;
    path.unshift(index);
  }
  return path;
}

function follow(root: Node, path: number[]): Node | undefined {
  let node: Node | undefined = root;
  for (const index of path) node = node?.childNodes[index];
  return node;
}

/** A clone of the document with the given elements removed. */
export function withoutElements(document: Document, elements: Element[]): Document {
  const clone = document.cloneNode(true) as Document;
  // Paths first, removal after: removing one element would shift the indices of the next.
  const copies = elements.map((element) => follow(clone, pathOf(element)));
  for (const copy of copies) copy?.parentNode?.removeChild(copy);
  return clone;
}

/** The body's rendered text without the text of the given elements (rendered but unseen: off-screen, same colour, tiny). */
export function visibleInnerText(elements: Element[]): string {
  let text = document.body?.innerText ?? '';
  for (const element of elements) {
    const part = element instanceof HTMLElement ? element.innerText.trim() : '';
    if (part) text = text.replace(part, '');
  }
  return text.replace(/\n{3,}/g, '\n\n').trim();
}
