import { useMemo, useState } from 'preact/hooks';
import type { z } from 'zod';
import { formatRunTime, nextRuns, SCHEDULE_PART_LABELS, scheduleSchema, WEEKDAY_KEYS } from '../src/routines/schedule';
import type { RoutineDefinition } from '../src/store/routines';
import { request } from './api';
import { issueWords } from '../src/i18n/issues';
import { type Text, words } from '../src/i18n/words';
import { type MessageKey, msg, say, t, uiLocale } from './i18n';

export interface RoutineDraft {
  name?: string;
  prompt?: string;
  startUrl?: string;
}

type Kind = 'once' | 'interval' | 'hourly' | 'daily' | 'weekdays' | 'weekly' | 'cron';

const KIND_LABELS: Record<Kind, MessageKey> = {
  once: msg('schedule_once'),
  interval: msg('schedule_interval'),
  hourly: msg('schedule_hourly'),
  daily: msg('schedule_daily'),
  weekdays: msg('schedule_weekdays'),
  weekly: msg('schedule_weekly'),
  cron: msg('schedule_cron'),
};

interface FormState {
  name: string;
  prompt: string;
  startUrl: string;
  kind: Kind;
  at: string;
  everyMinutes: string;
  minute: string;
  time: string;
  days: number[];
  expression: string;
  sites: string;
  maxSteps: string;
  maxMinutes: string;
  maxCostUsd: string;
  notify: RoutineDefinition['notify'];
  replay: RoutineDefinition['replay'];
}

const userTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function initialState(existing: RoutineDefinition | undefined, draft: RoutineDraft | undefined): FormState {
  const schedule = existing?.schedule;
  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const startUrl = existing?.startUrl ?? draft?.startUrl ?? '';
  return {
    name: existing?.name ?? draft?.name ?? '',
    prompt: existing?.prompt ?? draft?.prompt ?? '',
    startUrl,
    kind: schedule?.kind ?? 'daily',
    at: schedule?.kind === 'once' ? schedule.at : `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T09:00`,
    everyMinutes: schedule?.kind === 'interval' ? String(schedule.everyMinutes) : '60',
    minute: schedule?.kind === 'hourly' ? String(schedule.minute) : '0',
    time: schedule && 'time' in schedule ? schedule.time : '09:00',
    days: schedule?.kind === 'weekly' ? schedule.days : [1],
    expression: schedule?.kind === 'cron' ? schedule.expression : '0 9 * * 1-5',
    sites: (existing?.sites ?? (hostOf(startUrl) ? [hostOf(startUrl)] : [])).join('\n'),
    maxSteps: String(existing?.budget.maxSteps ?? 30),
    maxMinutes: String(existing?.budget.maxMinutes ?? 10),
    maxCostUsd: String(existing?.budget.maxCostUsd ?? 1),
    notify: existing?.notify ?? 'failure',
    replay: existing?.replay ?? 'when-possible',
  };
}

function scheduleOf(form: FormState): unknown {
  switch (form.kind) {
    case 'once':
      return { kind: 'once', at: form.at };
    case 'interval':
      return { kind: 'interval', everyMinutes: Number(form.everyMinutes), anchor: 0 };
    case 'hourly':
      return { kind: 'hourly', minute: Number(form.minute) };
    case 'daily':
    case 'weekdays':
      return { kind: form.kind, time: form.time };
    case 'weekly':
      return { kind: 'weekly', days: form.days, time: form.time };
    case 'cron':
      return { kind: 'cron', expression: form.expression };
  }
}

function definitionOf(form: FormState, timeZone: string): unknown {
  return {
    name: form.name,
    prompt: form.prompt,
    startUrl: form.startUrl,
    schedule: scheduleOf(form),
    timeZone,
    sites: form.sites.split(/[\s,]+/).filter(Boolean),
    budget: { maxSteps: Number(form.maxSteps), maxMinutes: Number(form.maxMinutes), maxCostUsd: Number(form.maxCostUsd) },
    notify: form.notify,
    replay: form.replay,
  };
}

