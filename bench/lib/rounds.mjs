// Alternating rounds of Steward and its peer, and the table rows made from them.
import { judge } from './report.mjs';
import { sleep, summarize } from './stats.mjs';
import { notImplemented } from './steward.mjs';

export const message = (error) => (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);

/** A member result that is an error; `notImplemented` tells "switched off for now" from a real failure. */
export class MemberError extends Error {
  constructor(member, result) {
    super(`${member}: ${result.text.slice(0, 200)}`);
    this.notImplemented = notImplemented(result);
  }
}

export function check(member, result) {
  if (result.isError) throw new MemberError(member, result);
  return result;
}

/** What a row shows for a side that could not be measured. */
export function failure(error) {
  if (error instanceof MemberError && error.notImplemented) return 'n/a (not implemented)';
  return 'error';
}

/**
 * Runs Steward and its peer in alternating rounds, flipping which goes first each round so neither side
 * always runs second (warmer caches, or a busier machine); the warm-up rounds are discarded. A side that
 * fails stops being called; the other carries on so its figures are still reported.
 *
 * Heavy pages get fewer rounds so the whole run fits its 10 minutes on a busy two-core machine: when the
 * first round takes over plan.slowRoundMs it is the only warm-up, and once a measurement has used
 * plan.measureBudgetMs it stops after plan.minReps kept rounds. Rows say when either happened.
 * `plan` holds those limits, reps and warmups, and overBudget(), the whole run's budget.
 */
export async function alternate(plan, { steward, peer, gapMs = 0, reps = plan.reps }) {
  const out = { steward: [], peer: [], stewardError: null, peerError: null, cut: false, warmups: plan.warmups, reps, rounds: 0 };
  const start = Date.now();
  for (let round = 0; round < out.warmups + reps; round++) {
    const kept = round - out.warmups;
    if (plan.overBudget()) {
      out.cut = 'the run\'s time budget';
      break;
    }
    if (kept >= plan.minReps && Date.now() - start > plan.measureBudgetMs) {
      out.cut = 'this measurement\'s time budget';
      break;
    }
    const roundStart = Date.now();
    for (const which of round % 2 ? ['peer', 'steward'] : ['steward', 'peer']) {
      if (out[`${which}Error`]) continue;
      try {
        const sample = await (which === 'steward' ? steward : peer)(round);
        if (round >= out.warmups) out[which].push(sample);
      } catch (error) {
        out[`${which}Error`] = error;
      }
      if (gapMs) await sleep(gapMs);
    }
    if (round === 0 && out.warmups > 1 && Date.now() - roundStart > plan.slowRoundMs) out.warmups = 1;
    if (round >= out.warmups) out.rounds++;
    if (out.stewardError && out.peerError) break;
  }
  return out;
}

/** A table row from alternate()'s samples; `pick` chooses the number each side contributes. */
export function pairRow(plan, { measure, page, unit, target, result, pickSteward, pickPeer, rowNotes = [] }) {
  const row = { measure, page, unit, target, notes: [...rowNotes] };
  row.steward = summarize(result.steward.map(pickSteward));
  row.peer = summarize(result.peer.map(pickPeer));
  if (result.stewardError) {
    row.stewardStatus = failure(result.stewardError);
    row.notes.push(`steward: ${message(result.stewardError)}`);
  }
  if (result.peerError) {
    row.peerStatus = failure(result.peerError);
    row.notes.push(`peer: ${message(result.peerError)}`);
  }
  if (result.cut) row.notes.push(`${result.rounds}/${result.reps} runs after ${result.warmups} warm-up(s): ${result.cut}`);
  else if (result.reps !== plan.reps) row.notes.push(`${result.reps} runs`);
  else if (result.warmups !== plan.warmups) row.notes.push(`${result.warmups} warm-up (slow page)`);
  return judge(row);
}

/** A row for a measurement that failed outright; the failure also goes to the run's notes. */
export function errorRow(notes, measure, page, error) {
  notes.push(`${measure} on ${page}: ${message(error)}`);
  return { measure, page, stewardStatus: failure(error), peerStatus: '—', ratio: null, met: null, notes: [message(error)] };
}
