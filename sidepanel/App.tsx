import { useEffect, useRef, useState } from 'preact/hooks';
import type { PanelPush, SettingsView } from '../src/protocol/panel';
import type { Mode } from '../src/settings/modes';
import type { TaskView } from '../src/protocol/task';
import { connectPanel, request } from './api';
import { Audit } from './Audit';
import { History } from './History';
import { preloadMarkdown } from './Markdown';
import { watchPendingPrompt } from './pending-prompt';
import { ExportRecording, RecordToggle } from './Recording';
import type { RoutineDraft } from './RoutineForm';
import { Routines } from './Routines';
import { Settings } from './Settings';
import { TaskTranscript } from './Task';
import { type Screen, ViewBar } from './ViewBar';
import { Welcome } from './Welcome';
import { type MessageKey, modeMenuLine, msg, t } from './i18n';

const VIEW_LABELS: Record<Screen, MessageKey> = { task: msg('view_task'), routines: msg('view_routines'), history: msg('view_history'), audit: msg('view_audit'), settings: msg('view_settings') };

/** The composer's menu: the mode most tasks use first. */
const MENU_MODES: Mode[] = ['act', 'plan', 'ask-every'];

/** Applies a push to the task on screen: a full state replaces it, a text delta extends one entry. */
function applyPush(task: TaskView | null, push: PanelPush): TaskView | null {
  if (push.type === 'task.state') return push.task;
  if (push.type !== 'task.text' || !task || task.id !== push.taskId) return task;
  return {
    ...task,
    entries: task.entries.map((entry) =>
      entry.id === push.entryId && entry.kind === 'assistant' ? { ...entry, text: entry.text + push.delta } : entry,
    ),
  };
}

