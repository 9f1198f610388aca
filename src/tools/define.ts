import type { BetaTool } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { z } from 'zod';

/**
 * One of Steward's own tools, beside the browser toolset: a zod schema (the JSON schema the model
 * reads is generated from it, never written twice) and a `run` that gets parsed input.
 */
export interface StewardTool<Context = unknown> {
  name: string;
  /** The definition sent to the model. */
  param: BetaTool;
  /** Parses the model's input and runs; what it throws (`ToolInputError` for bad input) reaches the model as an error result. */
  run(input: unknown, context: Context): Promise<string>;
}

/** Input the model sent that does not fit the schema: the message says what to fix. */
export class ToolInputError extends Error {}

export function defineTool<Schema extends z.ZodObject, Context>(definition: {
  name: string;
  description: string;
  input: Schema;
  run(input: z.output<Schema>, context: Context): Promise<string>;
}): StewardTool<Context> {
  const jsonSchema = z.toJSONSchema(definition.input, { io: 'input' }) as BetaTool['input_schema'];
  delete (jsonSchema as Record<string, unknown>).$schema;
  return {
    name: definition.name,
    param: { name: definition.name, description: definition.description, input_schema: jsonSchema },
    async run(input, context) {
      const parsed = definition.input.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ToolInputError(`Invalid input for ${definition.name}: ${issue ? `${issue.path.join('.') || 'input'} ${issue.message}` : 'it does not match the schema'}.`);
      }
      return definition.run(parsed.data, context);
    },
  };
}
