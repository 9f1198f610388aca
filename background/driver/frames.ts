import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import { hostOf } from '../../src/policy/sites';
import type { Point } from '../../src/browser/geometry';
import type { ContentReply } from '../../src/protocol/content';
import { askContent } from './content-bridge';
import { STALE_REFS } from '../../src/browser/stale-refs';

/**
 * What the background knows about a tab's frames: which frame handed out which refs, and which
 * frame holds which. Persisted with the task, so a ref read before a worker restart still resolves.
 */
export interface TabFrames {
  /** [first ref number, last + 1, frameId], in the order they were handed out. */
  refRanges: Array<[number, number, number]>;
  /** frameId -> parent frameId, as learned while reading the page. */
  parents: Record<string, number>;
  /** frameId -> the token its <iframe> carries in the parent (content/frames.ts). */
  tokens?: Record<string, string>;
}

export function emptyFrames(): TabFrames {
  return { refRanges: [], parents: {}, tokens: {} };
}

export function recordChild(frames: TabFrames, parent: number, child: number, token: string): void {
  frames.parents[child] = parent;
  (frames.tokens ??= {})[child] = token;
}

function tokenOf(frames: TabFrames, frameId: number): string {
  const token = frames.tokens?.[frameId];
  if (!token) throw new ToolError(STALE_REFS.frameLost);
  return token;
}

export function recordRefs(frames: TabFrames, from: number, to: number, frameId: number): void {
  if (to <= from) return;
  const last = frames.refRanges.at(-1);
  if (last && last[2] === frameId && last[1] === from) last[1] = to;
  else frames.refRanges.push([from, to, frameId]);
}

/** The frame that handed out `ref`; a ref never handed out is stale or made up. */
export function frameOfRef(frames: TabFrames, ref: string): number {
  const n = Number(/^ref_(\d+)$/.exec(ref)?.[1]);
  for (const [from, to, frameId] of frames.refRanges) if (n >= from && n < to) return frameId;
  throw new ToolError(STALE_REFS.notOnTab(ref));
}

/** The frames from the top down to `frameId`, top excluded: each must be scrolled into view and offset. */
export function frameChain(frames: TabFrames, frameId: number): number[] {
  const chain: number[] = [];
  for (let current = frameId; current !== 0; ) {
    chain.unshift(current);
    const parent = frames.parents[current];
    if (parent === undefined) throw new ToolError(STALE_REFS.frameLost);
    current = parent;
    if (chain.length > 20) throw new ToolError('The frames are nested too deeply to act in.');
  }
  return chain;
}

/**
 * Turns a point in a frame's viewport into a point in the tab's viewport, checking at every level
 * that the frame is what a click there would hit (an overlay over an iframe would take the click).
 */
export async function toTopPoint(tabId: number, frames: TabFrames, frameId: number, point: Point, description: string): Promise<Point> {
  let current = point;
  for (const child of frameChain(frames, frameId).reverse()) {
    const parent = frames.parents[child]!;
    const rect: ContentReply<'frameRect'> = await askContent(tabId, { type: 'frameRect', token: tokenOf(frames, child), scrollIntoView: false, point: current }, parent);
    if (!rect.onTop) throw new ToolError(`${description} is covered by ${rect.description} at that point. Close or dismiss what covers it, then try again.`);
    current = { x: current.x + rect.x, y: current.y + rect.y };
  }
  return current;
}

/** Scrolls each iframe on the way down to `frameId` into view in its parent. */
export async function revealFrame(tabId: number, frames: TabFrames, frameId: number): Promise<void> {
  for (const child of frameChain(frames, frameId)) {
    await askContent(tabId, { type: 'frameRect', token: tokenOf(frames, child), scrollIntoView: true }, frames.parents[child]!);
  }
}

/**
 * Whether the tab shows a frame from another host than its page's: with site isolation such a
 * frame runs in a renderer of its own (input.ts says why a click then waits for its pointer move).
 * When the frames cannot be listed, the answer is yes, the safe side.
 */
export async function hasFrameOfAnotherSite(tabId: number): Promise<boolean> {
  const frames = await chrome.webNavigation.getAllFrames({ tabId }).catch(() => null);
  if (!frames) return true;
  const top = hostOf(frames.find((frame) => frame.frameId === 0)?.url);
  // A frame with no host (about:, data:, blob:) is its creator's, which is the page or a frame counted here.
  return frames.some((frame) => frame.frameId !== 0 && hostOf(frame.url) !== undefined && hostOf(frame.url) !== top);
}
