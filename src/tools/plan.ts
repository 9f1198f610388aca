import { z } from 'zod';
import { SITE_PATTERN } from '../policy/sites';
import type { Plan } from '../protocol/task';
import { defineTool } from './define';

/** A domain as the model names it: "shop.example.com", or a URL whose host is taken. */
const site = z
  .string()
  .trim()
  .min(1)
  .max(260)
  .transform((value, ctx) => {
    let host = value.toLowerCase();
    try {
      if (/^[a-z][a-z0-9+.-]*:\/\//.test(host)) host = new URL(host).hostname;
    } catch {
      // Reported below as not a domain.
    }
    host = host.replace(/^\*\./, '').replace(/[/:].*$/, '').replace(/\.$/, '');
    if (!SITE_PATTERN.test(host)) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a site; name domains such as shop.example.com` });
      return z.NEVER;
    }
    return host;
  })
  .describe('A domain such as shop.example.com; its subdomains are included.');

export const planInput = z.object({
  summary: z.string().trim().min(1).max(600).describe('What you will do, in one or two plain sentences the user can approve.'),
  steps: z.array(z.string().trim().min(1).max(300)).min(1).max(15).describe('The steps in order, one short line each.'),
  sites: z.array(site).min(1).max(20).describe('Every site you need to open or act on. Anything else will ask the user again.'),
});

/** What the runner does with a proposed plan: shows it to the user and waits for the answer. */
export interface PlanContext {
  askUser(plan: Plan): Promise<{ approve: boolean; note?: string | undefined }>;
}

/** Thrown when the user rejects the plan, so the model reads it as an error result. */
export class PlanRejected extends Error {}

/**
 * The "Ask before acting" mode's gate: Claude proposes its plan and the sites it needs, the user
 * approves it, and only then do actions run; on the plan's sites without asking, except sensitive
 * sites and high-risk actions, which Steward's policy asks about in every mode.
 */
export const proposePlan = defineTool({
  name: 'propose_plan',
  description:
    'Propose your plan to the user before you act. In this task no action that changes a page runs until the user approves a plan. ' +
    'List the steps and every site you will need. Once approved, ordinary actions on those sites run without asking; ' +
    'sensitive sites, high-risk actions (paying, sending, deleting, passwords, uploads) and leaving the listed sites still ask the user. ' +
    'Reading pages is allowed before a plan. If the user rejects the plan, read their note and propose a new one or stop.',
  input: planInput,
  async run(plan, context: PlanContext) {
    const sites = [...new Set(plan.sites)];
    const answer = await context.askUser({ ...plan, sites });
    if (!answer.approve) {
      throw new PlanRejected(`The user rejected the plan${answer.note ? `: ${answer.note}` : '.'} Propose a different plan, or finish and say why.`);
    }
    return `The user approved the plan. Ordinary actions on ${sites.join(', ')} now run without asking; sensitive sites, high-risk actions and other sites still ask the user.`;
  },
});
