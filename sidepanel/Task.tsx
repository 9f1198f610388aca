import { useState } from 'preact/hooks';
import type { Approval, Entry, Plan, TaskView, ToolEntry } from '../src/protocol/task';
import { memberEntry } from '../src/browser/members';
import { request } from './api';
import { Markdown } from './Markdown';

/** What the timeline calls each step: toolset members by the member table, Steward's own steps here. */
const STEP_LABELS: Record<string, string> = {
  page_navigation: 'The page tried to go to',
  page_instructions: 'Page text addressed to Claude:',
  propose_plan: 'Plan',
  download: 'Keep the download',
};

function stepLabel(member: string): string {
  return memberEntry(member)?.label ?? STEP_LABELS[member] ?? member;
}

const STATUS_LABELS: Record<ToolEntry['status'], string> = { running: 'Running', ok: 'Done', error: 'Failed', stopped: 'Stopped' };

function ToolItem({ entry }: { entry: ToolEntry }) {
  return (
    <li class={`tool ${entry.status}`} data-member={entry.member} data-status={entry.status} aria-label={`${stepLabel(entry.member)}: ${STATUS_LABELS[entry.status]}`}>
      <div class="tool-head">
        <span class="tool-status" aria-hidden="true" />
        <span class="tool-member">{stepLabel(entry.member)}</span>
        {entry.target && <code class="tool-target">{entry.target}</code>}
      </div>
      {entry.outcome && <div class="tool-outcome">{entry.outcome}</div>}
      {entry.thumbnail && <img class="tool-thumbnail" src={entry.thumbnail} alt={`Screenshot taken by ${entry.member}`} />}
    </li>
  );
}

function EntryItem({ entry }: { entry: Entry }) {
  if (entry.kind === 'tool') return <ToolItem entry={entry} />;
  if (entry.kind === 'user') {
    return (
      <li class="message user">
        <p>{entry.text}</p>
      </li>
    );
  }
  return (
    <li class="message assistant">
      <Markdown text={entry.text} />
    </li>
  );
}

/** An action waiting for the user: what, where and why, and the two answers. */
export function ApprovalCard({ taskId, approval }: { taskId: string; approval: Approval }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const answer = async (approve: boolean, always = false, takeOver = false) => {
    setBusy(true);
    await request({ type: 'approval.answer', taskId, approvalId: approval.id, approve, always, takeOver, ...(note.trim() ? { note: note.trim() } : {}) }).finally(() =>
      setBusy(false),
    );
  };
  return (
    <section class="approval" role="alertdialog" aria-label="Approval needed" aria-describedby={`why-${approval.id}`}>
      <h2>{approval.plan ? 'Claude proposes a plan' : approval.kind === 'alignment' ? 'This may not be what you asked for' : 'Steward asks before it acts'}</h2>
      {approval.plan && <PlanDetails plan={approval.plan} />}
      {approval.preview && <img class="approval-preview" src={approval.preview} alt="The target on the page, outlined in red" />}
      <dl>
        {!approval.plan && (
          <>
            <dt>What</dt>
            <dd>
              {stepLabel(approval.member)} {approval.target}
            </dd>
          </>
        )}
        {approval.url && (
          <>
            <dt>Where</dt>
            <dd class="approval-url">{approval.url}</dd>
          </>
        )}
        <dt>Why it asks</dt>
        <dd id={`why-${approval.id}`}>{approval.reason}</dd>
      </dl>
      <label class="visually-hidden" for={`note-${approval.id}`}>
        Note for Claude
      </label>
      <input id={`note-${approval.id}`} type="text" placeholder="Optional note if you reject" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <div class="row">
        <button type="button" class="primary" disabled={busy} onClick={() => answer(true)}>
          Approve
        </button>
        {approval.alwaysAllowSite && (
          <button type="button" disabled={busy} onClick={() => answer(true, true)} aria-label={`Always allow on ${approval.alwaysAllowSite}`}>
            Always allow on this site
          </button>
        )}
        <button type="button" class="danger" disabled={busy} onClick={() => answer(false)}>
          Reject
        </button>
        {approval.canTakeOver && (
          <button type="button" disabled={busy} onClick={() => answer(false, false, true)} title="Do this step yourself in the page; Steward waits until you resume">
            Take over
          </button>
        )}
      </div>
    </section>
  );
}

/** While the user has the page: Steward waits, and "Resume" hands control back. */
function TakenOverCard({ taskId }: { taskId: string }) {
  const [busy, setBusy] = useState(false);
  const resume = async () => {
    setBusy(true);
    await request({ type: 'task.resume', taskId }).finally(() => setBusy(false));
  };
  return (
    <section class="approval taken-over" role="region" aria-label="You have control">
      <h2>You have control</h2>
      <p>Steward has let go of the page and waits. Do what you need in the page, then resume: Claude will look at the page again before going on.</p>
      <div class="row">
        <button type="button" class="primary" disabled={busy} onClick={resume}>
          Resume
        </button>
      </div>
    </section>
  );
}

/** A plan: its summary, steps and the sites it may act on. */
function PlanDetails({ plan }: { plan: Plan }) {
  return (
    <div class="plan">
      <p>{plan.summary}</p>
      <ol aria-label="Steps">
        {plan.steps.map((step, index) => (
          <li key={index}>{step}</li>
        ))}
      </ol>
      <p class="plan-sites" aria-label="Sites">
        Sites: {plan.sites.join(', ')}
      </p>
    </div>
  );
}

export function TaskTranscript({ task, onSaveAsRoutine }: { task: TaskView; onSaveAsRoutine?: (() => void) | undefined }) {
  return (
    <section class="task" aria-label="Task">
      {task.plan && (
        <details class="approved-plan" aria-label="Approved plan">
          <summary>Approved plan · {task.plan.sites.join(', ')}</summary>
          <PlanDetails plan={task.plan} />
        </details>
      )}
      <ol class="timeline" aria-label="Timeline">
        {task.entries.map((entry) => (
          <EntryItem entry={entry} key={entry.id} />
        ))}
      </ol>
      {task.status === 'running' && task.approval && <ApprovalCard taskId={task.id} approval={task.approval} />}
      {task.status === 'running' && task.takenOver && !task.approval && <TakenOverCard taskId={task.id} />}
      {task.status === 'running' && !task.approval && !task.takenOver && (
        <p class={`working${task.notice ? ' waiting' : ''}`} role="status">
          {task.notice ?? 'Working…'}
        </p>
      )}
      {task.status === 'done' && task.finalAnswer !== undefined && (
        <section class="final" aria-label="Final answer">
          <h2>Result</h2>
          <Markdown text={task.finalAnswer} />
          {onSaveAsRoutine && (
            <button type="button" onClick={onSaveAsRoutine}>
              Save as routine
            </button>
          )}
        </section>
      )}
      {task.status === 'stopped' && (
        <p class="notice" role="status">
          Task stopped.{task.error ? ` ${task.error}` : ''}
        </p>
      )}
      {task.status === 'error' && (
        <div class="notice error" role="alert">
          <strong>The task could not finish.</strong> {task.error}
        </div>
      )}
      {task.usageText && (
        <p class="usage" aria-label="Tokens and cost">
          {task.usageText}
        </p>
      )}
    </section>
  );
}
