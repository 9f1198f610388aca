import { useEffect, useRef, useState } from 'preact/hooks';
import type { Approval, Entry, Plan, TaskView, ToolEntry } from '../src/protocol/task';
import { memberEntry } from '../src/browser/members';
import { request } from './api';
import { Markdown } from './Markdown';
import { useAltShortcuts, withAccessKey } from './shortcuts';
import { groupReads, readsSummary, stepText } from './steps';
import { type MessageKey, msg, say, t } from './i18n';

const MEMBER_LABELS: Record<string, MessageKey> = {
  navigate: msg('member_navigate'),
  page_navigation: msg('member_page_navigation'),
  screenshot: msg('member_screenshot'),
  read_page: msg('member_read_page'),
  get_page_text: msg('member_get_page_text'),
  left_click: msg('member_left_click'),
  type: msg('member_type'),
  key: msg('member_key'),
  form_input: msg('member_form_input'),
  scroll: msg('member_scroll'),
  wait: msg('member_wait'),
  list_tabs: msg('member_list_tabs'),
  new_tab: msg('member_new_tab'),
  switch_tab: msg('member_switch_tab'),
  close_tab: msg('member_close_tab'),
  page_instructions: msg('member_page_instructions'),
  propose_plan: msg('member_propose_plan'),
  download: msg('member_download'),
};

/** A step's label in the user's language; a member without a message of its own is named by the member table. */
function memberLabel(member: string): string {
  const key = MEMBER_LABELS[member];
  return key ? t(key) : (memberEntry(member)?.label ?? member);
}

const STATUS_LABELS: Record<ToolEntry['status'], MessageKey> = { running: msg('status_running'), ok: msg('status_ok'), error: msg('status_error'), stopped: msg('status_stopped') };

function ToolItem({ entry }: { entry: ToolEntry }) {
  const { sentence, detail } = stepText(entry);
  return (
    <li class={`tool ${entry.status}`} data-member={entry.member} data-status={entry.status} aria-label={`${sentence}: ${t(STATUS_LABELS[entry.status])}`}>
      <div class="tool-head">
        <span class="tool-status" aria-hidden="true" />
        <span class="tool-sentence">{sentence}</span>
        {detail && (
          <details class="tool-detail">
            <summary>{t('step_details')}</summary>
            <code class="tool-target">{detail}</code>
          </details>
        )}
      </div>
      {entry.outcome && <div class="tool-outcome">{entry.outcome}</div>}
      {entry.thumbnail && <Thumbnail src={entry.thumbnail} alt={t('screenshot_alt', sentence)} />}
    </li>
  );
}

