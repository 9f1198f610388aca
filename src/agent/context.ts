import type {
  BetaContentBlockParam,
  BetaMessageParam,
  BetaToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';

/**
 * Screenshots older than the latest few rarely matter, and cost tokens on every step: they become a
 * line of text. Dropping one changes the conversation from that point on, which the prompt cache
 * must then write again, so they are dropped in batches: once there are more than MAX_IMAGES, all
 * but the latest KEEP_IMAGES go at once. Between batches, old screenshots are read from the cache
 * at a tenth of the price.
 */
export const KEEP_IMAGES = 3;
export const MAX_IMAGES = 12;
export const IMAGE_PLACEHOLDER = '[An earlier screenshot was removed to save context. Take a new one if you need to see the page.]';

type ToolResultContent = Exclude<BetaToolResultBlockParam['content'], string | undefined>;

function isToolResult(block: BetaContentBlockParam): block is BetaToolResultBlockParam {
  return block.type === 'tool_result';
}

/**
 * The conversation as it is sent: older screenshots replaced by a placeholder, and a cache
 * breakpoint at the end, so each step reads the whole history from the prompt cache and pays only
 * for what is new. The stored conversation is never changed.
 */
export function prepareMessages(messages: readonly BetaMessageParam[], keepImages = KEEP_IMAGES, maxImages = MAX_IMAGES): BetaMessageParam[] {
  return withRollingBreakpoint(withoutOldImages(messages, keepImages, maxImages));
}

function imageCount(messages: readonly BetaMessageParam[]): number {
  let count = 0;
  for (const message of messages) {
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (isToolResult(block) && Array.isArray(block.content)) count += (block.content as ToolResultContent).filter((part) => part.type === 'image').length;
    }
  }
  return count;
}

/**
 * The conversation with old screenshots replaced by a line of text: none while there are at most
 * `maxImages`, then all but the latest `keepImages`. Applying it twice changes nothing more.
 */
export function withoutOldImages(messages: readonly BetaMessageParam[], keepImages = KEEP_IMAGES, maxImages = MAX_IMAGES): BetaMessageParam[] {
  if (imageCount(messages) <= Math.max(keepImages, maxImages)) return [...messages];
  let imagesLeft = keepImages;
  const prepared: BetaMessageParam[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== 'user' || typeof message.content === 'string') {
      prepared.unshift(message);
      continue;
    }
    const content = message.content.map((block) => {
      if (!isToolResult(block) || !Array.isArray(block.content)) return block;
      const inner = block.content as ToolResultContent;
      const images = inner.filter((part) => part.type === 'image').length;
      if (images === 0) return block;
      if (imagesLeft >= images) {
        imagesLeft -= images;
        return block;
      }
      imagesLeft = 0;
      return { ...block, content: inner.map((part) => (part.type === 'image' ? { type: 'text' as const, text: IMAGE_PLACEHOLDER } : part)) };
    });
    prepared.unshift({ ...message, content });
  }
  return prepared;
}

/** Marks the last block of the last user message as a cache breakpoint (the API allows four; tools and system take two). */
function withRollingBreakpoint(messages: BetaMessageParam[]): BetaMessageParam[] {
  const index = messages.findLastIndex((message) => message.role === 'user');
  if (index < 0) return messages;
  const message = messages[index] as Extract<BetaMessageParam, { role: 'user' }>;
  const blocks: BetaContentBlockParam[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : [...message.content];
  const last = blocks.at(-1);
  if (!last || last.type === 'thinking' || last.type === 'redacted_thinking') return messages;
  blocks[blocks.length - 1] = { ...last, cache_control: { type: 'ephemeral' } } as BetaContentBlockParam;
  const copy = [...messages];
  copy[index] = { ...message, content: blocks } as BetaMessageParam;
  return copy;
}

/**
 * A smaller conversation for a request the API found too large: tool results other than the
 * latest few are cut to a line, keeping every tool_use paired with its result.
 */
export function trimForRetry(messages: readonly BetaMessageParam[], keepRecent = 4): BetaMessageParam[] {
  const userIndexes = messages.map((message, index) => (message.role === 'user' ? index : -1)).filter((index) => index >= 0);
  const keepFrom = userIndexes.at(-keepRecent) ?? 0;
  return messages.map((message, index) => {
    if (index >= keepFrom || message.role !== 'user' || typeof message.content === 'string') return message;
    return {
      ...message,
      content: message.content.map((block) =>
        isToolResult(block) ? { ...block, content: '[Result removed to fit the context window; act on the current page, not on this step.]' } : block,
      ),
    };
  });
}
