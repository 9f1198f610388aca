import type { MemberContext } from './context';
import type { MemberInput } from './inputs';

/** The cap the toolset's contract promises the model for read_page. */
export const READ_PAGE_MAX_CHARS = 50_000;
export const PAGE_TEXT_MAX_CHARS = 50_000;
export const DEFAULT_DEPTH = 15;

export async function readPage(ctx: MemberContext, input: MemberInput<'read_page'>): Promise<string> {
  return ctx.driver.snapshot(ctx.tabId, {
    filter: input.filter ?? 'visible',
    depth: input.depth ?? DEFAULT_DEPTH,
    ref: input.ref ?? undefined,
    maxChars: READ_PAGE_MAX_CHARS,
  });
}

export async function getPageText(ctx: MemberContext): Promise<string> {
  return ctx.driver.pageText(ctx.tabId, PAGE_TEXT_MAX_CHARS);
}
