import { amount, type Arg, type MessageKey, msg, words } from '../i18n/words';
import { MODES, type Mode } from './modes';

/**
 * Every setting, once: its kind, label and help (message keys, translated by the panel), default,
 * limits, where the form shows it, and which key of the administrator's policy can constrain it.
 * Plain data without zod, so the panel can import it: the store's zod schemas
 * (src/store/settings.ts), the panel protocol's view and draft (src/protocol/panel.ts), the merge of
 * a draft (background/requests.ts), the administrator's locks (src/policy/admin.ts) and the
 * Settings form (sidepanel/Settings.tsx) are all derived from this table. Its order is the form's.
 */

/** A model that serves the Anthropic browser toolset; the user can pick another in Settings. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';
/** The small model of the alignment check (src/policy/alignment.ts): the Haiku tier. */
export const DEFAULT_ALIGNMENT_MODEL = 'claude-haiku-5-5';
export const DEFAULT_API_BASE_URL = 'https://api.anthropic.com';
/** The model ids the form suggests. */
export const SUGGESTED_MODELS = ['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-haiku-5-5'] as const;

/** How the administrator's policy constrains a setting, under the policy key of the same name. */
export type AdminLock =
  /** The policy sets a ceiling: the user may choose less, never more. */
  | 'ceiling'
  /** The policy forces the switch either way. */
  | 'force'
  /** The policy turns some of the options off (for the mode: `disabledModes`). */
  | 'options-off';

/** How a number is written in a sentence: "5 steps", "$5.00". */
export type NumberUnit = 'steps' | 'minutes' | 'usd' | 'runs';

interface Common {
  label: MessageKey;
  /** A line under the field. */
  help?: MessageKey;
  /**
   * Where the panel edits it: 'form' generates a field in Settings; 'composer' is the mode menu
   * beside the task box (the last choice is kept); 'custom' is a part of Settings written by hand.
   */
  edit: 'form' | 'composer' | 'custom';
  /** Fields that share a legend in the form. */
  group?: 'budget' | 'routines';
  /** The policy key that constrains it, and how. */
  admin?: { key: string; lock: AdminLock };
}

export type SettingDefinition = Common &
  (
    | { kind: 'secret'; default: string; maxLength: number }
    | { kind: 'text'; default: string; maxLength: number; suggestions?: readonly string[]; shownWhen?: 'alignmentCheck' }
    | { kind: 'url'; default: string; maxLength: number }
    | { kind: 'toggle'; default: boolean }
    | { kind: 'number'; default: number; min: number; max: number; integer: boolean; unit: NumberUnit }
    | { kind: 'sites'; default: readonly string[]; maxItems: number; placeholder: string }
    | { kind: 'select'; default: Mode; options: readonly Mode[] }
    | { kind: 'prices'; default: Readonly<Record<string, never>> }
  );

