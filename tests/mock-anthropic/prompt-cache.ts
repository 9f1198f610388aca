import { createHash } from 'node:crypto';
import type { BetaMessageCreateParams } from './server';

/** What one request costs in input tokens, split as the API bills it. */
export interface CacheAccount {
  input: number;
  cacheWrite: number;
  cacheRead: number;
}

/** The API caches nothing shorter than this (the smallest of the models' minimums). */
export const MIN_CACHEABLE_TOKENS = 1024;
/** The API looks for an earlier hit this many blocks before each breakpoint. */
const LOOKBACK_BLOCKS = 20;
/** An image costs about this much whatever its base64 length (a 1280x800 screenshot is ~1,400). */
const IMAGE_TOKENS = 1_500;

interface Segment {
  tokens: number;
  breakpoint: boolean;
  key: string;
}

function estimate(value: unknown): number {
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'image') return IMAGE_TOKENS;
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'tool_result') {
    const content = (value as { content?: unknown }).content;
    if (Array.isArray(content)) return content.reduce((sum: number, part) => sum + estimate(part), 8);
  }
  return Math.max(1, Math.ceil((JSON.stringify(value) ?? '').length / 4));
}

function withoutCacheControl(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCacheControl);
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) if (key !== 'cache_control') copy[key] = withoutCacheControl(inner);
    return copy;
  }
  return value;
}

function marked(value: unknown): boolean {
  return Boolean(value && typeof value === 'object' && (value as { cache_control?: unknown }).cache_control);
}

/** The request as the cache sees it: tools, then system, then each message's blocks, in order. */
function segmentsOf(params: BetaMessageCreateParams): Segment[] {
  const parts: Array<{ value: unknown; breakpoint: boolean }> = [];
  for (const tool of params.tools ?? []) parts.push({ value: tool, breakpoint: marked(tool) });
  if (typeof params.system === 'string') parts.push({ value: params.system, breakpoint: false });
  else for (const block of params.system ?? []) parts.push({ value: block, breakpoint: marked(block) });
  for (const message of params.messages) {
    if (typeof message.content === 'string') parts.push({ value: { role: message.role, text: message.content }, breakpoint: false });
    else for (const block of message.content ?? []) parts.push({ value: { role: message.role, block }, breakpoint: marked(block) });
  }
  let running = '';
  return parts.map(({ value, breakpoint }) => {
    const clean = withoutCacheControl(value);
    running = createHash('sha256').update(running).update(JSON.stringify(clean) ?? '').digest('hex');
    return { tokens: estimate((clean as { block?: unknown }).block ?? clean), breakpoint, key: running };
  });
}

/**
 * Prompt caching as the API accounts it, by prefix: a request reads from the cache the longest
 * prefix that an earlier request wrote at a breakpoint (looking back a few blocks from each of its
 * own), writes the rest up to its last breakpoint, and pays in full only for what follows it.
 */
export class PromptCache {
  readonly #written = new Map<string, number>();

  account(params: BetaMessageCreateParams): CacheAccount {
    const segments = segmentsOf(params);
    const upTo: number[] = [];
    segments.reduce((sum, segment, index) => (upTo[index] = sum + segment.tokens), 0);
    const total = upTo.at(-1) ?? 0;
    const breakpoints = segments.flatMap((segment, index) => (segment.breakpoint ? [index] : []));
    const last = breakpoints.at(-1);
    if (last === undefined) return { input: total, cacheWrite: 0, cacheRead: 0 };

    let read = 0;
    for (const breakpoint of breakpoints) {
      for (let index = breakpoint; index >= Math.max(0, breakpoint - LOOKBACK_BLOCKS); index--) {
        if (this.#written.has(segments[index]!.key)) {
          read = Math.max(read, upTo[index]!);
          break;
        }
      }
    }
    let write = 0;
    if (upTo[last]! >= MIN_CACHEABLE_TOKENS) {
      write = upTo[last]! - read;
      for (const breakpoint of breakpoints) if (upTo[breakpoint]! >= MIN_CACHEABLE_TOKENS) this.#written.set(segments[breakpoint]!.key, upTo[breakpoint]!);
    } else {
      read = 0;
    }
    return { input: total - read - write, cacheWrite: write, cacheRead: read };
  }
}
