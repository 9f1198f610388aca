import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';

/** A key as CDP's Input.dispatchKeyEvent wants it. */
export interface KeyDefinition {
  key: string;
  code: string;
  keyCode: number;
  /** The character the key types, for keys that type one. */
  text?: string;
  /** Where a key such as Shift sits: 1 left, 2 right. */
  location?: number;
}

export type Modifier = 'Alt' | 'Control' | 'Meta' | 'Shift';

/** CDP's modifier bit mask. */
export const MODIFIER_BITS: Record<Modifier, number> = { Alt: 1, Control: 2, Meta: 4, Shift: 8 };

export interface KeyStroke {
  modifiers: Modifier[];
  key: KeyDefinition;
}

export type Platform = 'mac' | 'other';

const NAMED_KEYS: Record<string, KeyDefinition> = {
  enter: { key: 'Enter', code: 'Enter', keyCode: 13, text: '\r' },
  tab: { key: 'Tab', code: 'Tab', keyCode: 9 },
  escape: { key: 'Escape', code: 'Escape', keyCode: 27 },
  backspace: { key: 'Backspace', code: 'Backspace', keyCode: 8 },
  delete: { key: 'Delete', code: 'Delete', keyCode: 46 },
  insert: { key: 'Insert', code: 'Insert', keyCode: 45 },
  space: { key: ' ', code: 'Space', keyCode: 32, text: ' ' },
  arrowup: { key: 'ArrowUp', code: 'ArrowUp', keyCode: 38 },
  arrowdown: { key: 'ArrowDown', code: 'ArrowDown', keyCode: 40 },
  arrowleft: { key: 'ArrowLeft', code: 'ArrowLeft', keyCode: 37 },
  arrowright: { key: 'ArrowRight', code: 'ArrowRight', keyCode: 39 },
  home: { key: 'Home', code: 'Home', keyCode: 36 },
  end: { key: 'End', code: 'End', keyCode: 35 },
  pageup: { key: 'PageUp', code: 'PageUp', keyCode: 33 },
  pagedown: { key: 'PageDown', code: 'PageDown', keyCode: 34 },
  capslock: { key: 'CapsLock', code: 'CapsLock', keyCode: 20 },
  contextmenu: { key: 'ContextMenu', code: 'ContextMenu', keyCode: 93 },
  shift: { key: 'Shift', code: 'ShiftLeft', keyCode: 16, location: 1 },
  control: { key: 'Control', code: 'ControlLeft', keyCode: 17, location: 1 },
  alt: { key: 'Alt', code: 'AltLeft', keyCode: 18, location: 1 },
  meta: { key: 'Meta', code: 'MetaLeft', keyCode: 91, location: 1 },
};

/** The names models and xdotool use for the keys above. */
const ALIASES: Record<string, string> = {
  return: 'enter',
  kp_enter: 'enter',
  esc: 'escape',
  del: 'delete',
  up: 'arrowup',
  down: 'arrowdown',
  left: 'arrowleft',
  right: 'arrowright',
  page_up: 'pageup',
  prior: 'pageup',
  page_down: 'pagedown',
  next: 'pagedown',
  spacebar: 'space',
  menu: 'contextmenu',
};

const MODIFIER_NAMES: Record<string, Modifier | 'Command'> = {
  shift: 'Shift',
  ctrl: 'Control',
  control: 'Control',
  alt: 'Alt',
  option: 'Alt',
  opt: 'Alt',
  meta: 'Meta',
  super: 'Meta',
  win: 'Meta',
  windows: 'Meta',
  cmd: 'Command',
  command: 'Command',
};

const SHIFTED_PUNCTUATION: Record<string, [string, string]> = {
  // character -> [code, unshifted character]
  '!': ['Digit1', '1'], '@': ['Digit2', '2'], '#': ['Digit3', '3'], $: ['Digit4', '4'], '%': ['Digit5', '5'],
  '^': ['Digit6', '6'], '&': ['Digit7', '7'], '*': ['Digit8', '8'], '(': ['Digit9', '9'], ')': ['Digit0', '0'],
  _: ['Minus', '-'], '+': ['Equal', '='], '{': ['BracketLeft', '['], '}': ['BracketRight', ']'], '|': ['Backslash', '\\'],
  ':': ['Semicolon', ';'], '"': ['Quote', "'"], '<': ['Comma', ','], '>': ['Period', '.'], '?': ['Slash', '/'], '~': ['Backquote', '`'],
};

const PUNCTUATION: Record<string, [string, number]> = {
  '-': ['Minus', 189], '=': ['Equal', 187], '[': ['BracketLeft', 219], ']': ['BracketRight', 221], '\\': ['Backslash', 220],
  ';': ['Semicolon', 186], "'": ['Quote', 222], ',': ['Comma', 188], '.': ['Period', 190], '/': ['Slash', 191], '`': ['Backquote', 192],
};

