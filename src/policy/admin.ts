import { z } from 'zod';
import { listOf, msg, type Words, words } from '../i18n/words';
import { CEILING_KEYS, type CeilingKey, LOCKED_KEYS, type LockedKey, quantityWords, SETTINGS } from '../settings/definitions';
import { MODE_TABLE, MODES, type Mode } from '../settings/modes';
import { settingLabel, type Settings } from '../store/settings';

/**
 * Administrator policy, as Chrome's managed storage hands it over (public/managed_schema.json
 * describes the same fields to Chrome and to administrators). Pure: background/admin-policy.ts reads
 * chrome.storage.managed and passes what it returns here.
 */

/** Members an administrator can switch off. They are the toolset's optional members: the rest are the toolset itself. */
export const ADMIN_MEMBERS = ['javascript_exec', 'file_upload', 'read_console', 'read_network'] as const;
export type AdminMember = (typeof ADMIN_MEMBERS)[number];

/** The label forced sensitive sites carry in the approval card ("... is a sensitive site (required by your administrator)"). */
export const ADMIN_SENSITIVE_LABEL = msg('category_by_admin');

const DOMAIN = /^(localhost|(\d{1,3}\.){3}\d{1,3}|(?=.{1,253}$)([a-z0-9-]+\.)+[a-z0-9-]{2,63})$/;

/**
 * Administrators write sites in many ways: "https://corp.example.com/app", "*.example.com",
 * "example.com:8443". Each is read as the domain it names (subdomains always count).
 */
