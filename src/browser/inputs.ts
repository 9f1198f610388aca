import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import { z } from 'zod';
import type { Member } from './members';

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

const clickInput = z.object({ target: clickTarget, modifiers, tab_id: tabId });
const pointInput = z.object({ target: coordinateTarget, tab_id: tabId });
const tabOnly = z.object({ tab_id: tabId });

export const memberInputs = {
  navigate: z.object({ url: z.string().trim().min(1, 'must not be empty').max(8192), tab_id: tabId }),
  screenshot: tabOnly,
  zoom: z.object({
    region: z
      .array(z.number().finite().min(0))
      .length(4, 'must be [x0, y0, x1, y1]')
      .refine(([x0, y0, x1, y1]) => x1! > x0! && y1! > y0!, 'must have x1 > x0 and y1 > y0'),
    tab_id: tabId,
  }),
  read_page: z.object({
    depth: z.number().int().min(1).max(100).nullish(),
    filter: z.enum(['all', 'interactive']).nullish(),
    ref: z.string().regex(/^ref_\d{1,9}$/, 'must be an element reference such as "ref_7"').nullish(),
    tab_id: tabId,
  }),
  find: z.object({ query: z.string().trim().min(1, 'must describe the element').max(500), tab_id: tabId }),
  get_page_text: tabOnly,
  left_click: clickInput,
  right_click: clickInput,
  middle_click: clickInput,
  double_click: clickInput,
  triple_click: clickInput,
  hover: z.object({ target: clickTarget, tab_id: tabId }),
  left_click_drag: z.object({ from: coordinateTarget, target: coordinateTarget, tab_id: tabId }),
  left_mouse_down: pointInput,
  left_mouse_up: pointInput,
  mouse_move: pointInput,
  type: z.object({ text: z.string().max(100_000, 'is too long; type at most 100,000 characters at once'), tab_id: tabId }),
  key: z.object({ text: z.string().max(2_000), repeat: z.number().int().min(1).max(100).nullish(), tab_id: tabId }),
  hold_key: z.object({ text: z.string().max(200), duration: z.number().finite().min(0).max(30, 'must be at most 30 seconds'), tab_id: tabId }),
  form_input: z.object({
    target: refTarget,
    value: z.union([z.string().max(100_000), z.number().finite(), z.boolean()]),
    tab_id: tabId,
  }),
  file_upload: z.object({
    target: refTarget,
    paths: z.array(z.string().min(1).max(4096)).max(20).nullish(),
    document_ids: z.array(z.string().min(1).max(200)).max(20).nullish(),
    tab_id: tabId,
  }),
  scroll: z.object({
    scroll_direction: z.enum(['up', 'down', 'left', 'right']),
    target: coordinateTarget,
    scroll_amount: z.number().int().min(1).max(10).nullish(),
    tab_id: tabId,
  }),
  scroll_to: z.object({ target: refTarget, tab_id: tabId }),
  wait: z.object({ duration: z.number().finite().min(0).max(30, 'must be at most 30 seconds'), tab_id: tabId }),
  read_console: tabOnly,
  read_network: tabOnly,
  javascript_exec: z.object({ text: z.string().trim().min(1, 'must not be empty').max(100_000), tab_id: tabId }),
  list_tabs: z.object({}),
  new_tab: z.object({}),
  switch_tab: z.object({ tab_id: z.string().regex(/^\d{1,10}$/, 'must be a tab_id from list_tabs') }),
  close_tab: z.object({ tab_id: z.string().regex(/^\d{1,10}$/, 'must be a tab_id from list_tabs') }),
} as const satisfies Record<Member, z.ZodType>;

/** Every member of the table has a schema here, and nothing else: the two are keyed alike. */
export type ImplementedMember = Member;
export type MemberInput<M extends ImplementedMember> = z.output<(typeof memberInputs)[M]>;

export function isImplementedMember(name: string): name is ImplementedMember {
  return Object.prototype.hasOwnProperty.call(memberInputs, name);
}

/** Parses a member's input or throws a ToolError that says which field is wrong and how. */
export function parseMemberInput<M extends ImplementedMember>(member: M, input: unknown): MemberInput<M> {
  if (input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input))) {
    throw new ToolError(`Invalid input for ${member}: the input must be an object of named fields.`);
  }
  const parsed = memberInputs[member].safeParse(input ?? {});
  if (parsed.success) return parsed.data as MemberInput<M>;
  const problems = parsed.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : 'input';
    return `${path} ${issue.message.replace(/^Invalid input: /, '')}`;
  });
  throw new ToolError(`Invalid input for ${member}: ${problems.join('; ')}.`);
}
