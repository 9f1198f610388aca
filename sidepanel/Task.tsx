import { useEffect, useRef, useState } from 'preact/hooks';
import type { Approval, Entry, Plan, TaskView, ToolEntry } from '../src/protocol/task';
import { request } from './api';
import { Markdown } from './Markdown';
import { useAltShortcuts, withAccessKey } from './shortcuts';
import { groupReads, readsSummary, stepText } from './steps';

const MEMBER_LABELS: Record<string, string> = {
  navigate: 'Navigate',
  page_navigation: 'The page tried to go to',
  screenshot: 'Screenshot',
  read_page: 'Read page',
  get_page_text: 'Read text',
  left_click: 'Click',
  type: 'Type',
  key: 'Press key',
  form_input: 'Fill field',
  scroll: 'Scroll',
  wait: 'Wait',
  list_tabs: 'List tabs',
  new_tab: 'New tab',
  switch_tab: 'Switch tab',
  close_tab: 'Close tab',
  page_instructions: 'Page text addressed to Claude:',
  propose_plan: 'Plan',
  download: 'Keep the download',
};

const STATUS_LABELS: Record<ToolEntry['status'], string> = { running: 'Running', ok: 'Done', error: 'Failed', stopped: 'Stopped' };

function ToolItem({ entry }: { entry: ToolEntry }) {
  const { sentence, detail } = stepText(entry);
  return (
    <li class={`tool ${entry.status}`} data-member={entry.member} data-status={entry.status} aria-label={`${sentence}: ${STATUS_LABELS[entry.status]}`}>
      <div class="tool-head">
        <span class="tool-status" aria-hidden="true" />
        <span class="tool-sentence">{sentence}</span>
        {detail && (
          <details class="tool-detail">
            <summary>Details</summary>
            <code class="tool-target">{detail}</code>
          </details>
        )}
      </div>
      {entry.outcome && <div class="tool-outcome">{entry.outcome}</div>}
      {entry.thumbnail && <Thumbnail src={entry.thumbnail} alt={`Screenshot: ${sentence}`} />}
    </li>
  );
}

/** A screenshot as a small thumbnail; a click shows it at full size, and Escape or Close puts it away. */
function Thumbnail({ src, alt }: { src: string; alt: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" class="thumbnail-button" title="Show larger" onClick={() => dialog.current?.showModal()}>
        <img class="tool-thumbnail" src={src} alt={alt} />
      </button>
      <dialog ref={dialog} class="screenshot-dialog" aria-label={alt} onClick={(e) => e.target === dialog.current && dialog.current?.close()}>
        <img src={src} alt={alt} />
        <form method="dialog">
          <button type="submit" autofocus>
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}

/** Three or more reads in a row, folded into one line that opens to show them. */
function ReadsGroup({ entries }: { entries: ToolEntry[] }) {
  return (
    <li class="read-group">
      <details>
        <summary>{readsSummary(entries)}</summary>
        <ol class="timeline" aria-label={readsSummary(entries)}>
          {entries.map((entry) => (
            <ToolItem entry={entry} key={entry.id} />
          ))}
        </ol>
      </details>
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
  useAltShortcuts(
    {
      A: () => void answer(true),
      W: approval.alwaysAllowSite ? () => void answer(true, true) : undefined,
      R: () => void answer(false),
      T: approval.canTakeOver ? () => void answer(false, false, true) : undefined,
    },
    !busy,
  );
  // The question takes the focus when it appears, so the keyboard is where the answer is.
  const card = useRef<HTMLElement>(null);
  useEffect(() => card.current?.focus(), [approval.id]);
  return (
    <section ref={card} tabIndex={-1} class="approval" role="alertdialog" aria-label="Approval needed" aria-describedby={`why-${approval.id}`}>
      <h2>{approval.plan ? 'Claude proposes a plan' : 'Steward asks before it acts'}</h2>
      {approval.plan && <PlanDetails plan={approval.plan} />}
      {approval.preview && <img class="approval-preview" src={approval.preview} alt="The target on the page, outlined in red" />}
      <dl>
        {!approval.plan && (
          <>
            <dt>What</dt>
            <dd>
              {MEMBER_LABELS[approval.member] ?? approval.member} {approval.target}
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
        <button type="button" class="primary" disabled={busy} onClick={() => answer(true)} aria-keyshortcuts="Alt+A" title="Alt+A">
          {withAccessKey('Approve', 'A')}
        </button>
        {approval.alwaysAllowSite && (
          <button type="button" disabled={busy} onClick={() => answer(true, true)} aria-keyshortcuts="Alt+W" title="Alt+W">
            {withAccessKey(`Always allow on ${approval.alwaysAllowSite}`, 'W')}
          </button>
        )}
        <button type="button" class="danger" disabled={busy} onClick={() => answer(false)} aria-keyshortcuts="Alt+R" title="Alt+R">
          {withAccessKey('Reject', 'R')}
        </button>
        {approval.canTakeOver && (
          <button
            type="button"
            disabled={busy}
            onClick={() => answer(false, false, true)}
            aria-keyshortcuts="Alt+T"
            title="Alt+T: do this step yourself in the page; Steward waits until you resume"
          >
            {withAccessKey('Take over', 'T')}
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
  useAltShortcuts({ U: () => void resume() }, !busy);
  return (
    <section class="approval taken-over" role="region" aria-label="You have control">
      <h2>You have control</h2>
      <p>Steward has let go of the page and waits. Do what you need in the page, then resume: Claude will look at the page again before going on.</p>
      <div class="row">
        <button type="button" class="primary" disabled={busy} onClick={resume} aria-keyshortcuts="Alt+U" title="Alt+U">
          {withAccessKey('Resume', 'U')}
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
        {groupReads(task.entries).map((item) =>
          item.kind === 'reads' ? <ReadsGroup entries={item.entries} key={item.entries[0]!.id} /> : <EntryItem entry={item.entry} key={item.entry.id} />,
        )}
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
