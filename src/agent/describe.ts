/** How the timeline names what a tool call acts on: short, in the user's terms. */

function clip(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function target(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const t = value as { type?: unknown; ref?: unknown; x?: unknown; y?: unknown };
  if (t.type === 'ref' && typeof t.ref === 'string') return t.ref;
  if (t.type === 'coordinate' && typeof t.x === 'number' && typeof t.y === 'number') return `(${Math.round(t.x)}, ${Math.round(t.y)})`;
  return undefined;
}

export function describeToolTarget(member: string, input: unknown): string {
  const i = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  switch (member) {
    case 'navigate':
      return typeof i.url === 'string' ? clip(i.url, 120) : '';
    case 'type':
      return typeof i.text === 'string' ? JSON.stringify(clip(i.text)) : '';
    case 'key':
      return typeof i.text === 'string' ? clip(i.text) + (typeof i.repeat === 'number' && i.repeat > 1 ? ` ×${i.repeat}` : '') : '';
    case 'form_input': {
      const where = target(i.target) ?? '';
      const value = typeof i.value === 'string' ? JSON.stringify(clip(i.value, 40)) : JSON.stringify(i.value);
      return `${where} ← ${value}`;
    }
    case 'scroll':
      return `${String(i.scroll_direction ?? '')} at ${target(i.target) ?? '?'}`;
    case 'wait':
      return typeof i.duration === 'number' ? `${i.duration} s` : '';
    case 'read_page':
      return [i.filter ? `filter ${String(i.filter)}` : 'visible', i.ref ? `under ${String(i.ref)}` : ''].filter(Boolean).join(', ');
    case 'switch_tab':
    case 'close_tab':
      return typeof i.tab_id === 'string' ? `tab ${i.tab_id}` : '';
    default:
      return target(i.target) ?? '';
  }
}
