import { z } from 'zod';
import { words } from '../i18n/words';
import { type Approval, planSchema, textSchema } from '../protocol/task';

/** What an action's question shows about the call: which member, on what, where, and why it asks. */
const actionFields = {
  toolUseId: z.string(),
  member: z.string(),
  /** What it would act on, in words: `button "Pay now"`, a URL, the text to type. */
  target: z.string(),
  url: z.string().optional(),
  reason: textSchema,
  /** The part of the page around the target, the target outlined: a JPEG data URL. */
  preview: z.string().optional(),
  /** The site "Always allow on this site" would add, when that answer is offered at all. */
  alwaysAllowSite: z.string().optional(),
};

/**
 * Every question a task asks the user, one kind per reason to ask. Stored with the task while it
 * waits, so a question survives a worker restart; the panel's approval card is derived from it.
 */
export const questionSchema = z.discriminatedUnion('kind', [
  /** The policy asks before a call runs. */
  z.object({ kind: z.literal('action'), ...actionFields }),
  /** The policy allowed the call, but the alignment check doubted it serves the task. */
  z.object({ kind: z.literal('alignment'), ...actionFields }),
  /** Claude's plan, in the "Ask before acting" mode. */
  z.object({ kind: z.literal('plan'), toolUseId: z.string(), plan: planSchema }),
  /** A page in the task started a download: the file stays only with the user's yes. */
  z.object({ kind: z.literal('download'), downloadId: z.number(), url: z.string(), filename: z.string() }),
  /** A tool result holds text that speaks to Claude as the user would. */
  z.object({ kind: z.literal('page-instructions'), toolUseId: z.string(), excerpt: z.string() }),
]);
export type Question = z.infer<typeof questionSchema>;
export type QuestionKind = Question['kind'];

/** A question the task waits on: its id (what the panel answers), when it was first asked, and what. */
export const pendingQuestionSchema = z.object({ id: z.string(), requestedAt: z.number(), question: questionSchema });
export type PendingQuestion = z.infer<typeof pendingQuestionSchema>;

/** The user's answer to a question. */
export interface Answer {
  approve: boolean;
  always?: boolean | undefined;
  note?: string | undefined;
  /** The user does this step in the page instead; the task waits for "Resume". */
  takeOver?: boolean | undefined;
}

const PLAN_REASON = words('ask_plan');
const DOWNLOAD_REASON = words('ask_download');
const PAGE_INSTRUCTIONS_REASON = words('ask_page_instructions');

/** The tool call a question holds up, if it holds one up: the loop asks it again after a restart. */
export function questionToolUseId(question: Question): string | undefined {
  return question.kind === 'download' ? undefined : question.toolUseId;
}

/** Whether "Take over" is offered: for actions on a page. */
export function canTakeOver(question: Question): boolean {
  return question.kind === 'action' || question.kind === 'alignment';
}

/** Whether two questions are the same one, asked again (after a restart): the card keeps its id. */
export function sameQuestion(a: Question, b: Question): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'download' && b.kind === 'download') return a.downloadId === b.downloadId;
  return questionToolUseId(a) === questionToolUseId(b);
}

/** The approval card the panel shows for a pending question. */
export function approvalOf({ id, requestedAt, question }: PendingQuestion): Approval {
  const asked = { id, requestedAt };
  switch (question.kind) {
    case 'action':
    case 'alignment': {
      const { kind, ...fields } = question;
      return { ...asked, ...fields, canTakeOver: true, ...(kind === 'alignment' ? { kind } : {}) };
    }
    case 'plan':
      return { ...asked, toolUseId: question.toolUseId, member: 'propose_plan', target: question.plan.summary, reason: PLAN_REASON, plan: question.plan };
    case 'download':
      // Chrome names the file later; until then the URL's last part is what the user recognises.
      return { ...asked, toolUseId: `download:${question.downloadId}`, member: 'download', target: downloadName(question), url: question.url, reason: DOWNLOAD_REASON };
    case 'page-instructions':
      return { ...asked, toolUseId: `${question.toolUseId}:review`, member: 'page_instructions', target: JSON.stringify(question.excerpt), reason: PAGE_INSTRUCTIONS_REASON };
  }
}

function downloadName(question: Extract<Question, { kind: 'download' }>): string {
  const fromUrl = (() => {
    try {
      return new URL(question.url).pathname.split('/').pop();
    } catch {
      return undefined;
    }
  })();
  return question.filename.split(/[\\/]/).pop() || fromUrl || question.url;
}

/**
 * Reads an approval card stored by version 1 of the task record, where the kind of question was
 * encoded in its tool-use id (`download:<id>`, `<id>:review`) and its fields: the migration's step.
 */
export function questionFromApproval(approval: Approval): Question {
  const { toolUseId } = approval;
  if (toolUseId.startsWith('download:')) {
    return { kind: 'download', downloadId: Number(toolUseId.slice('download:'.length)), url: approval.url ?? '', filename: approval.target };
  }
  if (toolUseId.endsWith(':review')) {
    const excerpt = (() => {
      try {
        const parsed: unknown = JSON.parse(approval.target);
        return typeof parsed === 'string' ? parsed : approval.target;
      } catch {
        return approval.target;
      }
    })();
    return { kind: 'page-instructions', toolUseId: toolUseId.slice(0, -':review'.length), excerpt };
  }
  if (approval.plan) return { kind: 'plan', toolUseId, plan: approval.plan };
  return {
    kind: approval.kind === 'alignment' ? 'alignment' : 'action',
    toolUseId,
    member: approval.member,
    target: approval.target,
    reason: approval.reason,
    ...(approval.url !== undefined ? { url: approval.url } : {}),
    ...(approval.preview !== undefined ? { preview: approval.preview } : {}),
    ...(approval.alwaysAllowSite !== undefined ? { alwaysAllowSite: approval.alwaysAllowSite } : {}),
  };
}
