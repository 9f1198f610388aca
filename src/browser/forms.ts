import { ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';
import type { MemberContext } from './context';
import type { MemberInput } from './inputs';

export async function formInput(ctx: MemberContext, input: MemberInput<'form_input'>): Promise<string> {
  return ctx.driver.setFormValue(ctx.tabId, input.target.ref, input.value);
}

/** The paths arrive already checked by the toolset's file policy. */
export async function fileUpload(ctx: MemberContext, input: MemberInput<'file_upload'>): Promise<string> {
  const paths = input.paths ?? [];
  if (input.document_ids?.length) throw new ToolError('Steward cannot upload Files API documents; give file paths from the upload folder.');
  if (paths.length === 0) throw new ToolError('Give at least one file path to upload.');
  return ctx.driver.uploadFiles(ctx.tabId, input.target.ref, paths);
}
