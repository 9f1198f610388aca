import { useEffect, useState } from 'preact/hooks';
import type { Text } from '../src/i18n/words';
import type { SettingsView } from '../src/protocol/panel';
import { type FormKey, GROUP_LEGENDS, SUGGESTED_MODELS } from '../src/settings/definitions';
import { request } from './api';
import { type MessageKey, modeName, msg, say, t } from './i18n';
import { draftValues, FORM_SECTIONS, type FormValues, formValues, MODEL_LIST_ID, SettingField, TextField } from './SettingsFields';

const PRICE_LABELS = { input: msg('price_input'), output: msg('price_output'), cacheWrite: msg('price_cache_write'), cacheRead: msg('price_cache_read') } as const;
const PRICE_FIELDS = ['input', 'output', 'cacheWrite', 'cacheRead'] as const;

function priceFields(settings: SettingsView): Record<keyof SettingsView['price'], string> {
  const { input, output, cacheWrite, cacheRead } = settings.price;
  return { input: String(input), output: String(output), cacheWrite: String(cacheWrite), cacheRead: String(cacheRead) };
}

/** The budget fields sit three to a row; the routine ones, with their longer hints, one to a row. */
const GROUP_CLASS = { budget: 'budgets', routines: 'budgets stacked' } as const;

/** Words from the worker in the reader's language; nothing when there are none. */
const shown = (text: Text | undefined): string | undefined => (text === undefined ? undefined : say(text));

type Status = { kind: 'idle' } | { kind: 'busy'; text: string } | { kind: 'ok' | 'error'; text: string };

/** What the form holds: the settings' fields (src/settings/definitions.ts) and the selected model's price. */
interface FormState {
  values: FormValues;
  price: Record<keyof SettingsView['price'], string>;
}

function formState(settings: SettingsView): FormState {
  return { values: formValues(settings), price: priceFields(settings) };
}

export function Settings({ settings, onSaved }: { settings: SettingsView; onSaved: (settings: SettingsView) => void }) {
  const [form, setForm] = useState(() => formState(settings));
  const [errors, setErrors] = useState<Record<string, Text>>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const locked: Partial<Record<string, Text>> = settings.admin.locked;

  // New settings from the worker refill the form; the key field is left as typed.
  useEffect(() => setForm((current) => ({ values: { ...formValues(settings), apiKey: current.values.apiKey }, price: priceFields(settings) })), [settings]);

  const setValue = (field: FormKey, value: string | boolean) => setForm((current) => ({ ...current, values: { ...current.values, [field]: value } }));

  const draft = (clearApiKey = false) => ({
    ...draftValues(form.values),
    clearApiKey,
    price: { input: Number(form.price.input), output: Number(form.price.output), cacheWrite: Number(form.price.cacheWrite), cacheRead: Number(form.price.cacheRead) },
  });

  async function save(event: Event) {
    event.preventDefault();
    setStatus({ kind: 'busy', text: t('saving') });
    try {
      const result = await request({ type: 'settings.save', draft: draft() });
      if (!result.saved) {
        setErrors(result.errors);
        setStatus({ kind: 'error', text: t('settings_not_saved') });
        return;
      }
      setErrors({});
      setValue('apiKey', '');
      onSaved(result.settings);
      setStatus({ kind: 'ok', text: t('settings_saved') });
    } catch (error) {
      setStatus({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  }

  async function removeKey() {
    const result = await request({ type: 'settings.save', draft: draft(true) });
    if (result.saved) {
      onSaved(result.settings);
      setStatus({ kind: 'ok', text: t('key_removed') });
    }
  }

  async function test() {
    setStatus({ kind: 'busy', text: t('testing_connection') });
    try {
      const result = await request({ type: 'connection.test', draft: draft() });
      setStatus({ kind: result.ok ? 'ok' : 'error', text: say(result.message) });
    } catch (error) {
      setStatus({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  }

  const field = (key: FormKey) => <SettingField key={key} field={key} values={form.values} onValue={setValue} error={shown(errors[key])} locked={shown(locked[key])} view={settings} />;

  return (
    <form class="settings" onSubmit={save} aria-label={t('view_settings')}>
      {settings.problems.map(say).map((problem) => (
        <p class="notice warning" key={problem}>
          {problem}
        </p>
      ))}
      <AdministratorPolicy admin={settings.admin} />
      {FORM_SECTIONS.map(({ group, keys }) =>
        group ? (
          <fieldset class={GROUP_CLASS[group]} key={group}>
            <legend>{t(GROUP_LEGENDS[group])}</legend>
            {keys.map(field)}
          </fieldset>
        ) : (
          keys.map(field)
        ),
      )}
      <datalist id={MODEL_LIST_ID}>
        {SUGGESTED_MODELS.map((id) => (
          <option value={id} key={id} />
        ))}
      </datalist>
      <fieldset class="budgets prices">
        <legend>{settings.priceIsCustom ? t('prices_yours', settings.model) : t('prices_default', settings.model)}</legend>
        {PRICE_FIELDS.map((part) => (
          <TextField
            key={part}
            id={`settings-price-${part}`}
            label={t(PRICE_LABELS[part])}
            type="number"
            value={form.price[part]}
            onValue={(value) => setForm((current) => ({ ...current, price: { ...current.price, [part]: value } }))}
          />
        ))}
      </fieldset>
      <div class="row">
        <button type="submit" class="primary" disabled={status.kind === 'busy'}>
          {t('save')}
        </button>
        <button type="button" onClick={test} disabled={status.kind === 'busy'}>
          {t('test_connection')}
        </button>
        {settings.hasApiKey && (
          <button type="button" class="link" onClick={removeKey}>
            {t('remove_key')}
          </button>
        )}
      </div>
      <p role="status" class={`status ${status.kind}`} data-testid="settings-status">
        {status.kind === 'idle' ? '' : status.text}
      </p>
    </form>
  );
}

/** What the administrator set, read-only: nothing here can be changed from the panel. */
function AdministratorPolicy({ admin }: { admin: SettingsView['admin'] }) {
  const rows: Array<[MessageKey, string[]]> = [
    [msg('admin_blocked'), admin.blockedDomains],
    [msg('admin_allowed'), admin.allowedDomains],
    [msg('admin_sensitive'), admin.sensitiveDomains],
    [msg('admin_modes_off'), admin.disabledModes.map(modeName)],
    [msg('admin_members_off'), admin.disabledMembers],
  ];
  const shown = rows.filter(([, values]) => values.length > 0);
  if (shown.length === 0 && admin.problems.length === 0) return null;
  return (
    <section class="admin-policy" aria-label={t('admin_title')}>
      <h2>{t('admin_title')}</h2>
      <dl>
        {shown.map(([label, values]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>{values.join(', ')}</dd>
          </div>
        ))}
      </dl>
      {admin.problems.map(say).map((problem) => (
        <p class="notice warning" key={problem}>
          {problem}
        </p>
      ))}
    </section>
  );
}
