import type { z } from 'zod';

/**
 * A stored item's versions: the schema of the current version, and one migration per step that
 * brings a record of version n to version n + 1. Every stored record carries its version; reading
 * climbs the ladder from the record's version to the current one, then validates.
 *
 * A record written by a newer Steward (the user went back to an older build, or two profiles share a
 * database) is neither dropped nor overwritten: it is reported as `newer`, and the stores keep it.
 */
export interface VersionedItem<T> {
  /** What the item is, in the words of a report ("task", "settings"). */
  name: string;
  /** The version this build writes. Version 1 is the first. */
  version: number;
  schema: z.ZodType<T>;
  /**
   * `migrations[n]` turns a version-n record into a version-(n + 1) one. A step receives the
   * record as stored (with its `version` field) and returns the next shape; the ladder sets the
   * version. There is one step for every version below the current one.
   */
  migrations: Readonly<Record<number, (record: Record<string, unknown>) => Record<string, unknown>>>;
}

export type VersionedRead<T> =
  | { status: 'current'; value: T }
  | { status: 'migrated'; value: T; from: number }
  | { status: 'newer'; version: number }
  | { status: 'invalid'; reason: string };

/** The version a stored record says it has: records from before versions were written count as 1. */
export function versionOf(raw: unknown): number | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const version = (raw as { version?: unknown }).version;
  if (version === undefined) return 1;
  return typeof version === 'number' && Number.isInteger(version) && version >= 1 ? version : undefined;
}

/** Reads one stored record: climbs the migration ladder, then validates against the current schema. */
export function readVersioned<T>(item: VersionedItem<T>, raw: unknown): VersionedRead<T> {
  const from = versionOf(raw);
  if (from === undefined) return { status: 'invalid', reason: `A stored ${item.name} has no readable version.` };
  if (from > item.version) return { status: 'newer', version: from };
  let record = { ...(raw as Record<string, unknown>), version: from };
  for (let version = from; version < item.version; version++) {
    const step = item.migrations[version];
    if (!step) return { status: 'invalid', reason: `No migration brings a ${item.name} from version ${version} to ${version + 1}.` };
    try {
      record = { ...step(record), version: version + 1 };
    } catch (error) {
      return { status: 'invalid', reason: `Migrating a ${item.name} from version ${version} failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const parsed = item.schema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: 'invalid', reason: `A stored ${item.name} (version ${from}) is unreadable: ${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'unknown shape'}.` };
  }
  return from === item.version ? { status: 'current', value: parsed.data } : { status: 'migrated', value: parsed.data, from };
}

/** Checks that a ladder has a step for every version below the current one: a unit test calls this per item. */
export function missingMigrations(item: VersionedItem<unknown>): number[] {
  const missing: number[] = [];
  for (let version = 1; version < item.version; version++) if (!item.migrations[version]) missing.push(version);
  return missing;
}

/**
 * The value of a stored record, or undefined with the reason logged: a record from a newer build
 * is left where it is (the stores never overwrite or delete it), an unreadable one is skipped.
 */
export function readStored<T>(item: VersionedItem<T>, raw: unknown): T | undefined {
  const read = readVersioned(item, raw);
  switch (read.status) {
    case 'current':
    case 'migrated':
      return read.value;
    case 'newer':
      console.warn(`Steward kept a stored ${item.name} of version ${read.version}, written by a newer Steward; this one reads up to version ${item.version}.`);
      return undefined;
    case 'invalid':
      console.warn(`Steward skipped an unreadable stored ${item.name}: ${read.reason}`);
      return undefined;
  }
}

/** Whether a stored record was written by a newer build: such records are kept as they are. */
export function isNewer(item: VersionedItem<unknown>, raw: unknown): boolean {
  const version = versionOf(raw);
  return version !== undefined && version > item.version;
}
