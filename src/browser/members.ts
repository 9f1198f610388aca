import type { BetaBrowserMemberName } from '@anthropic-ai/sdk/resources/beta/messages/messages';

/**
 * What Steward knows about each member of the browser toolset, in one place: the policy, the
 * timeline's describer, the action-target lookup and the toolset's time limits all read this
 * table. Each member's input schema sits beside it in inputs.ts, keyed by the same names (the
 * panel reads this table too, and must not load zod).
 *
 * The keys are the SDK's own member names: a member the SDK adds without an entry here, or an
 * entry the SDK does not know, fails to type-check.
 */

/** What a member does, as people and the policy group them. */
export type MemberKind = 'read' | 'act' | 'navigate' | 'tabs' | 'devtools';

/**
 * What a member acts on, for the policy: the element behind a ref, the element under a point, the
 * element with the keyboard focus, or nothing in the page.
 */
export type MemberTarget = 'ref' | 'ref-or-coordinate' | 'coordinate' | 'focus' | 'none';

export interface MemberEntry {
  kind: MemberKind;
  /** Whether a call can change something a person cares about: false for members that only look. */
  changesPage: boolean;
  target: MemberTarget;
  /**
   * How the member can press what it targets: 'click' always does; 'keys' does when the keys
   * include Enter or Space. Pressing is what submits forms and triggers buttons.
   */
  presses?: 'click' | 'keys';
  /** Whether the member puts text into the target (a password field asks). */
  entersText?: boolean;
  /** Whether its input can carry page text to another site: the exfiltration check reads what the task has read. */
  carriesText?: boolean;
  /** The member, in a few words people read in the timeline and on approval cards. */
  label: string;
  /** How long a call may take before it is abandoned with an error the model can read. */
  timeoutMs: number;
}


const SECONDS = 1000;
/** A member that hangs (a frozen page) would hold the whole task. */
const STANDARD = 30 * SECONDS;

const click = (label: string): MemberEntry => ({ kind: 'act', changesPage: true, target: 'ref-or-coordinate', presses: 'click', label, timeoutMs: STANDARD });

export const MEMBERS = {
  // navigate waits up to 30 s for the load itself, then reads the page.
  navigate: { kind: 'navigate', changesPage: true, target: 'none', carriesText: true, label: 'Go to', timeoutMs: 40 * SECONDS },
  screenshot: { kind: 'read', changesPage: false, target: 'none', label: 'Screenshot', timeoutMs: STANDARD },
  zoom: { kind: 'read', changesPage: false, target: 'none', label: 'Zoom in', timeoutMs: STANDARD },
  read_page: { kind: 'read', changesPage: false, target: 'none', label: 'Read page', timeoutMs: STANDARD },
  find: { kind: 'read', changesPage: false, target: 'none', label: 'Find', timeoutMs: STANDARD },
  get_page_text: { kind: 'read', changesPage: false, target: 'none', label: 'Read text', timeoutMs: STANDARD },
  left_click: click('Click'),
  right_click: click('Right-click'),
  middle_click: click('Middle-click'),
  double_click: click('Double-click'),
  triple_click: click('Triple-click'),
  hover: { kind: 'read', changesPage: false, target: 'ref-or-coordinate', label: 'Hover', timeoutMs: STANDARD },
  left_click_drag: { ...click('Drag'), target: 'coordinate' },
  left_mouse_down: { ...click('Press the mouse button'), target: 'coordinate' },
  left_mouse_up: { ...click('Release the mouse button'), target: 'coordinate' },
  mouse_move: { kind: 'read', changesPage: false, target: 'coordinate', label: 'Move the mouse', timeoutMs: STANDARD },
  type: { kind: 'act', changesPage: true, target: 'focus', entersText: true, carriesText: true, label: 'Type', timeoutMs: STANDARD },
  key: { kind: 'act', changesPage: true, target: 'focus', presses: 'keys', entersText: true, label: 'Press key', timeoutMs: STANDARD },
  // hold_key and wait take the duration they are given, plus this margin (timeoutFor).
  hold_key: { kind: 'act', changesPage: true, target: 'focus', presses: 'keys', entersText: true, label: 'Hold key', timeoutMs: 5 * SECONDS },
  form_input: { kind: 'act', changesPage: true, target: 'ref', entersText: true, carriesText: true, label: 'Fill field', timeoutMs: STANDARD },
  file_upload: { kind: 'act', changesPage: true, target: 'ref', label: 'Upload a file', timeoutMs: STANDARD },
  scroll: { kind: 'read', changesPage: false, target: 'coordinate', label: 'Scroll', timeoutMs: STANDARD },
  scroll_to: { kind: 'read', changesPage: false, target: 'ref', label: 'Scroll to', timeoutMs: STANDARD },
  wait: { kind: 'read', changesPage: false, target: 'none', label: 'Wait', timeoutMs: 5 * SECONDS },
  read_console: { kind: 'devtools', changesPage: false, target: 'none', label: 'Read the console', timeoutMs: STANDARD },
  read_network: { kind: 'devtools', changesPage: false, target: 'none', label: 'Read the network log', timeoutMs: STANDARD },
  javascript_exec: { kind: 'devtools', changesPage: true, target: 'none', label: 'Run JavaScript', timeoutMs: STANDARD },
  list_tabs: { kind: 'tabs', changesPage: false, target: 'none', label: 'List tabs', timeoutMs: STANDARD },
  new_tab: { kind: 'tabs', changesPage: true, target: 'none', label: 'New tab', timeoutMs: STANDARD },
  switch_tab: { kind: 'tabs', changesPage: false, target: 'none', label: 'Switch tab', timeoutMs: STANDARD },
  close_tab: { kind: 'tabs', changesPage: true, target: 'none', label: 'Close tab', timeoutMs: STANDARD },
} as const satisfies Record<BetaBrowserMemberName, MemberEntry>;

export type Member = keyof typeof MEMBERS;

export function isMember(name: string): name is Member {
  return Object.prototype.hasOwnProperty.call(MEMBERS, name);
}

/** The table's entry for a member, or undefined for a name outside the toolset (Steward's own tools). */
export function memberEntry(name: string): MemberEntry | undefined {
  return isMember(name) ? MEMBERS[name] : undefined;
}

/** Whether a call of this member only looks. Names outside the toolset are not read-only. */
export function onlyLooks(name: string): boolean {
  return memberEntry(name)?.changesPage === false;
}

/** Whether a call's input can carry page text to another site (navigate's URL, typed or filled text). */
export function carriesText(name: string): boolean {
  return memberEntry(name)?.carriesText === true;
}

/** How long a call may take: its entry's limit, plus the duration for members that wait on purpose. */
export function timeoutFor(member: Member, input: unknown): number {
  const entry: MemberEntry = MEMBERS[member];
  const seconds = (input as { duration?: unknown } | undefined)?.duration;
  if ((member === 'wait' || member === 'hold_key') && typeof seconds === 'number') return seconds * SECONDS + entry.timeoutMs;
  return entry.timeoutMs;
}
