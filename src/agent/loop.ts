import Anthropic from '@anthropic-ai/sdk';
import type {
  BetaContentBlockParam,
  BetaMessage,
  BetaMessageParam,
  BetaTextBlockParam,
  BetaTool,
  BetaToolResultBlockParam,
  BetaToolUseBlock,
  BetaToolUseBlockParam,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { delay } from '../browser/context';
import type { StewardBrowserToolset } from '../browser/toolset';
import type { ModelPort } from '../model/anthropic';
import type { Text } from '../i18n/words';
import { classifyFailure, MAX_ATTEMPTS, retryDelayMs, retryStatus } from '../model/retry';
import { prepareMessages, trimForRetry } from './context';
import { NOT_EXECUTED, resultBlock, runBrowserMember } from './tool-results';

/**
 * Where a task stands, persisted after every step: the conversation, the answers to the current
 * turn's tool calls so far, and the call under way. A worker that dies at any point resumes from it.
 */
export interface LoopState {
  messages: BetaMessageParam[];
  pendingResults: BetaToolResultBlockParam[];
  /** The tool call that started and has no recorded result: never run again after a restart. */
  inFlight?: string | undefined;
  /** Model calls answered so far. */
  steps: number;
}

export interface AgentHooks {
  /** A piece of the assistant's text as it streams. */
  onText(delta: string): void;
  /** The streamed text so far is void: the call is being made again. */
  onStreamReset(): void;
  /** A line about what the loop waits for ("Claude is overloaded, retrying in 8 s."), or undefined when it stops waiting. */
  onStatus(status: Text | undefined): void;
  /** The assistant's whole turn, before any of its tool calls runs. */
  onAssistantMessage(message: BetaMessage): void | Promise<void>;
  onToolStart(toolUse: BetaToolUseBlock): void | Promise<void>;
  onToolEnd(toolUse: BetaToolUseBlock, result: BetaToolResultBlockParam): void | Promise<void>;
  /**
   * Whether the call left in flight by a restart was still waiting for the user's approval: it
   * never ran, so it is asked again rather than reported interrupted.
   */
  wasAwaitingApproval?(toolUseId: string): boolean;
  /**
   * Looks at a turn's results before the model reads them. 'stop' ends the task; a string is a
   * note from Steward that the model reads after the results.
   */
  reviewResults?(results: BetaToolResultBlockParam[]): Promise<'continue' | 'stop' | { note: string }>;
  /** Each answer, before it is recorded: for the audit log, which must lose no entry. */
  onResult?(toolUse: BetaToolUseBlock, result: BetaToolResultBlockParam): Promise<void>;
  /** Between an action and the recording of its result (tests hold a task here to stop the worker). */
  beforeRecord?(toolUse: BetaToolUseBlock): Promise<void>;
  /** Writes the state; the loop does not go on until it is stored. */
  persist(state: LoopState): Promise<void>;
}

/** One of Steward's own tools as the loop runs it: its definition, and a run bound to the task. */
export interface BoundTool {
  param: BetaTool;
  /** The text the model reads; a throw becomes an error result with the error's message. */
  run(input: unknown, signal: AbortSignal): Promise<string>;
}

export interface AgentRun {
  model: ModelPort;
  toolset: StewardBrowserToolset;
  /** Steward's own tools (src/tools/), sent beside the browser toolset. */
  tools?: readonly BoundTool[];
  system: string;
  state: LoopState;
  signal: AbortSignal;
  hooks: AgentHooks;
  maxTokens?: number;
  /** A reason to stop before the next model call (a budget reached), or undefined to go on. */
  budgetExceeded?: () => Text | undefined;
}

export type AgentOutcome =
  | { status: 'done'; finalText: string }
  | { status: 'stopped' }
  | { status: 'budget'; reason: Text }
  | { status: 'error'; error: unknown };

export const INTERRUPTED =
  'Interrupted: Steward was restarted while this action was running, so it is not known whether it took effect. ' +
  'Look at the page (read_page or screenshot) before going on, and do not simply repeat it.';

function textOf(content: string | readonly BetaContentBlockParam[]): string {
  if (typeof content === 'string') return content.trim();
  return content
    .filter((block): block is BetaTextBlockParam => block.type === 'text')
    .map((block) => block.text)
    .join('')
    .trim();
}

function toolUsesOf(message: BetaMessageParam | undefined): BetaToolUseBlock[] {
  if (!message || message.role !== 'assistant' || typeof message.content === 'string') return [];
  return message.content.filter((block): block is BetaToolUseBlockParam => block.type === 'tool_use');
}

/** How often an offline task looks for the network again. */
const OFFLINE_POLL_MS = 5_000;

/** One model call, made again on overload, rate limits, server errors and broken streams, with the wait shown. */
async function callModel(run: AgentRun): Promise<BetaMessage> {
  const { model, toolset, system, state, signal, hooks } = run;
  let trimmed = false;
  for (let attempt = 1; ; attempt++) {
    try {
      const messages = trimmed ? trimForRetry(state.messages) : state.messages;
      const message = await model.stream(
        {
          max_tokens: run.maxTokens ?? 8192,
          system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }],
          messages: prepareMessages(messages),
          tools: [...(run.tools ?? []).map((tool) => tool.param), toolset.toJSON()],
        },
        hooks.onText,
        signal,
      );
      hooks.onStatus(undefined);
      return message;
    } catch (error) {
      if (signal.aborted) throw new Anthropic.APIUserAbortError();
      const failure = classifyFailure(error);
      if (failure.kind === 'too_large' && !trimmed) {
        trimmed = true;
        hooks.onStreamReset();
        continue;
      }
      // Offline, the task waits as long as it takes (Stop ends it); the attempts count only online failures.
      const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
      if (offline && failure.kind === 'retry') attempt--;
      if (failure.kind !== 'retry' || attempt >= MAX_ATTEMPTS) throw error;
      hooks.onStreamReset();
      const wait = offline ? OFFLINE_POLL_MS : retryDelayMs(attempt, failure.retryAfterMs);
      hooks.onStatus(retryStatus(failure.reason, wait, offline));
      await delay(wait, signal);
    }
  }
}

