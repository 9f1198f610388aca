import { useEffect, useState } from 'preact/hooks';
import type { Text } from '../src/i18n/words';
import type { RoutineView } from '../src/protocol/routines';
import type { TaskView } from '../src/protocol/task';
import { formatRunTime } from '../src/routines/run-time';
import type { RoutineRun } from '../src/store/routines';
import { request } from './api';
import { type MessageKey, msg, say, t, uiLocale } from './i18n';
import { download } from './History';
import { Markdown } from './Markdown';
import { RoutineForm } from './LazyRoutineForm';
import type { RoutineDraft } from './RoutineForm';
import { ApprovalCard } from './Task';

const RUN_STATUS: Record<RoutineRun['status'], MessageKey> = {
  queued: msg('run_status_queued'),
  running: msg('run_status_running'),
  waiting: msg('run_status_waiting'),
  done: msg('run_status_done'),
  failed: msg('run_status_failed'),
  stopped: msg('run_status_stopped'),
  'needs-attention': msg('run_status_needs_attention'),
};
const ADMISSION: Record<'started' | 'queued' | 'already-running' | 'already-queued', MessageKey> = {
  started: msg('admission_started'),
  queued: msg('admission_queued'),
  'already-running': msg('admission_already_running'),
  'already-queued': msg('admission_already_queued'),
};
const TRIGGER: Record<RoutineRun['trigger'], MessageKey> = { schedule: msg('trigger_schedule'), 'catch-up': msg('trigger_catch_up'), manual: msg('trigger_manual') };

