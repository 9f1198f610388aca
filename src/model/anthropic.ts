import Anthropic from '@anthropic-ai/sdk';
import type { BetaMessage, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { Settings } from '../store/settings';

export type ModelRequest = Omit<MessageCreateParamsNonStreaming, 'stream'>;

/** The Model port: one streamed turn of the conversation. */
export interface ModelPort {
  readonly modelId: string;
  stream(request: Omit<ModelRequest, 'model'>, onText: (delta: string) => void, signal: AbortSignal): Promise<BetaMessage>;
}

export function createClient(settings: Pick<Settings, 'apiKey' | 'apiBaseUrl'>, maxRetries = 2): Anthropic {
  // The key is passed explicitly: the SDK's own credential lookup does not work in a service worker.
  return new Anthropic({
    apiKey: settings.apiKey,
    baseURL: settings.apiBaseUrl,
    dangerouslyAllowBrowser: true,
    maxRetries,
    timeout: 10 * 60 * 1000,
  });
}

export function anthropicModel(settings: Settings): ModelPort {
  // The agent loop retries itself, so the user sees what it waits for; the SDK must not retry silently first.
  const client = createClient(settings, 0);
  return {
    modelId: settings.model,
    async stream(request, onText, signal) {
      const stream = client.beta.messages.stream({ ...request, model: settings.model }, { signal });
      stream.on('text', (delta) => onText(delta));
      return stream.finalMessage();
    },
  };
}

/**
 * One non-streaming call, for short side questions such as the alignment check (src/policy/alignment.ts).
 * The caller's signal carries its timeout; the SDK does not retry, so a failure is the caller's to handle at once.
 */
export function anthropicCall(settings: Pick<Settings, 'apiKey' | 'apiBaseUrl'>): (request: ModelRequest, signal: AbortSignal) => Promise<BetaMessage> {
  const client = createClient(settings, 0);
  return (request, signal) => client.beta.messages.create({ ...request, stream: false }, { signal });
}
