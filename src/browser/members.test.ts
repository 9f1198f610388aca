import { BETA_BROWSER_MEMBER_NAME_VALUES } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { describe, expect, it } from 'vitest';
import { memberInputs } from './inputs';
import { carriesText, MEMBERS, onlyLooks, timeoutFor } from './members';

describe('the member table', () => {
  it('has one entry per member the SDK defines, and one input schema per entry', () => {
    expect(Object.keys(MEMBERS).sort()).toEqual([...BETA_BROWSER_MEMBER_NAME_VALUES].sort());
    expect(Object.keys(memberInputs).sort()).toEqual(Object.keys(MEMBERS).sort());
  });

  it('says which members only look; names outside the toolset never count as looking', () => {
    expect(onlyLooks('read_page')).toBe(true);
    expect(onlyLooks('left_click')).toBe(false);
    expect(onlyLooks('propose_plan')).toBe(false);
    expect(onlyLooks('leftclick')).toBe(false);
  });

  it('says which members can carry page text to another site', () => {
    expect(Object.keys(MEMBERS).filter(carriesText).sort()).toEqual(['form_input', 'navigate', 'type']);
    expect(carriesText('propose_plan')).toBe(false);
  });

  it('gives members that wait on purpose their duration on top of the limit', () => {
    expect(timeoutFor('wait', { duration: 10 })).toBe(15_000);
    expect(timeoutFor('navigate', { url: 'x' })).toBe(40_000);
    expect(timeoutFor('left_click', {})).toBe(30_000);
  });

  it('marks every member that presses or enters text as one that changes the page', () => {
    for (const [member, entry] of Object.entries(MEMBERS)) {
      if ('presses' in entry || 'entersText' in entry) expect(entry.changesPage, member).toBe(true);
    }
  });
});