function duration(run: RoutineRun): string {
  if (run.startedAt === undefined) return '';
  const seconds = Math.round(((run.endedAt ?? Date.now()) - run.startedAt) / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const HOW: Record<NonNullable<RoutineRun['replay']>['kind'], MessageKey> = {
  replayed: msg('run_replayed'),
  'replayed-then-claude': msg('run_replayed_then_claude'),
  claude: msg('run_claude'),
};

/** How the run was done, and what it cost in model calls and tokens. */
function RunHow({ replay }: { replay: NonNullable<RoutineRun['replay']> }) {
  return (
    <div class="history-meta run-how" data-how={replay.kind}>
      {t(HOW[replay.kind], replay.fromStep ?? 0)} · {t('model_calls', replay.modelCalls)} · {t('tokens', replay.tokens)}
      {replay.unchanged ? ` · ${t('run_unchanged')}` : ''}
    </div>
  );
}

/** The run's trace: each step with the element it found, and the reads its answer came from. */
function RunTrace({ trace }: { trace: NonNullable<RoutineRun['trace']> }) {
  return (
    <details class="run-trace">
      <summary>{t('trace_steps', trace.steps.length)}</summary>
      <ol>
        {trace.steps.map((step, index) => (
          <li key={index}>
            <code>{step.member}</code>
            {step.locator ? ` ${step.locator.role} "${step.locator.name}"${step.locator.count > 1 ? ` (${step.locator.index + 1}/${step.locator.count})` : ''}` : ''}
            {typeof step.input.url === 'string' ? ` ${step.input.url}` : ''}
            {step.readHash ? ` · ${t('trace_region')}` : ''}
            <div class="history-meta">{step.urlPattern}</div>
          </li>
        ))}
      </ol>
    </details>
  );
}

function RunItem({ run, onOpenTask }: { run: RoutineRun; onOpenTask: (task: TaskView) => void }) {
  const [error, setError] = useState('');
  return (
    <li class={`run ${run.status}`} data-status={run.status} aria-label={t('run_named', t(RUN_STATUS[run.status]))}>
      <div class="history-meta">
        <strong>{t(RUN_STATUS[run.status])}</strong> · {new Date(run.startedAt ?? run.queuedAt).toLocaleString()} · {t(TRIGGER[run.trigger])}
        {run.startedAt !== undefined ? ` · ${duration(run)}` : ''} · ${run.costUsd.toFixed(2)}
      </div>
      {run.replay && <RunHow replay={run.replay} />}
      {run.status === 'waiting' && run.taskId && run.approval && <ApprovalCard taskId={run.taskId} approval={run.approval} />}
      {run.waitingFor && run.status !== 'waiting' && <p class="notice warning">{t('waited_for', run.waitingFor)}</p>}
      {run.error && <p class="notice error">{say(run.error)}</p>}
      {run.result !== undefined && (
        <section class="final" aria-label={t('run_result')}>
          <h2>{run.changed === false ? t('result_unchanged') : t('result')}</h2>
          <Markdown text={run.result} />
        </section>
      )}
      {run.diff && run.changed && (
        <section aria-label={t('run_changes')}>
          <h3 class="diff-title">{t('run_changes')}</h3>
          <pre class="diff">
            {run.diff
              .filter((line) => line.op !== 'same')
              .map((line, index) => (
                <div key={index} class={line.op}>
                  {line.op === 'added' ? '+ ' : '− '}
                  {line.text}
                </div>
              ))}
          </pre>
        </section>
      )}
      {run.trace && <RunTrace trace={run.trace} />}
      {run.traceMissing && <p class="history-meta">{t('trace_missing', run.traceMissing)}</p>}
      {run.taskId && (
        <button
          type="button"
          class="link"
          onClick={() =>
            request({ type: 'history.open', taskId: run.taskId! })
              .then(onOpenTask)
              .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
          }
        >
          {t('transcript')}
        </button>
      )}
      {error && <p class="error-text">{error}</p>}
    </li>
  );
}

function RunHistory({ routine, version, onOpenTask }: { routine: RoutineView; version: number; onOpenTask: (task: TaskView) => void }) {
  const [runs, setRuns] = useState<RoutineRun[] | null>(null);
  useEffect(() => {
    void request({ type: 'routines.runs', id: routine.id }).then(setRuns, () => setRuns([]));
  }, [routine.id, version]);
  if (!runs) return <p class="empty">{t('runs_loading')}</p>;
  return (
    <section class="runs" aria-label={t('runs_of', routine.definition.name)}>
      {runs.length === 0 && <p class="empty">{t('runs_empty')}</p>}
      <ol>
        {runs.map((run) => (
          <RunItem run={run} key={run.id} onOpenTask={onOpenTask} />
        ))}
      </ol>
    </section>
  );
}

/**
 * Routines: the list with each one's next run and last status; create, edit, pause, resume, run
 * now, delete; each one's run history with results, differences and approvals; import and export.
 */
export function Routines(props: { version: number; draft?: RoutineDraft | undefined; onDraftUsed: () => void; onOpenTask: (task: TaskView) => void }) {
  const [routines, setRoutines] = useState<RoutineView[] | null>(null);
  const [editing, setEditing] = useState<{ id?: string | undefined; draft?: RoutineDraft | undefined } | null>(props.draft ? { draft: props.draft } : null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [importErrors, setImportErrors] = useState<Text[]>([]);
  const [status, setStatus] = useState('');

  const refresh = () =>
    request({ type: 'routines.list' })
      .then(setRoutines)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  useEffect(() => void refresh(), [props.version]);
  // A run waiting for an approval shows its card without a click: that is what the user came for.
  useEffect(() => {
    const waiting = routines?.find((routine) => routine.lastRun?.status === 'waiting');
    if (waiting && open === null) setOpen(waiting.id);
  }, [routines]);
  useEffect(() => {
    if (props.draft) props.onDraftUsed();
  }, []);

  async function act(work: () => Promise<unknown>) {
    setError('');
    try {
      await work();
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    setImportErrors([]);
    setStatus('');
    const reply = await request({ type: 'routines.import', json: await file.text() }).catch((e: unknown) => ({ ok: false as const, errors: [e instanceof Error ? e.message : String(e)] }));
    if (reply.ok) setStatus(`Imported ${reply.imported} routine${reply.imported === 1 ? '' : 's'}.`);
    else setImportErrors(reply.errors);
    await refresh();
  }

  if (editing) {
    const existing = editing.id ? routines?.find((routine) => routine.id === editing.id) : undefined;
    return (
      <RoutineForm
        id={editing.id}
        existing={existing?.definition}
        draft={editing.draft}
        onDone={() => {
          setEditing(null);
          void refresh();
        }}
      />
    );
  }
  if (!routines) return <p class="empty">{t('routines_loading')}</p>;

  return (
    <section class="routines" aria-label={t('view_routines')}>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button type="button" class="primary" onClick={() => setEditing({})}>
          {t('new_routine')}
        </button>
        <button type="button" disabled={routines.length === 0} onClick={() => act(async () => download('steward-routines.json', (await request({ type: 'routines.export' })).json))}>
          {t('export')}
        </button>
        <label class="button">
          {t('import')}
          <input type="file" accept="application/json,.json" class="visually-hidden" aria-label={t('import_routines')} onChange={(e) => void importFile(e.currentTarget.files?.[0])} />
        </label>
      </div>
      {status && (
        <p class="status ok" role="status">
          {status}
        </p>
      )}
      {importErrors.length > 0 && (
        <div class="notice error" role="alert" aria-label={t('import_errors')}>
          <strong>{t('nothing_imported')}</strong>
          <ul>
            {importErrors.map((message, index) => (
              <li key={index}>{say(message)}</li>
            ))}
          </ul>
        </div>
      )}
      {routines.length === 0 && <p class="empty">{t('routines_empty')}</p>}
      <ul>
        {routines.map((routine) => {
          const { name, timeZone } = routine.definition;
          return (
            <li key={routine.id} class="history-item routine" aria-label={t('routine_named', name)}>
              <div class="history-prompt">{name}</div>
              <div class="history-meta">
                {say(routine.description)}
                {routine.paused ? t('routine_paused') : routine.nextRunAt !== undefined ? t('routine_next', formatRunTime(new Date(routine.nextRunAt), timeZone, uiLocale())) : t('routine_no_run')}
                {routine.lastRun ? t('routine_last', t(RUN_STATUS[routine.lastRun.status])) : ''}
              </div>
              <div class="row">
                <button
                  type="button"
                  aria-label={t('run_now_named', name)}
                  onClick={() =>
                    act(async () => {
                      const { admission } = await request({ type: 'routines.runNow', id: routine.id });
                      setStatus(t('admission_status', name, t(ADMISSION[admission])));
                    })
                  }
                >
                  {t('run_now')}
                </button>
                <button
                  type="button"
                  aria-label={t('run_now_claude_named', name)}
                  onClick={() =>
                    act(async () => {
                      const { admission } = await request({ type: 'routines.runNow', id: routine.id, askClaude: true });
                      setStatus(t('admission_status', name, t(ADMISSION[admission])));
                    })
                  }
                >
                  {t('run_now_claude')}
                </button>
                <button type="button" aria-label={routine.paused ? t('resume_named', name) : t('pause_named', name)} onClick={() => act(() => request({ type: 'routines.setPaused', id: routine.id, paused: !routine.paused }))}>
                  {routine.paused ? t('resume') : t('pause')}
                </button>
                <button type="button" aria-label={t('edit_named', name)} onClick={() => setEditing({ id: routine.id })}>
                  {t('edit')}
                </button>
                <button type="button" aria-expanded={open === routine.id} aria-label={t('runs_of', name)} onClick={() => setOpen(open === routine.id ? null : routine.id)}>
                  {t('runs')}
                </button>
                <button
                  type="button"
                  class="link"
                  aria-label={t('delete_named', name)}
                  onClick={() => {
                    if (confirm(t('routine_delete_confirm', name))) void act(() => request({ type: 'routines.delete', id: routine.id }));
                  }}
                >
                  {t('delete')}
                </button>
              </div>
              {open === routine.id && <RunHistory routine={routine} version={props.version} onOpenTask={props.onOpenTask} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
