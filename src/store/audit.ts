import { z } from 'zod';

/**
 * The audit log: one entry per tool call, append-only, each carrying the hash of the one before,
 * so an entry changed or removed afterwards breaks the chain and "Verify" says where.
 */
export const auditEntrySchema = z.object({
  seq: z.number().int().nonnegative(),
  at: z.number(),
  taskId: z.string(),
  member: z.string(),
  /** What the call acted on, in words; a password is never written. */
  summary: z.string(),
  url: z.string().optional(),
  decision: z.enum(['allowed', 'approved', 'rejected', 'blocked']),
  decidedBy: z.enum(['policy', 'user']),
  outcome: z.enum(['ok', 'error', 'interrupted']),
  detail: z.string().optional(),
  prev: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditRecord = Omit<AuditEntry, 'seq' | 'prev' | 'hash'>;

export const GENESIS = '0'.repeat(64);

/** The audit store port: IndexedDB in the extension, an array in unit tests. */
export interface AuditStore {
  last(): Promise<AuditEntry | undefined>;
  add(entry: AuditEntry): Promise<void>;
  all(): Promise<AuditEntry[]>;
}

/** SHA-256 of the entry's fields in a fixed order: what the next entry's `prev` must be. */
export async function hashOf(entry: Omit<AuditEntry, 'hash'>): Promise<string> {
  const canonical = JSON.stringify([entry.seq, entry.at, entry.taskId, entry.member, entry.summary, entry.url ?? null, entry.decision, entry.decidedBy, entry.outcome, entry.detail ?? null, entry.prev]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Appends one entry to the chain. Calls are queued, so two entries never claim the same place. */
export function auditLog(store: AuditStore) {
  let queue = Promise.resolve<AuditEntry | undefined>(undefined);
  return {
    append(record: AuditRecord): Promise<AuditEntry | undefined> {
      queue = queue.then(async () => {
        const last = await store.last();
        const unhashed = { ...record, seq: (last?.seq ?? -1) + 1, prev: last?.hash ?? GENESIS };
        const entry = { ...unhashed, hash: await hashOf(unhashed) };
        await store.add(entry);
        return entry;
      });
      return queue;
    },
  };
}

export type Verification = { ok: true; count: number } | { ok: false; count: number; brokenAt: number; reason: string };

/** Checks every link of the chain, in order. */
export async function verifyChain(entries: readonly AuditEntry[]): Promise<Verification> {
  let prev = GENESIS;
  for (const [index, entry] of entries.entries()) {
    if (entry.seq !== index) return { ok: false, count: entries.length, brokenAt: index, reason: `Entry ${index} is missing or out of order.` };
    if (entry.prev !== prev) return { ok: false, count: entries.length, brokenAt: entry.seq, reason: `Entry ${entry.seq} does not follow the entry before it.` };
    const { hash, ...rest } = entry;
    if ((await hashOf(rest)) !== hash) return { ok: false, count: entries.length, brokenAt: entry.seq, reason: `Entry ${entry.seq} was changed after it was written.` };
    prev = hash;
  }
  return { ok: true, count: entries.length };
}

/** JSON Lines, one entry a line, for export. */
export function toJsonLines(entries: readonly AuditEntry[]): string {
  return entries.map((entry) => JSON.stringify(entry)).join('\n') + (entries.length ? '\n' : '');
}

export function memoryAuditStore(): AuditStore & { entries: AuditEntry[] } {
  const entries: AuditEntry[] = [];
  return {
    entries,
    async last() {
      return entries.at(-1);
    },
    async add(entry) {
      entries.push(structuredClone(entry));
    },
    async all() {
      return structuredClone(entries);
    },
  };
}
