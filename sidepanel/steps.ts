import type { Entry, ToolEntry } from '../src/protocol/task';

/**
 * What a step did, in a sentence a person reads: 'Filled "Full Name" with "Ada Lovelace"',
 * 'Clicked "Place Order"'. The ref or the coordinates go to `detail`, for whoever wants them.
 * Past tense once it is done; the plain verb while it runs or when it failed.
 */
export interface StepText {
  sentence: string;
  detail: string;
}

type Verbs = readonly [done: string, todo: string];

const POINTER: Record<string, Verbs> = {
  left_click: ['Clicked', 'Click'],
  right_click: ['Right-clicked', 'Right-click'],
  middle_click: ['Middle-clicked', 'Middle-click'],
  double_click: ['Double-clicked', 'Double-click'],
  triple_click: ['Triple-clicked', 'Triple-click'],
  hover: ['Pointed at', 'Point at'],
  left_mouse_down: ['Pressed the mouse on', 'Press the mouse on'],
  left_mouse_up: ['Released the mouse on', 'Release the mouse on'],
  mouse_move: ['Moved the mouse to', 'Move the mouse to'],
  left_click_drag: ['Dragged', 'Drag'],
  scroll_to: ['Scrolled to', 'Scroll to'],
  file_upload: ['Chose files for', 'Choose files for'],
};

/** Members whose sentence needs nothing but its verb, and the target, if any, as a detail. */
const PLAIN: Record<string, Verbs> = {
  screenshot: ['Took a screenshot', 'Take a screenshot'],
  read_page: ['Read the page', 'Read the page'],
  get_page_text: ["Read the page's text", "Read the page's text"],
  find: ['Searched the page', 'Search the page'],
  read_console: ['Read the console', 'Read the console'],
  read_network: ['Read the network log', 'Read the network log'],
  javascript_exec: ['Ran a script in the page', 'Run a script in the page'],
  list_tabs: ['Listed the tabs', 'List the tabs'],
  new_tab: ['Opened a new tab', 'Open a new tab'],
  propose_plan: ['Proposed a plan', 'Propose a plan'],
};

/** Members that only look: consecutive runs of them fold into one line. */
export const READ_MEMBERS = new Set(['read_page', 'get_page_text', 'find']);

const quoted = (text: string) => `"${text}"`;

/** What the step acted on: the element's name where it is known, its role when it has none, else the raw target. */
function subject(entry: ToolEntry): string | undefined {
  const element = entry.element;
  if (element?.name.trim()) return quoted(element.name.trim());
  if (element?.role) return `a ${element.role}`;
  return undefined;
}

/** form_input's and type's value, which describe.ts writes after "←" or as the whole target. */
function valueOf(entry: ToolEntry): string {
  const arrow = entry.target.indexOf(' ← ');
  return arrow >= 0 ? entry.target.slice(arrow + 3) : entry.target;
}

export function stepText(entry: ToolEntry): StepText {
  const done = entry.status === 'ok';
  const verb = (verbs: Verbs) => (done ? verbs[0] : verbs[1]);
  const what = subject(entry);
  const detail = entry.target;
  const pointer = POINTER[entry.member];
  if (pointer) return { sentence: `${verb(pointer)} ${what ?? (entry.target.startsWith('(') ? `the point ${entry.target}` : 'an element')}`, detail };
  const plain = PLAIN[entry.member];
  if (plain) return { sentence: verb(plain), detail };
  switch (entry.member) {
    case 'form_input':
      return { sentence: `${verb(['Filled', 'Fill'])} ${what ?? 'a field'} with ${valueOf(entry)}`, detail: entry.target.split(' ← ')[0] ?? '' };
    case 'type':
      return { sentence: `${verb(['Typed', 'Type'])} ${entry.target}${what ? ` into ${what}` : ''}`, detail: '' };
    case 'key':
    case 'hold_key':
      return { sentence: `${verb(['Pressed', 'Press'])} ${entry.target}${what ? ` in ${what}` : ''}`, detail: '' };
    case 'navigate':
      return { sentence: `${verb(['Went to', 'Go to'])} ${siteAndPath(entry.target)}`, detail: entry.target };
    case 'page_navigation':
      return { sentence: `The page tried to go to ${siteAndPath(entry.target)}`, detail: entry.target };
    case 'scroll':
      return { sentence: `${verb(['Scrolled', 'Scroll'])} ${entry.target.split(' at ')[0] ?? ''}`.trim(), detail: entry.target };
    case 'wait':
      return { sentence: `${verb(['Waited', 'Wait'])} ${entry.target}`.trim(), detail: '' };
    case 'zoom':
      return { sentence: verb(['Looked closer at a region', 'Look closer at a region']), detail: entry.target };
    case 'switch_tab':
      return { sentence: `${verb(['Switched to', 'Switch to'])} ${entry.target || 'another tab'}`, detail: '' };
    case 'close_tab':
      return { sentence: `${verb(['Closed', 'Close'])} ${entry.target || 'a tab'}`, detail: '' };
    case 'page_instructions':
      return { sentence: `Page text addressed to Claude: ${entry.target}`, detail: '' };
    case 'download':
      return { sentence: `${verb(['Kept the download', 'Keep the download'])} ${entry.target}`, detail: '' };
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
  return pages === entries.length ? `Read the page ${entries.length} times` : `Looked at the page ${entries.length} times`;
}