/** The key that types `char` on a US layout, or undefined for a character no key types. */
export function keyForCharacter(char: string): KeyDefinition | undefined {
  if (/^[a-z]$/.test(char)) return { key: char, code: `Key${char.toUpperCase()}`, keyCode: char.toUpperCase().charCodeAt(0), text: char };
  if (/^[A-Z]$/.test(char)) return { key: char, code: `Key${char}`, keyCode: char.charCodeAt(0), text: char };
  if (/^[0-9]$/.test(char)) return { key: char, code: `Digit${char}`, keyCode: char.charCodeAt(0), text: char };
  const punctuation = PUNCTUATION[char];
  if (punctuation) return { key: char, code: punctuation[0], keyCode: punctuation[1], text: char };
  const shifted = SHIFTED_PUNCTUATION[char];
  if (shifted) {
    const base = shifted[1];
    const keyCode = PUNCTUATION[base]?.[1] ?? base.charCodeAt(0);
    return { key: char, code: shifted[0], keyCode, text: char };
  }
  return undefined;
}

function namedKey(name: string): KeyDefinition | undefined {
  const lower = name.toLowerCase();
  const function_key = /^f([1-9]|1[0-9]|2[0-4])$/.exec(lower);
  if (function_key) {
    const n = Number(function_key[1]);
    return { key: `F${n}`, code: `F${n}`, keyCode: 111 + n };
  }
  return NAMED_KEYS[ALIASES[lower] ?? lower];
}

/**
 * Parses the key member's text: space-separated presses, each a "+"-joined chord ("ctrl+a",
 * "cmd+shift+p", "Tab Tab Return"). cmd means Meta on a Mac and Control elsewhere, as a person
 * switching platforms would expect the shortcut to do.
 */
export function parseKeySequence(text: string, platform: Platform): KeyStroke[] {
  const presses = text.trim().split(/\s+/).filter(Boolean);
  if (presses.length === 0) throw new ToolError('The key text is empty. Give a key such as "Enter" or a chord such as "ctrl+a".');
  if (presses.length > 100) throw new ToolError(`The key text has ${presses.length} presses; send at most 100 at once.`);
  return presses.map((press) => parseChord(press, platform));
}

export function parseChord(press: string, platform: Platform): KeyStroke {
  // "+" alone, or a chord ending in "+" ("ctrl++"), presses the plus key itself.
  const parts = press === '+' ? ['+'] : press.endsWith('++') ? [...press.slice(0, -2).split('+'), '+'] : press.split('+');
  const modifiers: Modifier[] = [];
  const names = parts.filter((part) => part !== '');
  if (names.length === 0) throw new ToolError(`"${press}" names no key.`);
  const last = names[names.length - 1] as string;
  for (const part of names.slice(0, -1)) {
    const modifier = MODIFIER_NAMES[part.toLowerCase()];
    if (!modifier) throw new ToolError(`"${part}" in "${press}" is not a modifier. Use ctrl, shift, alt, cmd or meta before the key.`);
    const resolved: Modifier = modifier === 'Command' ? (platform === 'mac' ? 'Meta' : 'Control') : modifier;
    if (!modifiers.includes(resolved)) modifiers.push(resolved);
  }
  const lone = MODIFIER_NAMES[last.toLowerCase()];
  if (lone && names.length >= 1) {
    const resolved: Modifier = lone === 'Command' ? (platform === 'mac' ? 'Meta' : 'Control') : lone;
    const key = namedKey(resolved);
    if (key) return { modifiers: modifiers.filter((m) => m !== resolved), key };
  }
  const key = namedKey(last) ?? (last.length === 1 ? keyForCharacter(last) : undefined);
  if (!key) throw new ToolError(`"${last}" is not a key name. Use names such as Enter, Tab, Escape, Backspace, ArrowDown, F5, or a single character.`);
  return { modifiers, key: withShift(key, modifiers) };
}

/** Shift+a types "A": the event must carry what the page would see. */
function withShift(key: KeyDefinition, modifiers: Modifier[]): KeyDefinition {
  if (!modifiers.includes('Shift') || !key.text || !/^[a-z]$/.test(key.text)) return key;
  const upper = key.text.toUpperCase();
  return { ...key, key: upper, text: upper };
}

export function modifierMask(modifiers: readonly Modifier[]): number {
  return modifiers.reduce((mask, modifier) => mask | MODIFIER_BITS[modifier], 0);
}

/**
 * On a Mac, Chromium runs editing shortcuts from the OS key bindings, which synthetic CDP events
 * skip; these commands make cmd+a, cmd+c and friends do what they do for a person.
 */
export function editingCommands(stroke: KeyStroke, platform: Platform): string[] {
  if (platform !== 'mac' || !stroke.modifiers.includes('Meta')) return [];
  const commands: Record<string, string> = { a: 'selectAll', c: 'copy', x: 'cut', v: 'paste', z: 'undo' };
  const command = commands[stroke.key.key.toLowerCase()];
  if (!command) return [];
  return [stroke.modifiers.includes('Shift') && command === 'undo' ? 'redo' : command];
}

/** Parses the optional modifiers of a click ("shift", "ctrl+shift", "cmd+alt"). */
export function parseModifiers(chord: string | null | undefined, platform: Platform): Modifier[] {
  if (!chord || !chord.trim()) return [];
  const modifiers: Modifier[] = [];
  for (const part of chord.split('+').map((p) => p.trim()).filter(Boolean)) {
    const modifier = MODIFIER_NAMES[part.toLowerCase()];
    if (!modifier) throw new ToolError(`"${part}" is not a modifier key. Use shift, ctrl, alt, cmd or meta joined by "+".`);
    const resolved: Modifier = modifier === 'Command' ? (platform === 'mac' ? 'Meta' : 'Control') : modifier;
    if (!modifiers.includes(resolved)) modifiers.push(resolved);
  }
  return modifiers;
}
