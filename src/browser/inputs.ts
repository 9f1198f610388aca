import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import { z } from 'zod';

/**
 * The member inputs as Steward accepts them. The SDK passes the model's input through unchecked,
 * so every member's input is parsed here before anything touches the page.
 */
const tabId = z
  .string()
  .regex(/^\d{1,10}$/, 'must be a tab_id from list_tabs or the browser state, such as "123"')
  .nullish()
  .describe('Tab to act on; defaults to the active tab');

export const refTarget = z.object({
  type: z.literal('ref'),
  ref: z.string().regex(/^ref_\d{1,9}$/, 'must be an element reference such as "ref_7" from read_page or find'),
});

export const coordinateTarget = z.object({
  type: z.literal('coordinate'),
  x: z.number().finite().min(0, 'must be inside the viewport'),
  y: z.number().finite().min(0, 'must be inside the viewport'),
});

const clickTarget = z.discriminatedUnion('type', [coordinateTarget, refTarget], {
  error: 'target must be {"type":"ref","ref":"ref_7"} or {"type":"coordinate","x":100,"y":200}',
});

const modifiers = z.string().max(60).nullish();

export const memberInputs = {
  navigate: z.object({ url: z.string().trim().min(1, 'must not be empty').max(8192), tab_id: tabId }),
  screenshot: z.object({ tab_id: tabId }),
  read_page: z.object({
    depth: z.number().int().min(1).max(100).nullish(),
    filter: z.enum(['all', 'interactive']).nullish(),
    ref: z.string().regex(/^ref_\d{1,9}$/, 'must be an element reference such as "ref_7"').nullish(),
    tab_id: tabId,
  }),
  get_page_text: z.object({ tab_id: tabId }),
  left_click: z.object({ target: clickTarget, modifiers, tab_id: tabId }),
  type: z.object({ text: z.string().max(100_000, 'is too long; type at most 100,000 characters at once'), tab_id: tabId }),
  key: z.object({ text: z.string().max(2_000), repeat: z.number().int().min(1).max(100).nullish(), tab_id: tabId }),
  form_input: z.object({
    target: refTarget,
    value: z.union([z.string().max(100_000), z.number().finite(), z.boolean()]),
    tab_id: tabId,
  }),
  scroll: z.object({
    scroll_direction: z.enum(['up', 'down', 'left', 'right']),
    target: coordinateTarget,
    scroll_amount: z.number().int().min(1).max(10).nullish(),
    tab_id: tabId,
  }),
  wait: z.object({ duration: z.number().finite().min(0).max(30, 'must be at most 30 seconds'), tab_id: tabId }),
  list_tabs: z.object({}),
  new_tab: z.object({}),
  switch_tab: z.object({ tab_id: z.string().regex(/^\d{1,10}$/, 'must be a tab_id from list_tabs') }),
  close_tab: z.object({ tab_id: z.string().regex(/^\d{1,10}$/, 'must be a tab_id from list_tabs') }),
} as const;

export type ImplementedMember = keyof typeof memberInputs;
export type MemberInput<M extends ImplementedMember> = z.output<(typeof memberInputs)[M]>;

export function isImplementedMember(name: string): name is ImplementedMember {
  return Object.prototype.hasOwnProperty.call(memberInputs, name);
}

/** Parses a member's input or throws a ToolError that says which field is wrong and how. */
export function parseMemberInput<M extends ImplementedMember>(member: M, input: unknown): MemberInput<M> {
  const parsed = memberInputs[member].safeParse(input ?? {});
  if (parsed.success) return parsed.data as MemberInput<M>;
  const problems = parsed.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : 'input';
    return `${path} ${issue.message.replace(/^Invalid input: /, '')}`;
  });
  throw new ToolError(`Invalid input for ${member}: ${problems.join('; ')}.`);
}
