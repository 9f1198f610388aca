import { useEffect, useState } from 'preact/hooks';
import type { SettingsView } from '../src/protocol/panel';
import { request } from './api';

const SUGGESTED_MODELS = ['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-haiku-5-5'];

type Status = { kind: 'idle' } | { kind: 'busy'; text: string } | { kind: 'ok' | 'error'; text: string };

export function Settings({ settings, onSaved }: { settings: SettingsView; onSaved: (settings: SettingsView) => void }) {
  const [apiKey, setApiKey] = useState('');
  const [model, setModel] = useState(settings.model);
  const [apiBaseUrl, setApiBaseUrl] = useState(settings.apiBaseUrl);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  useEffect(() => {
    setModel(settings.model);
    setApiBaseUrl(settings.apiBaseUrl);
  }, [settings.model, settings.apiBaseUrl]);

  const draft = (clearApiKey = false) => ({ apiKey, clearApiKey, model, apiBaseUrl });

  async function save(event: Event) {
    event.preventDefault();
    setStatus({ kind: 'busy', text: 'Saving…' });
    try {
      const result = await request({ type: 'settings.save', draft: draft() });
      if (!result.saved) {
        setErrors(result.errors);
        setStatus({ kind: 'error', text: 'Not saved: fix the fields marked below.' });
        return;
      }
      setErrors({});
      setApiKey('');
      onSaved(result.settings);
      setStatus({ kind: 'ok', text: 'Settings saved.' });
    } catch (error) {
      setStatus({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  }

  async function removeKey() {
    const result = await request({ type: 'settings.save', draft: draft(true) });
    if (result.saved) {
      onSaved(result.settings);
      setStatus({ kind: 'ok', text: 'The API key was removed.' });
    }
  }

  async function test() {
    setStatus({ kind: 'busy', text: 'Testing the connection…' });
    try {
      const result = await request({ type: 'connection.test', draft: draft() });
      setStatus({ kind: result.ok ? 'ok' : 'error', text: result.message });
    } catch (error) {
      setStatus({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <form class="settings" onSubmit={save} aria-label="Settings">
      {settings.problems.map((problem) => (
        <p class="notice warning" key={problem}>
          {problem}
        </p>
      ))}
      <div class="field">
        <label for="settings-api-key">API key</label>
        <input
          id="settings-api-key"
          type="password"
          name="apiKey"
          autoComplete="off"
          spellcheck={false}
          value={apiKey}
          placeholder={settings.hasApiKey ? `Saved (${settings.apiKeyHint}). Type to replace it.` : 'sk-ant-…'}
          onInput={(e) => setApiKey(e.currentTarget.value)}
          aria-invalid={errors.apiKey ? 'true' : undefined}
          aria-describedby="settings-api-key-hint"
        />
        {errors.apiKey && <small class="error-text">{errors.apiKey}</small>}
        <small class="hint" id="settings-api-key-hint">
          Stored in this browser only. It is sent to the API base URL and nowhere else.
        </small>
      </div>
      <div class="field">
        <label for="settings-model">Model</label>
        <input
          id="settings-model"
          type="text"
          name="model"
          list="steward-models"
          spellcheck={false}
          value={model}
          onInput={(e) => setModel(e.currentTarget.value)}
          aria-invalid={errors.model ? 'true' : undefined}
        />
        <datalist id="steward-models">
          {SUGGESTED_MODELS.map((id) => (
            <option value={id} key={id} />
          ))}
        </datalist>
        {errors.model && <small class="error-text">{errors.model}</small>}
      </div>
      <div class="field">
        <label for="settings-api-base-url">API base URL</label>
        <input
          id="settings-api-base-url"
          type="url"
          name="apiBaseUrl"
          spellcheck={false}
          value={apiBaseUrl}
          onInput={(e) => setApiBaseUrl(e.currentTarget.value)}
          aria-invalid={errors.apiBaseUrl ? 'true' : undefined}
        />
        {errors.apiBaseUrl && <small class="error-text">{errors.apiBaseUrl}</small>}
      </div>
      <div class="row">
        <button type="submit" class="primary" disabled={status.kind === 'busy'}>
          Save
        </button>
        <button type="button" onClick={test} disabled={status.kind === 'busy'}>
          Test connection
        </button>
        {settings.hasApiKey && (
          <button type="button" class="link" onClick={removeKey}>
            Remove key
          </button>
        )}
      </div>
      <p role="status" class={`status ${status.kind}`} data-testid="settings-status">
        {status.kind === 'idle' ? '' : status.text}
      </p>
    </form>
  );
}
