/**
 * Helpers a mock script uses to read a request the way the model would: what
 * the task is, what the last tool calls returned, and which element ref to act
 * on next.
 */
import type {
  BetaContentBlockParam,
  BetaImageBlockParam,
  BetaMessageParam,
  BetaToolResultBlockParam,
  MessageCreateParamsBase,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';

type Request = Pick<MessageCreateParamsBase, 'messages'>;
type ToolResultContent = Exclude<BetaToolResultBlockParam['content'], string | undefined>[number];

const SNAPSHOT_EXCERPT_CHARS = 2_000;
/** `<indent><role> "<name>" [ref_N] <states...>`; the name is optional and JSON-quoted. */
const SNAPSHOT_LINE = /^\s*(\S+?)(?:\s+("(?:[^"\\]|\\.)*"))?\s+\[(ref_\d+)\]/;

/** The tool_result blocks of the last user message; empty when it carries none. */
export function lastToolResults(request: Request): BetaToolResultBlockParam[] {
  const lastUser = request.messages.findLast((message) => message.role === 'user');
  return lastUser ? contentBlocks(lastUser).filter(isToolResult) : [];
}

/**
 * The text of a tool_result, its text blocks joined by newlines (so line-based
 * snapshots survive being split across blocks). Images and browser_state are skipped.
 */
export function toolResultText(block: BetaToolResultBlockParam): string {
  if (typeof block.content === 'string') return block.content;
  return (block.content ?? [])
    .filter((part): part is Extract<ToolResultContent, { type: 'text' }> => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
}

export function toolResultImages(block: BetaToolResultBlockParam): BetaImageBlockParam[] {
  if (typeof block.content === 'string' || !block.content) return [];
  return block.content.filter((part): part is BetaImageBlockParam => part.type === 'image');
}

/** The ref of the first snapshot line with exactly this role and accessible name. */
export function findRef(readPageText: string, role: string, name: string): string {
  for (const line of readPageText.split(/\r?\n/)) {
    const entry = parseSnapshotLine(line);
    if (entry && entry.role === role && entry.name === name) return entry.ref;
  }
  const excerpt = readPageText.slice(0, SNAPSHOT_EXCERPT_CHARS);
  const truncated = readPageText.length > SNAPSHOT_EXCERPT_CHARS ? '\n…(truncated)' : '';
  throw new Error(`findRef: no element with role ${JSON.stringify(role)} and name ${JSON.stringify(name)} in snapshot:\n${excerpt}${truncated}`);
}

/** The text of the first user message: the task the user typed. */
export function userText(request: Request): string {
  const firstUser = request.messages.find((message) => message.role === 'user');
  if (!firstUser) return '';
  if (typeof firstUser.content === 'string') return firstUser.content;
  return contentBlocks(firstUser)
    .flatMap((block) => (block.type === 'text' ? [block.text] : []))
    .join('\n');
}

/** Every tool_result in the conversation: a script's natural "which step am I on". */
export function countToolResults(request: Request): number {
  return request.messages.reduce((count, message) => count + contentBlocks(message).filter(isToolResult).length, 0);
}

function contentBlocks(message: BetaMessageParam): BetaContentBlockParam[] {
  // System messages can carry only text and tool changes, never tool results.
  if (message.role === 'system') return [];
  return typeof message.content === 'string' ? [] : message.content;
}

function isToolResult(block: BetaContentBlockParam): block is BetaToolResultBlockParam {
  return block.type === 'tool_result';
}

function parseSnapshotLine(line: string): { role: string; name: string | undefined; ref: string } | undefined {
  const match = SNAPSHOT_LINE.exec(line);
  if (!match) return undefined;
  const [, role = '', quotedName, ref = ''] = match;
  return { role, name: quotedName === undefined ? undefined : parseQuoted(quotedName), ref };
}

function parseQuoted(quoted: string): string | undefined {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return undefined;
  }
}
