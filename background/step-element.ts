import type { TaskView } from '../src/protocol/task';

/**
 * Names the element a step acts on in its timeline entry, from what the policy looked at before
 * the action (the page's accessibility tree, not the model's words): the panel then says
 * 'Clicked "Place Order"' rather than 'Click ref_13'. The entry is saved when the step ends.
 */
export function nameStepElement(view: TaskView, toolUseId: string, element: { role: string; name: string } | undefined): void {
  if (!element || element.role === 'frame') return;
  const entry = view.entries.find((candidate) => candidate.kind === 'tool' && candidate.id === toolUseId);
  if (entry?.kind === 'tool') entry.element = { role: element.role, name: element.name.replace(/\s+/g, ' ').trim().slice(0, 80) };
}
