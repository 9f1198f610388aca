import { useEffect } from 'preact/hooks';

/**
 * Alt+letter shortcuts for the buttons of a card, while it is shown. Matched on the key's
 * position (KeyA), so Alt+A works where Alt types a letter of its own (macOS). A disabled or
 * absent answer ignores its key.
 */
export function useAltShortcuts(keys: Record<string, (() => void) | undefined>, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const letter = /^Key([A-Z])$/.exec(event.code)?.[1];
      const run = letter ? keys[letter] : undefined;
      if (!run) return;
      event.preventDefault();
      run();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  });
}

/** The label with its shortcut's letter underlined, as menus show theirs; the name stays the plain label. */
export function withAccessKey(label: string, letter: string) {
  const at = label.toUpperCase().indexOf(letter.toUpperCase());
  if (at < 0) return label;
  return [label.slice(0, at), <u key="key">{label[at]}</u>, label.slice(at + 1)];
}
