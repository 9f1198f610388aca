import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'preact/hooks';

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** Model text rendered as markdown, sanitised: the model may quote a page, and a page may carry markup. */
export function Markdown({ text, class: className }: { text: string; class?: string }) {
  const html = useMemo(
    () =>
      DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true, breaks: true }) as string, {
        // Nothing that loads from elsewhere: a loaded URL can carry data out without a click.
        FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'img', 'video', 'audio', 'source', 'track', 'picture', 'svg', 'math', 'object', 'embed', 'link'],
        FORBID_ATTR: ['style'],
      }),
    [text],
  );
  return <div class={`markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
