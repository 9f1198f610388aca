import Anthropic from '@anthropic-ai/sdk';
import type { Settings } from '../store/settings';
import { createClient } from './anthropic';
import { describeApiError } from './errors';

export interface ConnectionResult {
  ok: boolean;
  message: string;
}

/** Asks the API about the configured model: proves the address, the key and the model in one call. */
export async function testConnection(settings: Settings, signal?: AbortSignal): Promise<ConnectionResult> {
  if (!settings.apiKey) return { ok: false, message: 'There is no API key yet. Paste your Anthropic API key first.' };
  const client = createClient(settings, 0);
  try {
    const model = await client.models.retrieve(settings.model, {}, { signal, timeout: 15_000 });
    return { ok: true, message: `Connected. ${model.display_name || model.id} is ready.` };
  } catch (error) {
    if (error instanceof Anthropic.NotFoundError) {
      return { ok: false, message: `Connected, but the model "${settings.model}" was not found (404). Pick another model.` };
    }
    return { ok: false, message: describeApiError(error, settings.apiBaseUrl) };
  }
}
