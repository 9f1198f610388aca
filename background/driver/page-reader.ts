import type { PageElements, SnapshotRequest } from '../../src/browser/driver';
import type { FindCandidate, FrameStep, OpenDialog } from '../../src/protocol/content';
import { frameStepsOf } from '../../src/routines/frame-path';
import { askContent, injectAllFrames } from './content-bridge';
import { frameIdForToken } from './frame-tokens';
import { emptyFrames, frameOfRef, recordChild, recordRefs, type TabFrames } from './frames';

/** What reading keeps with the task: per tab, the next ref number and which frame handed out which refs. */
export interface RefState {
  nextRef: Record<string, number>;
  frames?: Record<string, TabFrames>;
}

/**
 * Reads a task's pages through the content scripts of all their frames, numbering refs across
 * frames so each ref tells which frame it is in. Ref state is persisted after each read, so a ref
 * number is never handed out twice, across worker restarts too.
 */
export class PageReader {
  readonly #injectedAllFrames = new Set<number>();

  constructor(
    private readonly state: RefState,
    private readonly persist: () => Promise<void>,
  ) {}

  frames(tabId: number): TabFrames {
    this.state.frames ??= {};
    return (this.state.frames[tabId] ??= emptyFrames());
  }

  async snapshot(tabId: number, request: SnapshotRequest): Promise<string> {
    const frameId = request.ref ? frameOfRef(this.frames(tabId), request.ref) : 0;
    const budget = { chars: request.maxChars - 300, truncated: false };
    const text = await this.#snapshotFrame(tabId, frameId, { ...request, embedded: frameId !== 0 }, budget);
    await this.persist();
    if (!budget.truncated && budget.chars > 0) return text;
    return `${text}\n[Output cut at ${request.maxChars.toLocaleString('en-US')} characters. Narrow it: read a subtree with ref, lower depth, or use filter "interactive".]`;
  }

  async findCandidates(tabId: number, limit: number): Promise<FindCandidate[]> {
    return (await this.#readElements(tabId, limit, false)).candidates;
  }

  /** find's candidates and the dialogs open in the same frames, from one read of each frame: what a routine's replay looks at. */
  async pageElements(tabId: number, limit: number): Promise<PageElements> {
    return this.#readElements(tabId, limit, true);
  }

  /**
   * find's candidates across the tab's frames, top document first, each with the path of the frame
   * it is in; with `withDialogs`, also the dialogs open in those frames.
   */
  async #readElements(tabId: number, limit: number, withDialogs: boolean): Promise<PageElements> {
    const frames = this.frames(tabId);
    const candidates: FindCandidate[] = [];
    const dialogs: OpenDialog[] = [];
    const queue: Array<{ frameId: number; path: FrameStep[] }> = [{ frameId: 0, path: [] }];
    while (queue.length && candidates.length < limit) {
      const { frameId, path } = queue.shift()!;
      const from = this.state.nextRef[tabId] ?? 1;
      const reply = await askContent(tabId, { type: 'findCandidates', nextRef: from, limit: limit - candidates.length, dialogs: withDialogs }, frameId).catch(() => undefined);
      if (!reply) continue;
      this.state.nextRef[tabId] = reply.nextRef;
      recordRefs(frames, from, reply.nextRef, frameId);
      const childIds = await Promise.all(reply.frames.map((child) => this.#childFrame(tabId, frameId, child.token)));
      const steps = frameStepsOf(reply.frames);
      childIds.forEach((childId, at) => {
        if (childId !== undefined) queue.push({ frameId: childId, path: [...path, steps[at]!] });
      });
      const where = path.length > 0 ? { frame: path } : {};
      candidates.push(...reply.candidates.map((candidate) => ({ ...candidate, order: candidates.length + candidate.order, ...where })));
      dialogs.push(...reply.dialogs.map((dialog) => ({ ...dialog, ...where })));
    }
    await this.persist();
    return { candidates, dialogs };
  }

  /**
   * Reads one frame and stitches its child frames in where it found them, depth first, within
   * the character budget.
   */
  async #snapshotFrame(tabId: number, frameId: number, request: SnapshotRequest & { embedded: boolean }, budget: { chars: number; truncated: boolean }): Promise<string> {
    const frames = this.frames(tabId);
    const from = this.state.nextRef[tabId] ?? 1;
    const reply = await askContent(tabId, { type: 'snapshot', ...request, maxChars: Math.max(1, budget.chars), nextRef: from }, frameId);
    this.state.nextRef[tabId] = reply.nextRef;
    recordRefs(frames, from, reply.nextRef, frameId);
    budget.chars -= reply.text.length;
    budget.truncated ||= reply.truncated;
    let text = reply.text;
    // Children announce themselves in parallel; their snapshots then run in order, so refs stay sequential.
    const childIds = await Promise.all(reply.frames.map((child) => this.#childFrame(tabId, frameId, child.token)));
    for (const [index, child] of reply.frames.entries()) {
      const childId = childIds[index];
      let inner = '';
      if (budget.chars > 0) {
        inner =
          childId === undefined
            ? '(this frame could not be read: it did not answer, or Chrome does not let extensions into it)'
            : await this.#snapshotFrame(tabId, childId, { ...request, ref: undefined, embedded: true }, budget).catch(
                (error: unknown) => `(this frame could not be read: ${error instanceof Error ? error.message : String(error)})`,
              );
      }
      const indent = '  '.repeat(child.indent);
      const lines = inner ? inner.split('\n').map((line) => indent + line).join('\n') : `${indent}(empty frame)`;
      text = text.replace(`${indent}${child.placeholder}`, () => lines);
    }
    return text;
  }

  /**
   * The frame id of a child frame, from the token its parent gave it. A frame whose content
   * script is missing (the tab predates Steward) gets it injected once, then is asked again.
   */
  async #childFrame(tabId: number, parent: number, token: string): Promise<number | undefined> {
    let childId = await frameIdForToken(tabId, token).catch(() => undefined);
    if (childId === undefined && !this.#injectedAllFrames.has(tabId)) {
      this.#injectedAllFrames.add(tabId);
      await injectAllFrames(tabId);
      childId = await frameIdForToken(tabId, token).catch(() => undefined);
    }
    if (childId !== undefined) recordChild(this.frames(tabId), parent, childId, token);
    return childId;
  }
}
