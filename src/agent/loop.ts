import Anthropic from '@anthropic-ai/sdk';
import type {
  BetaContentBlock,
  BetaMessage,
  BetaMessageParam,
  BetaToolResultBlockParam,
  BetaToolUseBlock,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { StewardBrowserToolset } from '../browser/toolset';
import type { ModelPort } from '../model/anthropic';
import { prepareMessages } from './context';
import { NOT_EXECUTED, resultBlock, runBrowserMember } from './tool-results';

export interface AgentHooks {
  /** A piece of the assistant's text as it streams. */
  onText(delta: string): void;
  /** The assistant's whole turn, before any of its tool calls runs. */
  onAssistantMessage(message: BetaMessage): void | Promise<void>;
  onToolStart(toolUse: BetaToolUseBlock): void | Promise<void>;
  onToolEnd(toolUse: BetaToolUseBlock, result: BetaToolResultBlockParam): void | Promise<void>;
}

export interface AgentRun {
  model: ModelPort;
  toolset: StewardBrowserToolset;
  system: string;
  messages: BetaMessageParam[];
  signal: AbortSignal;
  hooks: AgentHooks;
  maxSteps?: number;
  maxTokens?: number;
}

export type AgentOutcome =
  | { status: 'done'; finalText: string }
  | { status: 'stopped' }
  | { status: 'error'; error: unknown };

export const DEFAULT_MAX_STEPS = 100;

function textOf(content: BetaContentBlock[]): string {
  return content
    .filter((block): block is Extract<BetaContentBlock, { type: 'text' }> => block.type === 'text')
    .map((block) => block.text)
    .join('')
    .trim();
}

/**
 * The agent loop: ask the model, run the tool calls it makes, give it the results, until it
 * answers without a tool call, the task is stopped, or something fails that the model cannot fix.
 * `messages` is extended in place, so the caller can persist the conversation after each step.
 */
export async function runAgentLoop(run: AgentRun): Promise<AgentOutcome> {
  const { model, toolset, system, messages, signal, hooks } = run;
  const maxSteps = run.maxSteps ?? DEFAULT_MAX_STEPS;
  try {
    for (let step = 0; step < maxSteps; step++) {
      if (signal.aborted) return { status: 'stopped' };
      const message = await model.stream(
        {
          max_tokens: run.maxTokens ?? 8192,
          system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }],
          messages: prepareMessages(messages),
          tools: [toolset.toJSON()],
        },
        hooks.onText,
        signal,
      );
      if (signal.aborted) return { status: 'stopped' };
      messages.push({ role: 'assistant', content: message.content } as BetaMessageParam);
      await hooks.onAssistantMessage(message);

      const toolUses = message.content.filter((block): block is BetaToolUseBlock => block.type === 'tool_use');
      if (toolUses.length === 0) {
        if (message.stop_reason === 'max_tokens') {
          return { status: 'error', error: new Error('The answer was cut off at the token limit before it finished.') };
        }
        return { status: 'done', finalText: textOf(message.content) };
      }

      const results: BetaToolResultBlockParam[] = [];
      let failed = false;
      for (const toolUse of toolUses) {
        if (signal.aborted) return { status: 'stopped' };
        await hooks.onToolStart(toolUse);
        let result: BetaToolResultBlockParam;
        if (failed) {
          result = resultBlock(toolUse, NOT_EXECUTED, true);
        } else if (toolUse.toolset_name === 'browser') {
          result = await runBrowserMember(toolset, toolUse, signal);
        } else {
          result = resultBlock(toolUse, `There is no tool named "${toolUse.name}". Use the browser tools.`, true);
        }
        failed ||= result.is_error === true;
        results.push(result);
        await hooks.onToolEnd(toolUse, result);
      }
      messages.push({ role: 'user', content: results });
    }
    return { status: 'error', error: new Error(`The task reached its limit of ${maxSteps} steps without finishing.`) };
  } catch (error) {
    if (signal.aborted || error instanceof Anthropic.APIUserAbortError) return { status: 'stopped' };
    return { status: 'error', error };
  }
}
