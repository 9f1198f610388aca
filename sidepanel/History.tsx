import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { taskSummarySchema } from '../src/protocol/panel';
import type { TaskView } from '../src/protocol/task';
import { request } from './api';

type Summary = z.infer<typeof taskSummarySchema>;

const STATUS: Record<Summary['status'], string> = { running: 'Running', done: 'Done', stopped: 'Stopped', error: 'Failed' };

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

  if (!tasks) return <p class="empty">Loading history…</p>;
  return (
    <section class="history" aria-label="History">
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      {tasks.length === 0 && <p class="empty">No tasks yet.</p>}
      <ul>
        {tasks.map((task) => (
          <li key={task.id} class="history-item">
            <div class="history-prompt">{task.prompt}</div>
            <div class="history-meta">
              {STATUS[task.status]} · {new Date(task.createdAt).toLocaleString()}
              {task.usageText ? ` · ${task.usageText}` : ''}
            </div>
            <div class="row">
              <button type="button" onClick={() => act(async () => onOpen(await request({ type: 'history.open', taskId: task.id })))} aria-label={`Open ${task.prompt}`}>
                Open
              </button>
              <button
                type="button"
                onClick={() => act(async () => download(`steward-task-${task.id}.json`, (await request({ type: 'history.export', taskId: task.id })).json))}
                aria-label={`Export ${task.prompt}`}
              >
                Export
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
                aria-label={`Delete ${task.prompt}`}
              >
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
