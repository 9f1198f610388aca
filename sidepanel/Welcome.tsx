import { useState } from 'preact/hooks';
import type { SettingsView } from '../src/protocol/panel';
import { request } from './api';
import { say, t } from './i18n';

type Status = { kind: 'idle' } | { kind: 'busy'; text: string } | { kind: 'ok' | 'error'; text: string };

/**
 * First open: what Steward is, what the key is for and where it stays, then the key itself. The
 * rest of Settings waits until someone looks for it; the task box appears once a key is saved.
 */
export function Welcome({ settings, onSaved, onOpenSettings }: { settings: SettingsView; onSaved: (settings: SettingsView) => void; onOpenSettings: () => void }) {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  // Only the key changes here; the rest of the draft is what is saved already.
  const draft = () => ({ apiKey, model: settings.model, apiBaseUrl: settings.apiBaseUrl, allowDevtools: settings.allowDevtools });

  async function save(event: Event) {
    event.preventDefault();
    if (!apiKey.trim()) {
      setError(t('welcome_key_missing'));
      return;
    }
    setStatus({ kind: 'busy', text: t('saving') });
    try {
      const result = await request({ type: 'settings.save', draft: draft() });
      if (!result.saved) {
        setError(say(result.errors.apiKey ?? Object.values(result.errors)[0] ?? ''));
        setStatus({ kind: 'error', text: t('not_saved') });
        return;
      }
      setError('');
      setStatus({ kind: 'ok', text: t('key_saved') });
      onSaved(result.settings);
    } catch (caught) {
      setStatus({ kind: 'error', text: caught instanceof Error ? caught.message : String(caught) });
    }
  }

  async function test() {
    setStatus({ kind: 'busy', text: t('testing_connection') });
    try {
      const result = await request({ type: 'connection.test', draft: draft() });
      setStatus({ kind: result.ok ? 'ok' : 'error', text: say(result.message) });
    } catch (caught) {
      setStatus({ kind: 'error', text: caught instanceof Error ? caught.message : String(caught) });
    }
  }

  return (
    <section class="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title">{t('welcome_title')}</h2>
      <p>{t('welcome_what')}</p>
      <p>{t('welcome_key', settings.apiBaseUrl)}</p>
      <form class="welcome-key" onSubmit={save} aria-label={t('welcome_form')}>
        <div class="field">
          <label for="welcome-api-key">{t('api_key')}</label>
          <input
            id="welcome-api-key"
            type="password"
            autocomplete="off"
            placeholder="sk-ant-…"
            value={apiKey}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? 'welcome-api-key-error' : undefined}
            onInput={(e) => setApiKey(e.currentTarget.value)}
          />
          {error && (
            <span class="error-text" id="welcome-api-key-error">
              {error}
            </span>
          )}
        </div>
        <div class="row">
          <button type="submit" class="primary" disabled={status.kind === 'busy'}>
            {t('save_key')}
          </button>
          <button type="button" disabled={status.kind === 'busy' || !apiKey.trim()} onClick={test}>
            {t('test_connection')}
          </button>
          <button type="button" class="link" onClick={onOpenSettings}>
            {t('all_settings')}
          </button>
        </div>
        <p class={`status ${status.kind}`} role="status">
          {status.kind === 'idle' ? '' : status.text}
        </p>
      </form>
    </section>
  );
}
