import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import { describe, expect, it } from 'vitest';
import { editingCommands, modifierMask, parseKeySequence, parseModifiers } from './keys';

describe('parseKeySequence', () => {
  it('reads a sequence of named keys', () => {
    const strokes = parseKeySequence('Tab Tab Return', 'other');
    expect(strokes.map((s) => s.key.key)).toEqual(['Tab', 'Tab', 'Enter']);
    expect(strokes.every((s) => s.modifiers.length === 0)).toBe(true);
  });

  it('reads chords, mapping cmd to the platform', () => {
    const [linux] = parseKeySequence('cmd+shift+p', 'other');
    expect(linux?.modifiers).toEqual(['Control', 'Shift']);
    expect(linux?.key).toMatchObject({ key: 'P', code: 'KeyP', keyCode: 80 });
    const [mac] = parseKeySequence('cmd+a', 'mac');
    expect(mac?.modifiers).toEqual(['Meta']);
    expect(editingCommands(mac!, 'mac')).toEqual(['selectAll']);
  });

  it('accepts xdotool names and lone modifiers', () => {
    expect(parseKeySequence('BackSpace KP_Enter Page_Down', 'other').map((s) => s.key.key)).toEqual(['Backspace', 'Enter', 'PageDown']);
    expect(parseKeySequence('shift', 'other')[0]?.key.key).toBe('Shift');
    expect(parseKeySequence('ctrl++', 'other')[0]).toMatchObject({ modifiers: ['Control'], key: { key: '+' } });
  });

  it('refuses unknown names with an error the model can act on', () => {
    expect(() => parseKeySequence('ctrl+Frobnicate', 'other')).toThrow(ToolError);
    expect(() => parseKeySequence('hyper+a', 'other')).toThrow(/not a modifier/);
    expect(() => parseKeySequence('   ', 'other')).toThrow(/empty/);
  });
});

it('builds the CDP modifier mask', () => {
  expect(modifierMask(parseModifiers('ctrl+shift', 'other'))).toBe(2 | 8);
  expect(modifierMask(parseModifiers('cmd+alt', 'mac'))).toBe(4 | 1);
  expect(parseModifiers(undefined, 'other')).toEqual([]);
});
