import { type MessageKey, msg } from '../i18n/words';

/**
 * How much a task asks before acting, most cautious first. 'ask-every': every action that changes
 * something asks. 'plan': the user approves a plan first. 'act': ordinary actions on trusted sites
 * run without asking. The store, the policy, the administrator's lists and the panel all read this
 * one table; it holds no zod so the panel can import it.
 */
export const MODES = ['ask-every', 'plan', 'act'] as const;
export type Mode = (typeof MODES)[number];

export interface ModeEntry {
  /** The mode's one name, everywhere it is shown ("Ask before acting"). */
  name: MessageKey;
  /** The composer menu's line for it, with the name as $1, when the menu says more than the name. */
  menu?: MessageKey;
}

export const MODE_TABLE: Record<Mode, ModeEntry> = {
  'ask-every': { name: msg('mode_ask_every') },
  plan: { name: msg('mode_plan'), menu: msg('mode_plan_menu') },
  act: { name: msg('mode_act'), menu: msg('mode_act_menu') },
};
