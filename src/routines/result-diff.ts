/**
 * The difference between two runs' results, line by line (a longest-common-subsequence diff).
 * Results are a few paragraphs of the model's answer, so the quadratic table is small; past
 * MAX_LINES the two are compared whole.
 */
export interface DiffLine {
  op: 'same' | 'added' | 'removed';
  text: string;
}

const MAX_LINES = 400;

/** Whitespace-insensitive: a reflowed paragraph or a trailing space is not a change. */
function normalize(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '');
}

export function sameResult(previous: string, current: string): boolean {
  return normalize(previous).join('\n') === normalize(current).join('\n');
}

export function diffResults(previous: string, current: string): DiffLine[] {
  const a = normalize(previous);
  const b = normalize(current);
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return sameResult(previous, current)
      ? b.map((text) => ({ op: 'same', text }))
      : [...a.map((text) => ({ op: 'removed' as const, text })), ...b.map((text) => ({ op: 'added' as const, text }))];
  }
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ op: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
      lines.push({ op: 'removed', text: a[i++]! });
    } else {
      lines.push({ op: 'added', text: b[j++]! });
    }
  }
  while (i < a.length) lines.push({ op: 'removed', text: a[i++]! });
  while (j < b.length) lines.push({ op: 'added', text: b[j++]! });
  return lines;
}
