import { describe, expect, it } from 'vitest';
import { ToolInputError } from './define';
import { PlanRejected, proposePlan } from './plan';

const input = { summary: 'Compare two laptops.', steps: ['Open both product pages', 'Read the specs'], sites: ['https://Shop.Example.com/laptops', 'reviews.example.org'] };

describe('propose_plan', () => {
  it('sends the model a schema generated from zod, with every field described', () => {
    const schema = proposePlan.param.input_schema as { properties: Record<string, { description?: string }>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(['summary', 'steps', 'sites']);
    for (const field of Object.values(schema.properties)) expect(field.description).toBeTruthy();
    expect(schema.required).toEqual(['summary', 'steps', 'sites']);
  });

  it('shows the user the plan with its sites as domains, and says what approval means', async () => {
    let shown: unknown;
    const text = await proposePlan.run(input, { askUser: async (plan) => ((shown = plan), { approve: true }) });
    expect(shown).toEqual({ summary: 'Compare two laptops.', steps: ['Open both product pages', 'Read the specs'], sites: ['shop.example.com', 'reviews.example.org'] });
    expect(text).toMatch(/approved the plan\. Ordinary actions on shop\.example\.com, reviews\.example\.org now run without asking/);
  });

  it('passes the user\'s note back when the plan is rejected', async () => {
    await expect(proposePlan.run(input, { askUser: async () => ({ approve: false, note: 'Only the first shop.' }) })).rejects.toThrow(
      new PlanRejected('The user rejected the plan: Only the first shop. Propose a different plan, or finish and say why.'),
    );
  });

  it('refuses input that is not a plan, saying what to fix, without asking the user', async () => {
    const askUser = async () => {
      throw new Error('must not ask');
    };
    await expect(proposePlan.run({ summary: 'x', steps: [], sites: ['a.example'] }, { askUser })).rejects.toThrow(ToolInputError);
    await expect(proposePlan.run({ ...input, sites: ['not a site'] }, { askUser })).rejects.toThrow(/sites\.0 "not a site" is not a site/);
  });
});
