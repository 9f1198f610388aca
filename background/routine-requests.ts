import type { z } from 'zod';
import type { panelRequestSchema } from '../src/protocol/panel';
import type { RoutineRunner } from './routine-runner';

type PanelRequestValue = z.output<typeof panelRequestSchema>;
export type RoutineRequest = Extract<PanelRequestValue, { type: `routines.${string}` }>;

export function isRoutineRequest(request: PanelRequestValue): request is RoutineRequest {
  return request.type.startsWith('routines.');
}

/** Answers the panel's routine requests; the caller has checked the sender and parsed the message. */
export async function handleRoutineRequest(request: RoutineRequest, routines: RoutineRunner): Promise<unknown> {
  switch (request.type) {
    case 'routines.list':
      return routines.list();
    case 'routines.save':
      return routines.save(request.id, request.definition);
    case 'routines.delete':
      return { deleted: await routines.remove(request.id) };
    case 'routines.setPaused':
      return { paused: await routines.setPaused(request.id, request.paused) };
    case 'routines.runNow':
      return { admission: await routines.runNow(request.id, request.askClaude) };
    case 'routines.runs':
      return routines.runs(request.id);
    case 'routines.export':
      return { json: await routines.exportJson() };
    case 'routines.import':
      return routines.import(request.json);
  }
}
