/**
 * Text in a page that speaks to the assistant as if it were the user or the system: the usual
 * shape of a prompt injection. Found, the task pauses and the user decides whether it goes on.
 * The patterns are deliberately specific: ordinary pages ("click here", "sign in") do not match.
 */
const PATTERNS: ReadonlyArray<RegExp> = [
  /\b(ignore|disregard|forget)\b[^.\n]{0,40}\b(previous|prior|above|earlier|all|your)\b[^.\n]{0,20}\b(instructions?|prompts?|rules|directions)\b/i,
  /\b(new|updated|revised)\s+(system\s+)?instructions?\s*(for|to)\s+(the\s+)?(ai|assistant|agent|claude|model)\b/i,
  /\b(attention|note|message)\s*(to|for)\s*(the\s+)?(ai|assistant|agent|claude|llm|model)\b/i,
  /\byou are now\b[^.\n]{0,60}\b(assistant|agent|ai|mode|jailbroken|unrestricted)\b/i,
  /^\s*(system|assistant)\s*:/im,
  /<\/?(system|instructions?|im_start|im_end)>/i,
  /\b(reveal|print|show|repeat)\b[^.\n]{0,30}\b(system prompt|your instructions|hidden instructions)\b/i,
  /\b(as an ai (assistant|agent)|dear (ai|assistant|agent|claude))\b/i,
];

export interface InjectionFinding {
  /** The words that matched, with a little context, as the user will read them. */
  excerpt: string;
}

export function findInjection(text: string): InjectionFinding | undefined {
  for (const pattern of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const start = Math.max(0, match.index - 60);
    const end = Math.min(text.length, match.index + match[0].length + 60);
    const excerpt = `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
    return { excerpt };
  }
  return undefined;
}
