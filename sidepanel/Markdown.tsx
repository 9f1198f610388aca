import { useEffect, useMemo, useState } from 'preact/hooks';

type Render = (text: string) => string;

/**
 * marked and DOMPurify are a third of the panel's code and only needed once there is model text to
 * show, so they load on first use (a chunk of their own), not with the panel.
 */
let loading: Promise<Render> | undefined;
let loaded: Render | undefined;

export function preloadMarkdown(): Promise<Render> {
  loading ??= import('./render-markdown').then((module) => (loaded = module.renderMarkdown));
  return loading;
}

/** Model text rendered as markdown, sanitised; plain text for the moment the renderer takes to load. */
export function Markdown({ text, class: className }: { text: string; class?: string }) {
  const [render, setRender] = useState<Render | undefined>(() => loaded);
  useEffect(() => {
    if (!render) void preloadMarkdown().then((fn) => setRender(() => fn));
  }, [render]);
  const html = useMemo(() => render?.(text), [render, text]);
  if (html === undefined) return <div class={`markdown plain ${className ?? ''}`}>{text}</div>;
  return <div class={`markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
