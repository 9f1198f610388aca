import type { z } from 'zod';
import { amount, type Amount, type Arg, type MessageKey, msg, type Text, type Words, words } from './words';

/** A message of public/_locales names itself in lower case with underscores; zod's own messages are sentences. */
const MESSAGE_KEY = /^[a-z][a-z0-9_]*$/;

/**
 * A zod issue as words for the field it belongs to, shown beside that field in the reader's
 * language. The schemas give message keys as their messages (`msg('invalid_at_most')`): $1 is the
 * field's label, $2 the limit a too-small or too-big issue names (as an amount in `unit`), or a
 * custom issue's `params.args`. A field left out is 'invalid_missing'; any other message of zod's
 * own is 'invalid_field'.
 */
export function issueWords(issue: z.core.$ZodIssue, label: Text, unit?: Amount['unit']): Words {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return words('invalid_missing', label);
  // A key the schema gave; the unit test of the messages checks that each msg() key in the schemas exists.
  const key = MESSAGE_KEY.test(issue.message) ? (issue.message as MessageKey) : msg('invalid_field');
  return words(key, label, ...issueArgs(issue, unit));
}

function issueArgs(issue: z.core.$ZodIssue, unit: Amount['unit']): Arg[] {
  if (issue.code === 'too_small') return [amount(Number(issue.minimum), issue.origin === 'number' ? unit : undefined)];
  if (issue.code === 'too_big') return [amount(Number(issue.maximum), issue.origin === 'number' ? unit : undefined)];
  if (issue.code === 'custom' && Array.isArray(issue.params?.args)) return issue.params.args as Arg[];
  return [];
}
