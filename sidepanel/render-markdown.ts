import DOMPurify from 'dompurify';
import { marked } from 'marked';

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** Model text as sanitised HTML: the model may quote a page, and a page may carry markup. */
export function renderMarkdown(text: string): string {
  return DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true, breaks: true }) as string, {
    // Nothing that loads from elsewhere: a loaded URL can carry data out without a click.
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'img', 'video', 'audio', 'source', 'track', 'picture', 'svg', 'math', 'object', 'embed', 'link'],
    FORBID_ATTR: ['style'],
  });
}