export const SETTINGS = {
  apiKey: { kind: 'secret', label: msg('api_key'), help: msg('key_hint'), edit: 'form', default: '', maxLength: 400 },
  model: { kind: 'text', label: msg('model'), edit: 'form', default: DEFAULT_MODEL, maxLength: 200, suggestions: SUGGESTED_MODELS },
  apiBaseUrl: { kind: 'url', label: msg('api_base_url'), edit: 'form', default: DEFAULT_API_BASE_URL, maxLength: 2000 },
  /** read_console and read_network: off by default, since logs can hold what the user did not show. */
  allowDevtools: { kind: 'toggle', label: msg('devtools_label'), help: msg('devtools_hint'), edit: 'form', default: false, admin: { key: 'allowDevtools', lock: 'force' } },
  /** Before an action that runs without asking, a second model call checks it serves the task (src/policy/alignment.ts). */
  alignmentCheck: { kind: 'toggle', label: msg('alignment_check_label'), help: msg('alignment_check_hint'), edit: 'form', default: true },
  alignmentModel: { kind: 'text', label: msg('alignment_model'), edit: 'form', default: DEFAULT_ALIGNMENT_MODEL, maxLength: 200, suggestions: SUGGESTED_MODELS, shownWhen: 'alignmentCheck' },
  /** Budgets per task: the task ends with a clear message when one is reached. */
  maxSteps: { kind: 'number', label: msg('max_steps'), edit: 'form', group: 'budget', default: 100, min: 1, max: 1000, integer: true, unit: 'steps', admin: { key: 'maxSteps', lock: 'ceiling' } },
  maxMinutes: { kind: 'number', label: msg('max_minutes'), edit: 'form', group: 'budget', default: 30, min: 1, max: 24 * 60, integer: false, unit: 'minutes', admin: { key: 'maxMinutes', lock: 'ceiling' } },
  maxCostUsd: { kind: 'number', label: msg('max_cost'), edit: 'form', group: 'budget', default: 5, min: 0.01, max: 1000, integer: false, unit: 'usd', admin: { key: 'maxCostUsd', lock: 'ceiling' } },
  /** Sites where ordinary actions run without asking in the "Act without asking" mode. */
  trustedSites: { kind: 'sites', label: msg('trusted_sites'), help: msg('trusted_hint'), edit: 'form', default: [], maxItems: 500, placeholder: 'shop.example.com' },
  /** Sites the user adds to the built-in sensitive list: every change there asks, in every mode. */
  sensitiveSites: { kind: 'sites', label: msg('sensitive_sites'), help: msg('sensitive_hint'), edit: 'form', default: [], maxItems: 500, placeholder: 'intranet.example.com' },
  /** Runs of different routines at the same time (background/routine-runner.ts); the rest wait their turn. */
  routineConcurrency: { kind: 'number', label: msg('routine_concurrency'), help: msg('routine_concurrency_hint'), edit: 'form', group: 'routines', default: 2, min: 1, max: 4, integer: true, unit: 'runs', admin: { key: 'routineConcurrency', lock: 'ceiling' } },
  /** How long an unattended routine run waits for an approval before it ends as "needs attention". */
  approvalWaitMinutes: { kind: 'number', label: msg('approval_wait'), help: msg('approval_wait_hint'), edit: 'form', group: 'routines', default: 60, min: 1, max: 24 * 60, integer: true, unit: 'minutes', admin: { key: 'approvalWaitMinutes', lock: 'ceiling' } },
  /** The mode a new task starts in; the panel remembers the last one chosen. */
  defaultMode: { kind: 'select', label: msg('composer_mode'), edit: 'composer', default: 'act', options: MODES, admin: { key: 'disabledModes', lock: 'options-off' } },
  /** The user's own prices per model (USD per million tokens), over Steward's defaults; the form edits the selected model's. */
  prices: { kind: 'prices', label: msg('prices_default'), edit: 'custom', default: {} },
} as const satisfies Record<string, SettingDefinition>;

export type SettingKey = keyof typeof SETTINGS;
type Definitions = typeof SETTINGS;

/** The keys of one kind of setting. */
export type KeysOfKind<Kind extends SettingDefinition['kind']> = { [K in SettingKey]: Definitions[K]['kind'] extends Kind ? K : never }[SettingKey];

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** The keys of one kind, in the table's order. */
export function keysOfKind<Kind extends SettingDefinition['kind']>(kind: Kind): Array<KeysOfKind<Kind>> {
  return SETTING_KEYS.filter((key): key is KeysOfKind<Kind> => SETTINGS[key].kind === kind);
}

/** Settings the administrator's policy can constrain, by how. */
export type LockedKey = { [K in SettingKey]: Definitions[K] extends { admin: unknown } ? K : never }[SettingKey];
export type CeilingKey = { [K in SettingKey]: Definitions[K] extends { admin: { lock: 'ceiling' } } ? K : never }[SettingKey];

export const LOCKED_KEYS = SETTING_KEYS.filter((key): key is LockedKey => 'admin' in SETTINGS[key]);
export const CEILING_KEYS = SETTING_KEYS.filter((key): key is CeilingKey => {
  const definition: SettingDefinition = SETTINGS[key];
  return definition.admin?.lock === 'ceiling';
});

/** The settings the Settings form generates fields for, in order; the budget and routine ones share a legend each. */
export type FormKey = { [K in SettingKey]: Definitions[K]['edit'] extends 'form' ? K : never }[SettingKey];
export const FORM_KEYS = SETTING_KEYS.filter((key): key is FormKey => SETTINGS[key].edit === 'form');

export const GROUP_LEGENDS: Record<NonNullable<SettingDefinition['group']>, MessageKey> = { budget: msg('budget'), routines: msg('settings_routines') };

/** A number with its unit, as the administrator's ceiling names it: "5 steps", "$5.00", "2 runs at once". */
export function quantityWords(unit: NumberUnit, value: number): Arg {
  if (unit === 'usd') return amount(value, 'usd');
  const [one, other] = QUANTITY_KEYS[unit];
  return words(value === 1 ? one : other, amount(value));
}

const QUANTITY_KEYS: Record<Exclude<NumberUnit, 'usd'>, [MessageKey, MessageKey]> = {
  steps: [msg('quantity_steps_one'), msg('quantity_steps')],
  minutes: [msg('quantity_minutes_one'), msg('quantity_minutes')],
  runs: [msg('quantity_runs_one'), msg('quantity_runs')],
};