export function App() {
  const [screen, setScreen] = useState<Screen>('task');
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [task, setTask] = useState<TaskView | null>(null);
  const [prompt, setPrompt] = useState('');
  const [mode, setMode] = useState<Mode | undefined>(undefined);
  /** Recording is chosen per task, and off unless turned on. */
  const [record, setRecord] = useState(false);
  const [sendError, setSendError] = useState('');
  const [busy, setBusy] = useState(false);
  /** Routines: bumped by each push that says they changed, so the view reads them again; and a draft from "Save as routine". */
  const [routinesVersion, setRoutinesVersion] = useState(0);
  const [routineDraft, setRoutineDraft] = useState<RoutineDraft | undefined>(undefined);
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    request({ type: 'settings.get' })
      .then((view) => {
        showSettings(view);
      })
      .catch((error: unknown) => setSendError(error instanceof Error ? error.message : String(error)));
    // Chrome fills in the administrator's policy a few seconds after start, and again when it changes.
    const onStorageChanged = (_changes: unknown, area: string) => {
      if (area === 'managed') void request({ type: 'settings.get' }).then(showSettings, () => undefined);
    };
    chrome.storage.onChanged.addListener(onStorageChanged);
    controller.signal.addEventListener('abort', () => chrome.storage.onChanged.removeListener(onStorageChanged), { once: true });
    void chrome.windows.getCurrent().then((window) => {
      if (window.id === undefined) return;
      connectPanel(
        window.id,
        (push) => {
          if (push.type === 'routines.changed') setRoutinesVersion((version) => version + 1);
          else setTask((current) => applyPush(current, push));
        },
        controller.signal,
      );
      // Text from the page's context menu ("Ask Steward about ...") lands in the prompt box.
      watchPendingPrompt(
        window.id,
        (text) => {
          setScreen('task');
          setPrompt(text);
        },
        controller.signal,
      );
    });
    return () => controller.abort();
  }, []);

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [task]);

  // The markdown renderer loads once a task is on screen, before its first answer arrives.
  useEffect(() => {
    if (task) void preloadMarkdown();
  }, [task !== null]);

  // Settings can change behind the form ("Always allow" trusts a site): read them afresh on opening it.
  useEffect(() => {
    if (screen === 'settings') void request({ type: 'settings.get' }).then(showSettings, () => undefined);
  }, [screen]);

  const running = task?.status === 'running';
  const disabledModes = settings?.admin.disabledModes ?? [];

  /** A mode the administrator turned off gives way to the default the background chose. */
  function showSettings(view: SettingsView) {
    setSettings(view);
    setMode((chosen) => (chosen && !view.admin.disabledModes.includes(chosen) ? chosen : view.defaultMode));
  }

  async function send(event: Event) {
    event.preventDefault();
    if (!prompt.trim() || running || busy) return;
    setBusy(true);
    setSendError('');
    try {
      const window = await chrome.windows.getCurrent();
      await request({ type: 'task.start', prompt, mode, windowId: window.id ?? chrome.windows.WINDOW_ID_CURRENT, ...(record ? { record } : {}) });
      setPrompt('');
      setRecord(false);
    } catch (error) {
      setSendError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  /** A finished task becomes a routine's draft: its prompt, and the page its window shows now as the start. */
  async function saveAsRoutine(done: TaskView) {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    const flat = done.prompt.replace(/\s+/g, ' ').trim();
    setRoutineDraft({ name: flat.length > 60 ? `${flat.slice(0, 59)}…` : flat, prompt: done.prompt, startUrl: tab?.url?.startsWith('http') ? tab.url : '' });
    setScreen('routines');
  }

  async function stop() {
    if (task) await request({ type: 'task.stop', taskId: task.id }).catch(() => undefined);
  }

  return (
    <div class="app">
      <ViewBar screen={screen} labels={Object.fromEntries(Object.entries(VIEW_LABELS).map(([view, key]) => [view, t(key)])) as Record<Screen, string>} onSelect={setScreen} />

      <main class="content">
        {screen === 'settings' && settings && <Settings settings={settings} onSaved={showSettings} />}
        {screen === 'audit' && <Audit />}
        {screen === 'routines' && (
          <Routines
            version={routinesVersion}
            draft={routineDraft}
            onDraftUsed={() => setRoutineDraft(undefined)}
            onOpenTask={(view) => {
              setTask(view);
              setScreen('task');
            }}
          />
        )}
        {screen === 'history' && (
          <History
            onOpen={(view) => {
              setTask(view);
              setScreen('task');
            }}
          />
        )}
        {screen === 'task' && (
          <>
            {settings && !settings.hasApiKey && !task && <Welcome settings={settings} onSaved={showSettings} onOpenSettings={() => setScreen('settings')} />}
            {settings && !settings.hasApiKey && task && (
              <p class="notice">
                {t('need_key_before')}{' '}
                <button type="button" class="link" onClick={() => setScreen('settings')}>
                  {t('view_settings')}
                </button>{' '}
                {t('need_key_after')}
              </p>
            )}
            {task ? (
              <>
                <TaskTranscript task={task} onSaveAsRoutine={task.status === 'done' ? () => void saveAsRoutine(task) : undefined} />
                {task.recording && task.status !== 'running' && <ExportRecording taskId={task.id} key={task.id} />}
              </>
            ) : settings?.hasApiKey === false ? null : (
              <p class="empty">{t('empty_task')}</p>
            )}
            <div ref={bottom} />
          </>
        )}
      </main>

      {screen === 'task' && settings?.hasApiKey !== false && (
        <form class="composer" aria-label={t('composer_label')} onSubmit={send}>
          {sendError && (
            <p class="notice error" role="alert">
              {sendError}
            </p>
          )}
          <div class="field">
            <label for="task-input" class="visually-hidden">
              {t('composer_task')}
            </label>
            <textarea
              id="task-input"
              placeholder={t('composer_placeholder')}
              rows={3}
              value={prompt}
              onInput={(e) => setPrompt(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) send(e);
              }}
            />
          </div>
          <div class="row">
            <label class="visually-hidden" for="task-mode">
              {t('composer_mode')}
            </label>
            <select id="task-mode" value={mode} disabled={running} onChange={(e) => setMode(e.currentTarget.value as Mode)}>
              {MENU_MODES.map((value) => (
                <option key={value} value={value} disabled={disabledModes.includes(value)}>
                  {disabledModes.includes(value) ? t('mode_off_by_admin', modeMenuLine(value)) : modeMenuLine(value)}
                </option>
              ))}
            </select>
            <RecordToggle checked={record} disabled={running} onChange={setRecord} />
            {running ? (
              <button type="button" class="danger" onClick={stop}>
                {t('stop')}
              </button>
            ) : (
              <button type="submit" class="primary" disabled={busy || !prompt.trim()}>
                {t('send')}
              </button>
            )}
          </div>
        </form>
      )}
    </div>
  );
}