/** What is wrong with the schedule, for the preview, naming the input that is wrong. */
function scheduleIssue(issue: z.core.$ZodIssue | undefined): Text {
  const part = SCHEDULE_PART_LABELS[String(issue?.path.at(-1))];
  const label = part ? t(part) : t('routine_schedule');
  return issue ? issueWords(issue, label) : words('invalid_field', label);
}

/** Create or edit a routine: every schedule kind, and its next five runs in the user's time zone before saving. */
export function RoutineForm(props: { id?: string | undefined; existing?: RoutineDefinition | undefined; draft?: RoutineDraft | undefined; onDone: () => void }) {
  const [form, setForm] = useState(() => initialState(props.existing, props.draft));
  const [errors, setErrors] = useState<Record<string, Text>>({});
  const [busy, setBusy] = useState(false);
  const timeZone = props.existing?.timeZone ?? userTimeZone();
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((current) => ({ ...current, [key]: value }));

  const preview = useMemo(() => {
    const schedule = scheduleSchema.safeParse(scheduleOf(form));
    if (!schedule.success) return { error: say(scheduleIssue(schedule.error.issues[0])) };
    try {
      return { runs: nextRuns(schedule.data, 5, new Date(), timeZone) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }, [form, timeZone]);

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      const reply = await request({ type: 'routines.save', ...(props.id ? { id: props.id } : {}), definition: definitionOf(form, timeZone) });
      if (reply.saved) props.onDone();
      else setErrors(reply.errors);
    } catch (error) {
      setErrors({ routine: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (key: string) =>
    errors[key] ? (
      <span class="error-text" id={`routine-${key}-error`}>
        {say(errors[key])}
      </span>
    ) : null;

  return (
    <form
      class="routine-form"
      aria-label={props.id ? t('edit_routine') : t('new_routine')}
      onSubmit={save}
      onKeyDown={(e) => {
        // Escape closes the form as Cancel does; a list's own Escape (a select open) comes first.
        if (e.key === 'Escape' && !e.defaultPrevented) props.onDone();
      }}
    >
      <div class="field">
        <label for="routine-name">{t('routine_name')}</label>
        <input id="routine-name" value={form.name} aria-invalid={Boolean(errors.name)} onInput={(e) => set('name', e.currentTarget.value)} />
        {fieldError('name')}
      </div>
      <div class="field">
        <label for="routine-prompt">{t('routine_prompt')}</label>
        <textarea id="routine-prompt" rows={3} value={form.prompt} aria-invalid={Boolean(errors.prompt)} onInput={(e) => set('prompt', e.currentTarget.value)} />
        {fieldError('prompt')}
      </div>
      <div class="field">
        <label for="routine-start-url">{t('routine_start_url')}</label>
        <input
          id="routine-start-url"
          value={form.startUrl}
          aria-invalid={Boolean(errors.startUrl)}
          onInput={(e) => {
            const value = e.currentTarget.value;
            setForm((current) => ({ ...current, startUrl: value, sites: current.sites.trim() === '' || current.sites.trim() === hostOf(current.startUrl) ? hostOf(value) : current.sites }));
          }}
        />
        {fieldError('startUrl')}
      </div>
      <div class="field">
        <label for="routine-kind">{t('routine_schedule')}</label>
        <select id="routine-kind" value={form.kind} onChange={(e) => set('kind', e.currentTarget.value as Kind)}>
          {(Object.keys(KIND_LABELS) as Kind[]).map((kind) => (
            <option value={kind} key={kind}>
              {t(KIND_LABELS[kind])}
            </option>
          ))}
        </select>
      </div>
      {form.kind === 'once' && (
        <div class="field">
          <label for="routine-at">{t('routine_at')}</label>
          <input id="routine-at" type="datetime-local" value={form.at} onInput={(e) => set('at', e.currentTarget.value)} />
        </div>
      )}
      {form.kind === 'interval' && (
        <div class="field">
          <label for="routine-every">{t('routine_every')}</label>
          <input id="routine-every" type="number" min={1} value={form.everyMinutes} onInput={(e) => set('everyMinutes', e.currentTarget.value)} />
        </div>
      )}
      {form.kind === 'hourly' && (
        <div class="field">
          <label for="routine-minute">{t('routine_minute')}</label>
          <input id="routine-minute" type="number" min={0} max={59} value={form.minute} onInput={(e) => set('minute', e.currentTarget.value)} />
        </div>
      )}
      {form.kind === 'weekly' && (
        <fieldset class="days">
          <legend>{t('routine_days')}</legend>
          {WEEKDAY_KEYS.map((day, index) => (
            <label key={day}>
              <input
                type="checkbox"
                checked={form.days.includes(index)}
                onChange={(e) => set('days', e.currentTarget.checked ? [...form.days, index] : form.days.filter((d) => d !== index))}
              />{' '}
              {t(day)}
            </label>
          ))}
        </fieldset>
      )}
      {(form.kind === 'daily' || form.kind === 'weekdays' || form.kind === 'weekly') && (
        <div class="field">
          <label for="routine-time">{t('routine_time')}</label>
          <input id="routine-time" type="time" value={form.time} onInput={(e) => set('time', e.currentTarget.value)} />
        </div>
      )}
      {form.kind === 'cron' && (
        <div class="field">
          <label for="routine-cron">{t('schedule_cron')}</label>
          <input id="routine-cron" value={form.expression} spellcheck={false} onInput={(e) => set('expression', e.currentTarget.value)} />
          <span class="hint">{t('routine_cron_hint')}</span>
        </div>
      )}
      {fieldError('schedule')}
      <section class="next-runs" aria-label={t('next_runs')}>
        <h2>{t('next_runs_in', timeZone)}</h2>
        {preview.error ? (
          <p class="error-text">{preview.error}</p>
        ) : preview.runs && preview.runs.length > 0 ? (
          <ol>
            {preview.runs.map((run) => (
              <li key={run.getTime()}>{formatRunTime(run, timeZone, uiLocale())}</li>
            ))}
          </ol>
        ) : (
          <p class="hint">{t('no_future_run')}</p>
        )}
      </section>
      <div class="field">
        <label for="routine-sites">{t('routine_sites')}</label>
        <textarea id="routine-sites" rows={2} value={form.sites} aria-invalid={Boolean(errors.sites)} onInput={(e) => set('sites', e.currentTarget.value)} />
        <span class="hint">{t('routine_sites_hint')}</span>
        {fieldError('sites')}
      </div>
      <fieldset class="budgets">
        <legend>{t('routine_budget')}</legend>
        <div class="field">
          <label for="routine-steps">{t('max_steps')}</label>
          <input id="routine-steps" type="number" value={form.maxSteps} onInput={(e) => set('maxSteps', e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="routine-minutes">{t('max_minutes')}</label>
          <input id="routine-minutes" type="number" value={form.maxMinutes} onInput={(e) => set('maxMinutes', e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="routine-cost">{t('max_cost')}</label>
          <input id="routine-cost" type="number" step="0.01" value={form.maxCostUsd} onInput={(e) => set('maxCostUsd', e.currentTarget.value)} />
        </div>
      </fieldset>
      {fieldError('budget')}
      <div class="field">
        <label for="routine-notify">{t('notify_me')}</label>
        <select id="routine-notify" value={form.notify} onChange={(e) => set('notify', e.currentTarget.value as FormState['notify'])}>
          <option value="always">{t('notify_always')}</option>
          <option value="failure">{t('notify_failure')}</option>
          <option value="changed">{t('notify_changed')}</option>
        </select>
      </div>
      <div class="field">
        <label for="routine-replay">{t('replay_setting')}</label>
        <select id="routine-replay" value={form.replay} onChange={(e) => set('replay', e.currentTarget.value as FormState['replay'])}>
          <option value="when-possible">{t('replay_when_possible')}</option>
          <option value="never">{t('replay_never')}</option>
        </select>
      </div>
      {fieldError('timeZone')}
      {fieldError('routine')}
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {t('save_routine')}
        </button>
        <button type="button" onClick={props.onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
