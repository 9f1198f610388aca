import Anthropic from '@anthropic-ai/sdk';
import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type {
  BetaToolResultBlockParam,
  BetaToolUseBlock,
} from '@anthropic-ai/sdk/resources/beta/messages/messages';
import type { StewardBrowserToolset } from '../browser/toolset';

/** What the SDK's runner says for a member it skipped after an earlier one failed in the same turn. */
export const NOT_EXECUTED = 'Not executed: an earlier action in this turn failed.';

export function resultBlock(toolUse: BetaToolUseBlock, content: BetaToolResultBlockParam['content'], isError = false): BetaToolResultBlockParam {
  return {
    type: 'tool_result',
    tool_use_id: toolUse.id,
    ...(toolUse.toolset_name ? { toolset_name: toolUse.toolset_name } : {}),
    content,
    ...(isError ? { is_error: true } : {}),
  } as BetaToolResultBlockParam;
}

/**
 * Runs one browser member through the SDK's pipeline with the task's abort signal (the SDK's own
 * `toolResult` takes none). A refusal or failure becomes an `is_error` result the model reads;
 * cancellation propagates as `APIUserAbortError`.
 */
export async function runBrowserMember(
  toolset: StewardBrowserToolset,
  toolUse: BetaToolUseBlock,
  signal: AbortSignal,
): Promise<BetaToolResultBlockParam> {
  // The SDK reads a non-object input as empty; a call whose input is not an object is malformed.
  if (toolUse.input === null || typeof toolUse.input !== 'object' || Array.isArray(toolUse.input)) {
    return resultBlock(toolUse, `Invalid input for ${toolUse.name}: the input must be an object of named fields.`, true);
  }
  try {
    const content = await toolset.run({ toolUse, toolUseBlock: toolUse, signal }, toolUse);
    return resultBlock(toolUse, content as BetaToolResultBlockParam['content']);
  } catch (error) {
    if (signal.aborted || error instanceof Anthropic.APIUserAbortError) throw new Anthropic.APIUserAbortError();
    if (error instanceof ToolError) {
      const content = error.content;
      return resultBlock(toolUse, (typeof content === 'string' ? content : content) as BetaToolResultBlockParam['content'], true);
    }
    return resultBlock(toolUse, `The tool failed: ${error instanceof Error ? error.message : String(error)}`, true);
  }
}

/** The text of a tool result, images and browser state left out: for the timeline. */
export function resultText(result: BetaToolResultBlockParam): string {
  const content = result.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((block): block is { type: 'text'; text: string } => block.type === 'text')
    .map((block) => block.text)
    .join('\n');
}

/** The first image of a tool result, as base64 and media type. */
export function resultImage(result: BetaToolResultBlockParam): { data: string; mediaType: string } | undefined {
  const content = result.content;
  if (!Array.isArray(content)) return undefined;
  for (const block of content) {
    if (block.type === 'image' && block.source.type === 'base64') return { data: block.source.data, mediaType: block.source.media_type };
  }
  return undefined;
}
