import type { Entry, ToolEntry } from '../src/protocol/task';
import { type MessageKey, msg, t } from './i18n';

/**
 * What a step did, in a sentence a person reads: 'Filled "Full Name" with "Ada Lovelace"',
 * 'Clicked "Place Order"'. The ref or the coordinates go to `detail`, for whoever wants them.
 * Past tense once it is done; the plain verb while it runs or when it failed.
 */
export interface StepText {
  sentence: string;
  detail: string;
}

/** The message keys of a step's sentence: once it is done, and while it runs or when it failed. */
type Verbs = readonly [done: MessageKey, todo: MessageKey];

/** Members that act on one element or point: the sentence names it ($1). */
const POINTER: Record<string, Verbs> = {
  left_click: [msg('step_left_click_done'), msg('step_left_click_todo')],
  right_click: [msg('step_right_click_done'), msg('step_right_click_todo')],
  middle_click: [msg('step_middle_click_done'), msg('step_middle_click_todo')],
  double_click: [msg('step_double_click_done'), msg('step_double_click_todo')],
  triple_click: [msg('step_triple_click_done'), msg('step_triple_click_todo')],
  hover: [msg('step_hover_done'), msg('step_hover_todo')],
  left_mouse_down: [msg('step_mouse_down_done'), msg('step_mouse_down_todo')],
  left_mouse_up: [msg('step_mouse_up_done'), msg('step_mouse_up_todo')],
  mouse_move: [msg('step_mouse_move_done'), msg('step_mouse_move_todo')],
  left_click_drag: [msg('step_drag_done'), msg('step_drag_todo')],
  scroll_to: [msg('step_scroll_to_done'), msg('step_scroll_to_todo')],
  file_upload: [msg('step_file_upload_done'), msg('step_file_upload_todo')],
};

/** Members whose sentence needs nothing but its verb, and the target, if any, as a detail. */
const PLAIN: Record<string, Verbs> = {
  screenshot: [msg('step_screenshot_done'), msg('step_screenshot_todo')],
  zoom: [msg('step_zoom_done'), msg('step_zoom_todo')],
  read_page: [msg('step_read_page_done'), msg('step_read_page_todo')],
  get_page_text: [msg('step_page_text_done'), msg('step_page_text_todo')],
  find: [msg('step_find_done'), msg('step_find_todo')],
  read_console: [msg('step_console_done'), msg('step_console_todo')],
  read_network: [msg('step_network_done'), msg('step_network_todo')],
  javascript_exec: [msg('step_javascript_done'), msg('step_javascript_todo')],
  list_tabs: [msg('step_list_tabs_done'), msg('step_list_tabs_todo')],
  new_tab: [msg('step_new_tab_done'), msg('step_new_tab_todo')],
  propose_plan: [msg('step_plan_done'), msg('step_plan_todo')],
};

/** Members that only look: consecutive runs of them fold into one line. */
export const READ_MEMBERS = new Set(['read_page', 'get_page_text', 'find']);

/** What the step acted on: the element's name where it is known, its role when it has none. */
function subject(entry: ToolEntry): string | undefined {
  const element = entry.element;
  if (element?.name.trim()) return t('step_quoted', element.name.trim());
  if (element?.role) return t('step_subject_role', element.role);
  return undefined;
}

/** form_input's and type's value, which describe.ts writes after "←" or as the whole target. */
function valueOf(entry: ToolEntry): string {
  const arrow = entry.target.indexOf(' ← ');
  return arrow >= 0 ? entry.target.slice(arrow + 3) : entry.target;
}

export function stepText(entry: ToolEntry): StepText {
  const say = (verbs: Verbs, ...substitutions: string[]) => t(entry.status === 'ok' ? verbs[0] : verbs[1], ...substitutions);
  const what = subject(entry);
  const detail = entry.target;
  const pointer = POINTER[entry.member];
  if (pointer) return { sentence: say(pointer, what ?? (entry.target.startsWith('(') ? t('step_subject_point', entry.target) : t('step_subject_element'))), detail };
  const plain = PLAIN[entry.member];
  if (plain) return { sentence: say(plain), detail };
  switch (entry.member) {
    case 'form_input':
      return { sentence: say([msg('step_form_input_done'), msg('step_form_input_todo')], what ?? t('step_subject_field'), valueOf(entry)), detail: entry.target.split(' ← ')[0] ?? '' };
    case 'type':
      return what
        ? { sentence: say([msg('step_type_into_done'), msg('step_type_into_todo')], entry.target, what), detail: '' }
        : { sentence: say([msg('step_type_done'), msg('step_type_todo')], entry.target), detail: '' };
    case 'key':
    case 'hold_key':
      return what
        ? { sentence: say([msg('step_key_in_done'), msg('step_key_in_todo')], entry.target, what), detail: '' }
        : { sentence: say([msg('step_key_done'), msg('step_key_todo')], entry.target), detail: '' };
    case 'navigate':
      return { sentence: say([msg('step_navigate_done'), msg('step_navigate_todo')], siteAndPath(entry.target)), detail: entry.target };
    case 'page_navigation':
      return { sentence: t('step_page_navigation', siteAndPath(entry.target)), detail: entry.target };
    case 'scroll':
      return { sentence: say([msg('step_scroll_done'), msg('step_scroll_todo')], entry.target.split(' at ')[0] ?? '').trim(), detail: entry.target };
    case 'wait':
      return { sentence: say([msg('step_wait_done'), msg('step_wait_todo')], entry.target).trim(), detail: '' };
    case 'switch_tab':
      return { sentence: say([msg('step_switch_tab_done'), msg('step_switch_tab_todo')], entry.target || t('step_subject_tab')), detail: '' };
    case 'close_tab':
      return { sentence: say([msg('step_close_tab_done'), msg('step_close_tab_todo')], entry.target || t('step_subject_tab')), detail: '' };
    case 'page_instructions':
      return { sentence: t('step_page_instructions', entry.target), detail: '' };
    case 'download':
      return { sentence: say([msg('step_download_done'), msg('step_download_todo')], entry.target), detail: '' };
    default:
      return { sentence: `${entry.member.replace(/_/g, ' ')} ${entry.target}`.trim(), detail: '' };
  }
}

/** A URL as people say it: the host and path, without the scheme or a trailing slash. */
function siteAndPath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return url;
  }
}

/** The timeline's items: entries, and runs of `minimum` or more finished reads folded into one group. */
export type TimelineItem = { kind: 'entry'; entry: Entry } | { kind: 'reads'; entries: ToolEntry[] };

export function groupReads(entries: Entry[], minimum = 3): TimelineItem[] {
  const items: TimelineItem[] = [];
  let run: ToolEntry[] = [];
  const flush = () => {
    if (run.length >= minimum) items.push({ kind: 'reads', entries: run });
    else for (const entry of run) items.push({ kind: 'entry', entry });
    run = [];
  };
  for (const entry of entries) {
    if (entry.kind === 'tool' && READ_MEMBERS.has(entry.member) && entry.status === 'ok') run.push(entry);
    else {
      flush();
      items.push({ kind: 'entry', entry });
    }
  }
  flush();
  return items;
}

/** "Read the page 3 times", or what the group did when its reads were of different kinds. */
export function readsSummary(entries: ToolEntry[]): string {
  const pages = entries.filter((entry) => entry.member === 'read_page').length;
  return pages === entries.length ? t('step_reads_page', entries.length) : t('step_reads_mixed', entries.length);
}