/** A screenshot as a small thumbnail; a click shows it at full size, and Escape or Close puts it away. */
function Thumbnail({ src, alt }: { src: string; alt: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" class="thumbnail-button" title={t('show_larger')} onClick={() => dialog.current?.showModal()}>
        <img class="tool-thumbnail" src={src} alt={alt} />
      </button>
      <dialog ref={dialog} class="screenshot-dialog" aria-label={alt} onClick={(e) => e.target === dialog.current && dialog.current?.close()}>
        <img src={src} alt={alt} />
        <form method="dialog">
          <button type="submit" autofocus>
            {t('close')}
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
    <section ref={card} tabIndex={-1} class="approval" role="alertdialog" aria-label={t('approval_needed')} aria-describedby={`why-${approval.id}`}>
      <h2>{approval.plan ? t('approval_plan_title') : approval.kind === 'alignment' ? t('approval_alignment_title') : t('approval_title')}</h2>
      {approval.plan && <PlanDetails plan={approval.plan} />}
      {approval.preview && <img class="approval-preview" src={approval.preview} alt={t('approval_preview_alt')} />}
      <dl>
        {!approval.plan && (
          <>
            <dt>{t('approval_what')}</dt>
            <dd>
              {memberLabel(approval.member)} {approval.target}
            </dd>
          </>
        )}
        {approval.url && (
          <>
            <dt>{t('approval_where')}</dt>
            <dd class="approval-url">{approval.url}</dd>
          </>
        )}
        <dt>{t('approval_why')}</dt>
        <dd id={`why-${approval.id}`}>{say(approval.reason)}</dd>
      </dl>
      <label class="visually-hidden" for={`note-${approval.id}`}>
        {t('approval_note_label')}
      </label>
      <input id={`note-${approval.id}`} type="text" placeholder={t('approval_note_placeholder')} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <div class="row">
        <button type="button" class="primary" disabled={busy} onClick={() => answer(true)} aria-keyshortcuts="Alt+A" title="Alt+A">
          {withAccessKey(t('approve'), 'A')}
        </button>
        {approval.alwaysAllowSite && (
          <button type="button" disabled={busy} onClick={() => answer(true, true)} aria-keyshortcuts="Alt+W" title="Alt+W">
            {withAccessKey(t('always_allow', approval.alwaysAllowSite), 'W')}
          </button>
        )}
        <button type="button" class="danger" disabled={busy} onClick={() => answer(false)} aria-keyshortcuts="Alt+R" title="Alt+R">
          {withAccessKey(t('reject'), 'R')}
        </button>
        {approval.canTakeOver && (
          <button
            type="button"
            disabled={busy}
            onClick={() => answer(false, false, true)}
            aria-keyshortcuts="Alt+T"
            title={t('take_over_hint')}
          >
            {withAccessKey(t('take_over'), 'T')}
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
    <section class="approval taken-over" role="region" aria-label={t('taken_over_title')}>
      <h2>{t('taken_over_title')}</h2>
      <p>{t('taken_over_text')}</p>
      <div class="row">
        <button type="button" class="primary" disabled={busy} onClick={resume} aria-keyshortcuts="Alt+U" title="Alt+U">
          {withAccessKey(t('resume'), 'U')}
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
      <ol aria-label={t('plan_steps')}>
        {plan.steps.map((step, index) => (
          <li key={index}>{step}</li>
        ))}
      </ol>
      <p class="plan-sites" aria-label={t('plan_sites_label')}>
        {t('plan_sites', plan.sites.join(', '))}
      </p>
    </div>
  );
}

export function TaskTranscript({ task, onSaveAsRoutine }: { task: TaskView; onSaveAsRoutine?: (() => void) | undefined }) {
  return (
    <section class="task" aria-label={t('task_region')} data-task-id={task.id}>
      {task.plan && (
        <details class="approved-plan" aria-label={t('approved_plan')}>
          <summary>{t('approved_plan_summary', task.plan.sites.join(', '))}</summary>
          <PlanDetails plan={task.plan} />
        </details>
      )}
      <ol class="timeline" aria-label={t('timeline')}>
        {groupReads(task.entries).map((item) =>
          item.kind === 'reads' ? <ReadsGroup entries={item.entries} key={item.entries[0]!.id} /> : <EntryItem entry={item.entry} key={item.entry.id} />,
        )}
      </ol>
      {task.status === 'running' && task.approval && <ApprovalCard taskId={task.id} approval={task.approval} />}
      {task.status === 'running' && task.takenOver && !task.approval && <TakenOverCard taskId={task.id} />}
      {task.status === 'running' && !task.approval && !task.takenOver && (
        <p class={`working${task.notice ? ' waiting' : ''}`} role="status">
          {task.notice ? say(task.notice) : t('working')}
        </p>
      )}
      {task.status === 'done' && task.finalAnswer !== undefined && (
        <section class="final" aria-label={t('final_answer')}>
          <h2>{t('result')}</h2>
          <Markdown text={task.finalAnswer} />
          {onSaveAsRoutine && (
            <button type="button" onClick={onSaveAsRoutine}>
              {t('save_as_routine')}
            </button>
          )}
        </section>
      )}
      {task.status === 'stopped' && (
        <p class="notice" role="status">
          {t('task_stopped')}{task.error ? ` ${say(task.error)}` : ''}
        </p>
      )}
      {task.status === 'error' && (
        <div class="notice error" role="alert">
          <strong>{t('task_failed')}</strong> {task.error && say(task.error)}
        </div>
      )}
      {task.usageText && (
        <p class="usage" aria-label={t('usage_label')}>
          {say(task.usageText)}
        </p>
      )}
    </section>
  );
}
