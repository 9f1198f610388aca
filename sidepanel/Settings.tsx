import { useEffect, useState } from 'preact/hooks';
import type { SettingsView } from '../src/protocol/panel';
import { request } from './api';
import { type MessageKey, msg, t } from './i18n';

const PRICE_LABELS = { input: msg('price_input'), output: msg('price_output'), cacheWrite: msg('price_cache_write'), cacheRead: msg('price_cache_read') } as const;

function priceFields(settings: SettingsView): Record<keyof SettingsView['price'], string> {
  const { input, output, cacheWrite, cacheRead } = settings.price;
  return { input: String(input), output: String(output), cacheWrite: String(cacheWrite), cacheRead: String(cacheRead) };
}

const SUGGESTED_MODELS = ['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-haiku-5-5'];

type Status = { kind: 'idle' } | { kind: 'busy'; text: string } | { kind: 'ok' | 'error'; text: string };

export function Settings({ settings, onSaved }: { settings: SettingsView; onSaved: (settings: SettingsView) => void }) {
  const [apiKey, setApiKey] = useState('');
  const [model, setModel] = useState(settings.model);
  const [apiBaseUrl, setApiBaseUrl] = useState(settings.apiBaseUrl);
  const [allowDevtools, setAllowDevtools] = useState(settings.allowDevtools);
  const [alignmentCheck, setAlignmentCheck] = useState(settings.alignmentCheck);
  const [alignmentModel, setAlignmentModel] = useState(settings.alignmentModel);
  const [maxSteps, setMaxSteps] = useState(String(settings.maxSteps));
  const [maxMinutes, setMaxMinutes] = useState(String(settings.maxMinutes));
  const [maxCostUsd, setMaxCostUsd] = useState(String(settings.maxCostUsd));
  const [price, setPrice] = useState(() => priceFields(settings));
  const [sensitiveSites, setSensitiveSites] = useState(settings.sensitiveSites.join('\n'));
  const [trustedSites, setTrustedSites] = useState(settings.trustedSites.join('\n'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const locked = settings.admin.locked;

  useEffect(() => {
    setModel(settings.model);
    setApiBaseUrl(settings.apiBaseUrl);
    setAllowDevtools(settings.allowDevtools);
    setAlignmentCheck(settings.alignmentCheck);
    setAlignmentModel(settings.alignmentModel);
    setMaxSteps(String(settings.maxSteps));
    setMaxMinutes(String(settings.maxMinutes));
    setMaxCostUsd(String(settings.maxCostUsd));
    setPrice(priceFields(settings));
    setSensitiveSites(settings.sensitiveSites.join('\n'));
    setTrustedSites(settings.trustedSites.join('\n'));
  }, [settings]);

  const draft = (clearApiKey = false) => ({
    apiKey,
    clearApiKey,
    model,
    apiBaseUrl,
    allowDevtools,
    alignmentCheck,
    alignmentModel,
    maxSteps: Number(maxSteps),
    maxMinutes: Number(maxMinutes),
    maxCostUsd: Number(maxCostUsd),
    sensitiveSites,
    trustedSites,
    price: { input: Number(price.input), output: Number(price.output), cacheWrite: Number(price.cacheWrite), cacheRead: Number(price.cacheRead) },
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
      setApiKey('');
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
      setStatus({ kind: result.ok ? 'ok' : 'error', text: result.message });
    } catch (error) {
      setStatus({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <form class="settings" onSubmit={save} aria-label={t('view_settings')}>
      {settings.problems.map((problem) => (
        <p class="notice warning" key={problem}>
          {problem}
        </p>
      ))}
      <AdministratorPolicy admin={settings.admin} />
      <TextField
        id="settings-api-key"
        label={t('api_key')}
        type="password"
        value={apiKey}
        onValue={setApiKey}
        error={errors.apiKey}
        placeholder={settings.hasApiKey ? t('key_placeholder_saved', settings.apiKeyHint) : 'sk-ant-…'}
        hint={t('key_hint')}
      />
      <TextField id="settings-model" label={t('model')} value={model} onValue={setModel} error={errors.model} list="steward-models" />
      <datalist id="steward-models">
        {SUGGESTED_MODELS.map((id) => (
          <option value={id} key={id} />
        ))}
      </datalist>
      <TextField id="settings-api-base-url" label={t('api_base_url')} type="url" value={apiBaseUrl} onValue={setApiBaseUrl} error={errors.apiBaseUrl} />
      <div class="field checkbox">
        <input
          id="settings-allow-devtools"
          type="checkbox"
          checked={allowDevtools}
          disabled={locked.allowDevtools !== undefined}
          onChange={(e) => setAllowDevtools(e.currentTarget.checked)}
          aria-describedby="settings-allow-devtools-hint"
        />
        <label for="settings-allow-devtools">{t('devtools_label')}</label>
        <small class="hint" id="settings-allow-devtools-hint">
          {locked.allowDevtools ?? t('devtools_hint')}
        </small>
      </div>
      <div class="field checkbox">
        <input id="settings-alignment-check" type="checkbox" checked={alignmentCheck} onChange={(e) => setAlignmentCheck(e.currentTarget.checked)} aria-describedby="settings-alignment-check-hint" />
        <label for="settings-alignment-check">{t('alignment_check_label')}</label>
        <small class="hint" id="settings-alignment-check-hint">
          {t('alignment_check_hint')}
        </small>
      </div>
      {alignmentCheck && <TextField id="settings-alignment-model" label={t('alignment_model')} value={alignmentModel} onValue={setAlignmentModel} error={errors.alignmentModel} list="steward-models" />}
      <fieldset class="budgets">
        <legend>{t('budget')}</legend>
        <TextField id="settings-max-steps" label={t('max_steps')} type="number" value={maxSteps} onValue={setMaxSteps} error={errors.maxSteps} hint={locked.maxSteps} />
        <TextField id="settings-max-minutes" label={t('max_minutes')} type="number" value={maxMinutes} onValue={setMaxMinutes} error={errors.maxMinutes} hint={locked.maxMinutes} />
        <TextField id="settings-max-cost" label={t('max_cost')} type="number" value={maxCostUsd} onValue={setMaxCostUsd} error={errors.maxCostUsd} hint={locked.maxCostUsd} />
      </fieldset>
      <SiteListField
        id="settings-trusted-sites"
        label={t('trusted_sites')}
        placeholder="shop.example.com"
        value={trustedSites}
        onValue={setTrustedSites}
        error={errors.trustedSites}
        hint={t('trusted_hint')}
      />
      <SiteListField
        id="settings-sensitive-sites"
        label={t('sensitive_sites')}
        placeholder="intranet.example.com"
        value={sensitiveSites}
        onValue={setSensitiveSites}
        error={errors.sensitiveSites}
        hint={t('sensitive_hint')}
      />
      <fieldset class="budgets prices">
        <legend>
          {settings.priceIsCustom ? t('prices_yours', settings.model) : t('prices_default', settings.model)}
        </legend>
        {(['input', 'output', 'cacheWrite', 'cacheRead'] as const).map((field) => (
          <TextField
            key={field}
            id={`settings-price-${field}`}
            label={t(PRICE_LABELS[field])}
            type="number"
            value={price[field]}
            onValue={(value) => setPrice({ ...price, [field]: value })}
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

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  type?: 'text' | 'password' | 'url' | 'number';
  placeholder?: string;
  list?: string;
}

/** A labelled input whose accessible name is exactly its label; the hint and error describe it. */
function TextField({ id, label, value, onValue, error, hint, type = 'text', placeholder, list }: TextFieldProps) {
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        // Preact's types tie `list` to the input type and role; the browser accepts it on each of these.
        {...({ type, list } as { type: 'text' })}
        // Any decimal is fine: the background validates, and a step mismatch would silently block the form.
        {...(type === 'number' ? { step: 'any', min: 0 } : {})}
        value={value}
        placeholder={placeholder}
        spellcheck={false}
        autoComplete="off"
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {error && (
        <small class="error-text" id={`${id}-error`}>
          {error}
        </small>
      )}
      {hint && (
        <small class="hint" id={`${id}-hint`}>
          {hint}
        </small>
      )}
    </div>
  );
}

const MODE_LABELS: Record<SettingsView['defaultMode'], MessageKey> = {
  act: msg('mode_short_act'),
  plan: msg('mode_short_plan'),
  'ask-every': msg('mode_ask_every'),
};

/** What the administrator set, read-only: nothing here can be changed from the panel. */
function AdministratorPolicy({ admin }: { admin: SettingsView['admin'] }) {
  const rows: Array<[MessageKey, string[]]> = [
    [msg('admin_blocked'), admin.blockedDomains],
    [msg('admin_allowed'), admin.allowedDomains],
    [msg('admin_sensitive'), admin.sensitiveDomains],
    [msg('admin_modes_off'), admin.disabledModes.map((mode) => t(MODE_LABELS[mode]))],
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
      {admin.problems.map((problem) => (
        <p class="notice warning" key={problem}>
          {problem}
        </p>
      ))}
    </section>
  );
}

function SiteListField(props: { id: string; label: string; placeholder: string; value: string; onValue: (value: string) => void; error?: string | undefined; hint: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        rows={3}
        spellcheck={false}
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onValue(e.currentTarget.value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={`${props.id}-hint`}
      />
      {props.error && <small class="error-text">{props.error}</small>}
      <small class="hint" id={`${props.id}-hint`}>
        {props.hint}
      </small>
    </div>
  );
}
