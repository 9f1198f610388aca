import type { MemberContext } from './context';
import type { MemberInput } from './inputs';

export async function formInput(ctx: MemberContext, input: MemberInput<'form_input'>): Promise<string> {
  return ctx.driver.setFormValue(ctx.tabId, input.target.ref, input.value);
}