function domainOf(value: string): string {
  let text = value.trim().toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) {
    try {
      text = new URL(text).hostname;
    } catch {
      return text;
    }
  }
  return text.replace(/^(\*\.|\.)/, '').replace(/[/?#].*$/, '').replace(/:\d+$/, '').replace(/\.$/, '');
}
const domain = z.string().transform(domainOf).pipe(z.string().regex(DOMAIN));

interface AdminLists {
  /** Every change on these domains (and their subdomains) asks, in every mode. */
  sensitiveDomains: string[];
  /** Steward neither opens nor acts on these domains. */
  blockedDomains: string[];
  /**
   * When not empty: the only domains Steward may open or act on. When the administrator listed some
   * and none was readable, it holds an impossible domain, so nothing is allowed rather than everything.
   */
  allowedDomains: string[];
  disabledModes: Mode[];
  disabledMembers: AdminMember[];
  /** Forces the user's "read the console and network log" switch to this value. */
  allowDevtools?: boolean | undefined;
}

/**
 * Ceilings, one per setting whose definition (src/settings/definitions.ts) has an administrator
 * lock 'ceiling', under the setting's own name: the user may set less, never more.
 */
export type AdminPolicy = AdminLists & { [K in CeilingKey]?: number | undefined };

export function emptyAdminPolicy(): AdminPolicy {
  return { sensitiveDomains: [], blockedDomains: [], allowedDomains: [], disabledModes: [], disabledMembers: [] };
}

export interface LoadedAdminPolicy {
  policy: AdminPolicy;
  /** One sentence per value that was ignored, in words, for the administrator reading the Settings screen. */
  problems: Words[];
}

/** A name no site has (.invalid is reserved, RFC 2606): an allow list that holds only this allows nothing. */
const NO_DOMAIN = 'no-site.invalid';

const LIST_FIELDS = ['sensitiveDomains', 'blockedDomains', 'allowedDomains', 'disabledModes', 'disabledMembers'] as const;
/** A ceiling has the range of the setting it caps. */
function ceilingSchema(key: CeilingKey): z.ZodNumber {
  const { integer, min, max } = SETTINGS[key];
  return (integer ? z.number().int() : z.number()).min(min).max(max);
}
const ENTRY: Record<(typeof LIST_FIELDS)[number], z.ZodType<string>> = {
  sensitiveDomains: domain,
  blockedDomains: domain,
  allowedDomains: domain,
  disabledModes: z.enum(MODES),
  disabledMembers: z.enum(ADMIN_MEMBERS),
};
const KNOWN = new Set<string>([...LIST_FIELDS, ...LOCKED_KEYS.map((key) => SETTINGS[key].admin.key)]);

/**
 * Reads whatever chrome.storage.managed returned. A bad value is dropped and reported, never fatal:
 * in a list only the bad entries go, so one typo never lifts the rest of a block list.
 */
export function parseAdminPolicy(raw: unknown): LoadedAdminPolicy {
  const policy = emptyAdminPolicy();
  const problems: Words[] = [];
  if (raw === undefined || raw === null) return { policy, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { policy, problems: [words('admin_problem_not_object')] };
  const record = raw as Record<string, unknown>;

  for (const field of LIST_FIELDS) {
    const value = record[field];
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      problems.push(words('admin_problem_not_list', field));
      continue;
    }
    const kept: string[] = [];
    for (const entry of value) {
      const parsed = ENTRY[field].safeParse(entry);
      if (parsed.success) {
        if (!kept.includes(parsed.data)) kept.push(parsed.data);
      } else problems.push(words('admin_problem_entry', field, JSON.stringify(entry) ?? String(entry)));
    }
    (policy[field] as string[]) = kept;
  }
  if (Array.isArray(record.allowedDomains) && record.allowedDomains.length > 0 && policy.allowedDomains.length === 0) {
    problems.push(words('admin_problem_no_allowed'));
    policy.allowedDomains = [NO_DOMAIN];
  }
  if (policy.disabledModes.length === MODES.length) {
    problems.push(words('admin_problem_every_mode'));
    policy.disabledModes = [];
  }

  for (const field of CEILING_KEYS) {
    if (record[field] === undefined) continue;
    const parsed = ceilingSchema(field).safeParse(record[field]);
    if (parsed.success) policy[field] = parsed.data;
    else problems.push(words('admin_problem_range', field, JSON.stringify(record[field]) ?? String(record[field])));
  }

  if (record.allowDevtools !== undefined) {
    if (typeof record.allowDevtools === 'boolean') policy.allowDevtools = record.allowDevtools;
    else problems.push(words('admin_problem_not_boolean', 'allowDevtools', JSON.stringify(record.allowDevtools) ?? String(record.allowDevtools)));
  }

  for (const key of Object.keys(record)) if (!KNOWN.has(key)) problems.push(words('admin_problem_unknown', JSON.stringify(key)));
  return { policy, problems };
}

/** Settings fields the user cannot change (or not beyond a ceiling) while the policy stands. */
export type LockedField = LockedKey;

export interface AppliedPolicy {
  /** What tasks run with: the user's settings inside the administrator's bounds. */
  settings: Settings;
  /** Per field the administrator constrains: why, in the words the panel shows. */
  locked: Partial<Record<LockedField, Words>>;
}

/** The modes the administrator left on, most cautious first. */
export function allowedModes(admin: AdminPolicy): Mode[] {
  return MODES.filter((mode) => !admin.disabledModes.includes(mode));
}

/** Why a task may not start in this mode, or undefined when it may. */
export function modeRefusal(mode: Mode, admin: AdminPolicy): Words | undefined {
  if (!admin.disabledModes.includes(mode)) return undefined;
  return words('admin_mode_refused', modeWords(mode), listOf(allowedModes(admin).map(modeWords), msg('list_or')));
}

/** A mode's name in quotes: "Act without asking". */
function modeWords(mode: Mode): Words {
  return words('quoted', words(MODE_TABLE[mode].name));
}

/**
 * The user's settings within the administrator's bounds: budgets clamped to their ceilings, the
 * devtools switch forced when the administrator set it or turned both log members off, and a
 * default mode the administrator turned off replaced by the most cautious one left.
 */
export function applyAdminPolicy(settings: Settings, admin: AdminPolicy): AppliedPolicy {
  const effective: Settings = { ...settings };
  const locked: AppliedPolicy['locked'] = {};
  for (const field of CEILING_KEYS) {
    const ceiling = admin[field];
    if (ceiling === undefined) continue;
    effective[field] = Math.min(settings[field], ceiling);
    locked[field] = words('admin_locked_at_most', quantityWords(SETTINGS[field].unit, ceiling));
  }
  const logsOff = admin.disabledMembers.includes('read_console') && admin.disabledMembers.includes('read_network');
  if (admin.allowDevtools !== undefined || logsOff) {
    effective.allowDevtools = logsOff ? false : admin.allowDevtools === true;
    locked.allowDevtools = words('admin_locked');
  }
  if (admin.disabledModes.includes(settings.defaultMode)) {
    effective.defaultMode = allowedModes(admin)[0] ?? settings.defaultMode;
  }
  if (admin.disabledModes.length) {
    const names = listOf(admin.disabledModes.map(modeWords));
    locked.defaultMode = words(admin.disabledModes.length === 1 ? msg('admin_locked_mode_off') : msg('admin_locked_modes_off'), names);
  }
  return { settings: effective, locked };
}

/** Values above the administrator's ceilings, as errors naming the ceiling; empty when all are within. A value left out is not checked. */
export function ceilingErrors(settings: Partial<Pick<Settings, CeilingKey>>, admin: AdminPolicy): Partial<Record<CeilingKey, Words>> {
  const errors: Partial<Record<CeilingKey, Words>> = {};
  for (const field of CEILING_KEYS) {
    const ceiling = admin[field];
    const value = settings[field];
    if (ceiling !== undefined && value !== undefined && value > ceiling) errors[field] = words('admin_ceiling_error', settingLabel(field), quantityWords(SETTINGS[field].unit, ceiling));
  }
  return errors;
}