async function runOwnTool(tool: BoundTool, toolUse: BetaToolUseBlock, signal: AbortSignal): Promise<BetaToolResultBlockParam> {
  try {
    return resultBlock(toolUse, await tool.run(toolUse.input, signal));
  } catch (error) {
    if (signal.aborted || error instanceof Anthropic.APIUserAbortError) throw new Anthropic.APIUserAbortError();
    return resultBlock(toolUse, error instanceof Error ? error.message : String(error), true);
  }
}

/** Answers the last assistant turn's tool calls that have no answer yet, persisting before and after each. */
async function answerToolCalls(run: AgentRun, toolUses: BetaToolUseBlock[]): Promise<'stopped' | undefined> {
  const { toolset, state, signal, hooks } = run;
  for (const toolUse of toolUses) {
    if (state.pendingResults.some((result) => result.tool_use_id === toolUse.id)) continue;
    if (signal.aborted) return 'stopped';
    let result: BetaToolResultBlockParam;
    if (state.inFlight === toolUse.id && !hooks.wasAwaitingApproval?.(toolUse.id)) {
      result = resultBlock(toolUse, INTERRUPTED, true);
    } else if (state.pendingResults.some((answer) => answer.is_error === true)) {
      result = resultBlock(toolUse, NOT_EXECUTED, true);
    } else if (toolUse.toolset_name !== 'browser' && !run.tools?.some((tool) => tool.param.name === toolUse.name)) {
      result = resultBlock(toolUse, `There is no tool named "${toolUse.name}". Use the browser tools.`, true);
    } else {
      state.inFlight = toolUse.id;
      await hooks.persist(state);
      await hooks.onToolStart(toolUse);
      const own = toolUse.toolset_name === 'browser' ? undefined : run.tools?.find((tool) => tool.param.name === toolUse.name);
      result = own ? await runOwnTool(own, toolUse, signal) : await runBrowserMember(toolset, toolUse, signal);
      await hooks.beforeRecord?.(toolUse);
    }
    await hooks.onResult?.(toolUse, result);
    state.pendingResults.push(result);
    state.inFlight = undefined;
    await hooks.persist(state);
    await hooks.onToolEnd(toolUse, result);
  }
  const review = (await hooks.reviewResults?.(state.pendingResults)) ?? 'continue';
  if (review === 'stop') return 'stopped';
  const note = typeof review === 'object' ? [{ type: 'text' as const, text: review.note }] : [];
  state.messages.push({ role: 'user', content: [...state.pendingResults, ...note] });
  state.pendingResults = [];
  await hooks.persist(state);
  return undefined;
}

/**
 * The agent loop: ask the model, run the tool calls it makes, give it the results, until it
 * answers without a tool call, the task is stopped, a budget is reached, or something fails that
 * neither the model nor a retry can fix. It picks up from any persisted state, so a worker that
 * died mid-task resumes without running a started action twice.
 */
export async function runAgentLoop(run: AgentRun): Promise<AgentOutcome> {
  const { state, signal, hooks } = run;
  try {
    for (;;) {
      if (signal.aborted) return { status: 'stopped' };
      const last = state.messages.at(-1);
      const toolUses = toolUsesOf(last);
      if (toolUses.length) {
        if ((await answerToolCalls(run, toolUses)) === 'stopped') return { status: 'stopped' };
        continue;
      }
      if (last?.role === 'assistant') return { status: 'done', finalText: textOf(last.content) };

      const reason = run.budgetExceeded?.();
      if (reason) return { status: 'budget', reason };
      const message = await callModel(run);
      if (signal.aborted) return { status: 'stopped' };
      state.messages.push({ role: 'assistant', content: message.content } as BetaMessageParam);
      state.steps++;
      await hooks.persist(state);
      await hooks.onAssistantMessage(message);
      if (message.stop_reason === 'max_tokens' && toolUsesOf(state.messages.at(-1)).length === 0) {
        return { status: 'error', error: new Error('The answer was cut off at the token limit before it finished.') };
      }
    }
  } catch (error) {
    if (signal.aborted || error instanceof Anthropic.APIUserAbortError) return { status: 'stopped' };
    return { status: 'error', error };
  }
}

export function initialState(prompt: string): LoopState {
  return { messages: [{ role: 'user', content: prompt }], pendingResults: [], steps: 0 };
}
