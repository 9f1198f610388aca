import { useState } from 'preact/hooks';
import type { SettingsView } from '../src/protocol/panel';
import { request } from './api';

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
      setError('Paste your API key first.');
      return;
    }
    setStatus({ kind: 'busy', text: 'Saving…' });
    try {
      const result = await request({ type: 'settings.save', draft: draft() });
      if (!result.saved) {
        setError(result.errors.apiKey ?? Object.values(result.errors)[0] ?? '');
        setStatus({ kind: 'error', text: 'Not saved.' });
        return;
      }
      setError('');
      setStatus({ kind: 'ok', text: 'Key saved.' });
      onSaved(result.settings);
    } catch (caught) {
      setStatus({ kind: 'error', text: caught instanceof Error ? caught.message : String(caught) });
    }
  }

  async function test() {
    setStatus({ kind: 'busy', text: 'Testing the connection…' });
    try {
      const result = await request({ type: 'connection.test', draft: draft() });
      setStatus({ kind: result.ok ? 'ok' : 'error', text: result.message });
    } catch (caught) {
      setStatus({ kind: 'error', text: caught instanceof Error ? caught.message : String(caught) });
    }
  }

  return (
    <section class="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title">Welcome to Steward</h2>
      <p>
        Steward lets Claude do web tasks for you in this browser: fill a form, collect figures across tabs, check a page every morning. Every step shows here as it happens, actions on
        sensitive sites wait for your yes, and Stop ends a task at once.
      </p>
      <p>
        Claude runs on Anthropic's API, so Steward needs your Anthropic API key. The key stays in this browser (chrome.storage.local) and is sent only to the API base URL,{' '}
        <span class="welcome-url">{settings.apiBaseUrl}</span>.
      </p>
      <form class="welcome-key" onSubmit={save} aria-label="Your API key">
        <div class="field">
          <label for="welcome-api-key">API key</label>
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
            Save key
          </button>
          <button type="button" disabled={status.kind === 'busy' || !apiKey.trim()} onClick={test}>
            Test connection
          </button>
          <button type="button" class="link" onClick={onOpenSettings}>
            All settings
          </button>
        </div>
        <p class={`status ${status.kind}`} role="status">
          {status.kind === 'idle' ? '' : status.text}
        </p>
      </form>
    </section>
  );
}
