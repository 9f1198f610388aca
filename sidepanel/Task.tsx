import type { Entry, TaskView, ToolEntry } from '../src/protocol/task';
import { Markdown } from './Markdown';

const MEMBER_LABELS: Record<string, string> = {
  navigate: 'Navigate',
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
};

const STATUS_LABELS: Record<ToolEntry['status'], string> = { running: 'Running', ok: 'Done', error: 'Failed', stopped: 'Stopped' };

function ToolItem({ entry }: { entry: ToolEntry }) {
  return (
    <li class={`tool ${entry.status}`} data-member={entry.member} data-status={entry.status} aria-label={`${MEMBER_LABELS[entry.member] ?? entry.member}: ${STATUS_LABELS[entry.status]}`}>
      <div class="tool-head">
        <span class="tool-status" aria-hidden="true" />
        <span class="tool-member">{MEMBER_LABELS[entry.member] ?? entry.member}</span>
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

export function TaskTranscript({ task }: { task: TaskView }) {
  return (
    <section class="task" aria-label="Task">
      <ol class="timeline" aria-label="Timeline">
        {task.entries.map((entry) => (
          <EntryItem entry={entry} key={entry.id} />
        ))}
      </ol>
      {task.status === 'running' && (
        <p class={`working${task.notice ? ' waiting' : ''}`} role="status">
          {task.notice ?? 'Working…'}
        </p>
      )}
      {task.status === 'done' && task.finalAnswer !== undefined && (
        <section class="final" aria-label="Final answer">
          <h2>Result</h2>
          <Markdown text={task.finalAnswer} />
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
