import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { taskSummarySchema } from '../src/protocol/panel';
import type { TaskView } from '../src/protocol/task';
import { request } from './api';
import { type MessageKey, msg, say, t } from './i18n';

type Summary = z.infer<typeof taskSummarySchema>;

const STATUS: Record<Summary['status'], MessageKey> = { running: msg('status_running'), done: msg('task_status_done'), stopped: msg('status_stopped'), error: msg('status_error') };

export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Every task Steward kept: reopen one to read its transcript, delete it, or export it as JSON. */
export function History({ onOpen }: { onOpen: (task: TaskView) => void }) {
  const [tasks, setTasks] = useState<Summary[] | null>(null);
  const [error, setError] = useState('');

  const refresh = () =>
    request({ type: 'history.list' })
      .then(setTasks)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  useEffect(() => void refresh(), []);

  async function act(work: () => Promise<unknown>) {
    setError('');
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  if (!tasks) return <p class="empty">{t('history_loading')}</p>;
  return (
    <section class="history" aria-label={t('view_history')}>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      {tasks.length === 0 && <p class="empty">{t('history_empty')}</p>}
      <ul>
        {tasks.map((task) => (
          <li key={task.id} class="history-item">
            <div class="history-prompt">{task.prompt}</div>
            <div class="history-meta">
              {t(STATUS[task.status])} · {new Date(task.createdAt).toLocaleString()}
              {task.usageText ? ` · ${say(task.usageText)}` : ''}
            </div>
            <div class="row">
              <button type="button" onClick={() => act(async () => onOpen(await request({ type: 'history.open', taskId: task.id })))} aria-label={t('open_named', task.prompt)}>
                {t('open')}
              </button>
              <button
                type="button"
                onClick={() => act(async () => download(`steward-task-${task.id}.json`, (await request({ type: 'history.export', taskId: task.id })).json))}
                aria-label={t('export_named', task.prompt)}
              >
                {t('export')}
              </button>
              <button
                type="button"
                class="link"
                onClick={() =>
                  act(async () => {
                    await request({ type: 'history.delete', taskId: task.id });
                    await refresh();
                  })
                }
                aria-label={t('delete_named', task.prompt)}
              >
                {t('delete')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
