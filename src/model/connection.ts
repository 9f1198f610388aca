import Anthropic from '@anthropic-ai/sdk';
import { type Text, words } from '../i18n/words';
import type { Settings } from '../store/settings';
import { createClient } from './anthropic';
import { apiErrorWords } from './errors';

export interface ConnectionResult {
  ok: boolean;
  /** What Settings says about it, in the reader's language. */
  message: Text;
}

/** Asks the API about the configured model: proves the address, the key and the model in one call. */
export async function testConnection(settings: Settings, signal?: AbortSignal): Promise<ConnectionResult> {
  if (!settings.apiKey) return { ok: false, message: words('connection_no_key') };
  const client = createClient(settings, 0);
  try {
    const model = await client.models.retrieve(settings.model, {}, { signal, timeout: 15_000 });
    return { ok: true, message: words('connection_ready', model.display_name || model.id) };
  } catch (error) {
    if (error instanceof Anthropic.NotFoundError) return { ok: false, message: words('connection_model_missing', settings.model) };
    return { ok: false, message: apiErrorWords(error, settings.apiBaseUrl) };
  }
}
