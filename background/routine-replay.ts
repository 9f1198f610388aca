import type { AgentHooks } from '../src/agent/loop';
import type { Driver } from '../src/browser/driver';
import { anthropicModel, type ModelPort } from '../src/model/anthropic';
import { TraceRecorder, withTraceRecorder } from '../src/routines/recorder';
import { driverPage, replayedStep, replayModel, replayOutcome } from '../src/routines/replay';
import { buildTrace, type TraceDraft } from '../src/routines/trace';
import type { Routine, RoutineRun } from '../src/store/routines';
import type { Settings } from '../src/store/settings';
import type { TaskRecord } from '../src/store/tasks';
import type { RoutineStore } from './routine-store';
import { alignmentVerdicts } from './task-alignment';

/**
 * Where routine replay meets the task runner, kept to four calls so the runner's shape can change
 * around them: the model a task runs with (`modelForTask`), the hooks that record a routine run's
 * trace (`tracedHooks`), which recorded run a routine run replays (`replaySourceFor`), and what a finished run leaves for the next one (`replayOfFinishedTask`).
 */

/** Claude, or for a routine run that replays a recorded run, the replaying model with Claude behind it. */
export function modelForTask(record: Readonly<TaskRecord>, settings: Settings, driver: Driver): ModelPort {
  const claude = anthropicModel({ ...settings, model: record.model });
  return record.replay ? replayModel(record.replay, driverPage(driver), claude) : claude;
}

/** A routine run's hooks record its trace into the session's draft, persisted with every step. */
export function tracedHooks(record: Readonly<TaskRecord>, draft: TraceDraft | undefined, driver: Driver, hooks: AgentHooks): AgentHooks {
  if (!draft) return hooks;
  const trace = record.replay?.trace;
  return withTraceRecorder(hooks, new TraceRecorder(driver, draft, (toolUse) => (trace ? replayedStep(trace, toolUse.id) : undefined)));
}

/**
 * The recorded run a routine run replays: the latest finished run that left a trace, unless the
 * routine or this run asks Claude.
 */
export async function replaySourceFor(store: RoutineStore, routine: Routine, run: RoutineRun): Promise<TaskRecord['replay']> {
  if (routine.definition.replay === 'never' || run.askClaude) return undefined;
  const recorded = (await store.runsOf(routine.id)).find((other) => other.id !== run.id && other.status === 'done' && other.trace !== undefined && other.result !== undefined);
  if (!recorded?.trace || recorded.result === undefined) return undefined;
  return { trace: recorded.trace, previousResult: recorded.result, prompt: routine.definition.prompt };
}

/**
 * What a finished routine run keeps: how it was done (replayed, then Claude, or Claude), its model
 * calls and tokens, and its trace for the next run. A run that ended unfinished keeps no trace.
 */
export async function replayOfFinishedTask(record: Readonly<TaskRecord>): Promise<Pick<RoutineRun, 'replay' | 'trace' | 'traceMissing'>> {
  const outcome = await replayOutcome(record.loop.messages, record.replay?.trace);
  const { input, output, cacheRead, cacheWrite } = record.usage;
  const replay = { ...outcome, tokens: Math.round(input + output + cacheRead + cacheWrite) };
  if (record.status !== 'done') return { replay };
  const built = buildTrace(record.traceDraft ?? { steps: [] }, alignmentVerdicts(record), Date.now());
  return built.trace ? { replay, trace: built.trace } : { replay, traceMissing: built.reason };
}
