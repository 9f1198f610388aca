import { z } from 'zod';
import { isWords, type Words } from '../i18n/words';
import { RemoteError } from './remote-error';

/** Every reply that crosses a context boundary: a value, or an error to re-throw on the other side. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { name: string; message: string; words?: Words } };

export const replySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ name: z.string(), message: z.string() }) }),
]);

// Apart, so the panel can re-throw remote errors without loading zod.
export { RemoteError };

export function okReply<T>(value: T): Reply<T> {
  return { ok: true, value };
}

export function errorReply(error: unknown): Reply<never> {
  if (error instanceof Error) {
    // Words travel with the message (a WordsError, src/i18n/english.ts), so the panel can show them in the reader's language.
    const words: unknown = 'words' in error ? error.words : undefined;
    return { ok: false, error: { name: error.name, message: error.message, ...(isWords(words) ? { words } : {}) } };
  }
  return { ok: false, error: { name: 'Error', message: String(error) } };
}

/** Unwraps a reply, re-throwing its error here; a reply that is no envelope at all is an error too. */
export function unwrapReply<T>(raw: unknown, valueSchema: z.ZodType<T>): T {
  const reply = replySchema.safeParse(raw);
  if (!reply.success) throw new RemoteError('ProtocolError', 'The other side sent no valid reply.');
  if (!reply.data.ok) throw new RemoteError(reply.data.error.name, reply.data.error.message);
  const value = valueSchema.safeParse(reply.data.value);
  if (!value.success) throw new RemoteError('ProtocolError', `The reply did not match its schema: ${value.error.issues[0]?.message ?? ''}`);
  return value.data;
}
