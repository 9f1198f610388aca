import { type Text, words } from '../src/i18n/words';
import { testConnection } from '../src/model/connection';
import { type Price, priceFor } from '../src/model/pricing';
import type { SettingsView } from '../src/protocol/panel';
import { panelRequestSchema, settingsDraftSchema } from '../src/protocol/panel';
import { shownSettings } from '../src/protocol/settings';
import { CEILING_KEYS, FORM_KEYS, type SettingDefinition, SETTINGS } from '../src/settings/definitions';
import type { KeyValueArea } from '../src/store/area';
import { type AuditStore, toJsonLines, verifyChain } from '../src/store/audit';
import { loadSettings, redactApiKey, saveSettings, type Settings, validateSettingsInput } from '../src/store/settings';
import { handleRoutineRequest, isRoutineRequest } from './routine-requests';
import type { RoutineRunner } from './routine-runner';
import { applyAdminPolicy, ceilingErrors, emptyAdminPolicy, type LoadedAdminPolicy } from '../src/policy/admin';
import type { TaskRunner } from './task-runner';
import { deleteRecording, readRecording } from './recording/store';

/** The settings as they are in force: the user's, inside the administrator's bounds, with what is locked and why. */
export function settingsView(saved: Settings, problems: readonly Text[], loaded: LoadedAdminPolicy = { policy: emptyAdminPolicy(), problems: [] }): SettingsView {
  const { policy } = loaded;
  const { settings, locked } = applyAdminPolicy(saved, policy);
  return {
    ...shownSettings(settings),
    apiKeyHint: redactApiKey(settings.apiKey),
    hasApiKey: settings.apiKey !== '',
    price: priceFor(settings.model, settings.prices),
    priceIsCustom: settings.model in settings.prices,
    problems: [...problems],
    admin: {
      locked,
      sensitiveDomains: policy.sensitiveDomains,
      blockedDomains: policy.blockedDomains,
      allowedDomains: policy.allowedDomains,
      disabledModes: policy.disabledModes,
      disabledMembers: policy.disabledMembers,
      problems: loaded.problems,
    },
  };
}

/**
 * The settings a draft from the form would give, field by field as the definitions say
 * (src/settings/definitions.ts): a field left out keeps its saved value, site lists are split into
 * lines, an empty key field keeps the saved key, and the price applies to the model in the form.
 */
export function mergeDraft(saved: Settings, draft: ReturnType<typeof settingsDraftSchema.parse>, admin: LoadedAdminPolicy['policy'] = emptyAdminPolicy()): Record<string, unknown> {
  const { locked } = applyAdminPolicy(saved, admin);
  const merged: Record<string, unknown> = { ...saved };
  for (const key of FORM_KEYS) {
    const typed = draft[key];
    const definition: SettingDefinition = SETTINGS[key];
    if (typed === undefined) continue;
    // A setting the administrator forces keeps the user's own choice underneath, for when the policy goes.
    if (definition.admin?.lock === 'force' && (locked as Partial<Record<string, string>>)[key] !== undefined) continue;
    if (definition.kind === 'sites') merged[key] = siteLines(String(typed));
    else if (definition.kind === 'secret') merged[key] = String(typed).trim() || saved[key];
    else merged[key] = typed;
  }
  if (draft.clearApiKey) merged.apiKey = '';
  const model = typeof merged.model === 'string' ? merged.model : saved.model;
  if (draft.price && !samePrice(draft.price, priceFor(model, saved.prices))) merged.prices = { ...saved.prices, [model.trim()]: draft.price };
  return merged;
}

function siteLines(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

function samePrice(a: Price, b: Price): boolean {
  return a.input === b.input && a.output === b.output && a.cacheWrite === b.cacheWrite && a.cacheRead === b.cacheRead;
}

/** Answers one request from the panel; the caller has checked the sender and wraps the reply. */
export async function handlePanelRequest(
  raw: unknown,
  local: KeyValueArea,
  runner: TaskRunner,
  audit: AuditStore,
  routines: RoutineRunner,
  /** The administrator's policy (background/admin-policy.ts); read afresh for the panel, which asks again when it hears the policy changed. */
  adminPolicy: (options: { fresh: boolean }) => Promise<LoadedAdminPolicy> = async () => ({ policy: emptyAdminPolicy(), problems: [] }),
): Promise<unknown> {
  const parsed = panelRequestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'Steward did not understand that request.');
  const request = parsed.data;
  if (isRoutineRequest(request)) return handleRoutineRequest(request, routines);
  switch (request.type) {
    case 'settings.get': {
      const { settings, problems } = await loadSettings(local);
      return settingsView(settings, problems, await adminPolicy({ fresh: true }));
    }
    case 'settings.save': {
      const { settings: saved } = await loadSettings(local);
      const admin = await adminPolicy({ fresh: true });
      const validation = validateSettingsInput(mergeDraft(saved, request.draft, admin.policy));
      if (!validation.ok) return { saved: false, errors: validation.errors };
      // Only what the form sent is held to a ceiling: a value it left out keeps its saved one, which an administrator's later ceiling may be below.
      const typed = Object.fromEntries(CEILING_KEYS.filter((key) => request.draft[key] !== undefined).map((key) => [key, validation.settings[key]]));
      const overCeiling = ceilingErrors(typed, admin.policy);
      if (Object.keys(overCeiling).length) return { saved: false, errors: overCeiling };
      await saveSettings(local, validation.settings);
      return { saved: true, settings: settingsView(validation.settings, [], admin) };
    }
    case 'connection.test': {
      const { settings: saved } = await loadSettings(local);
      const validation = validateSettingsInput(mergeDraft(saved, request.draft));
      // The first thing wrong is enough to say why the test did not run; Save shows each beside its field.
      if (!validation.ok) return { ok: false, message: Object.values(validation.errors)[0] ?? words('invalid_field', '') };
      return testConnection(validation.settings);
    }
    case 'task.start': {
      const taskId = await runner.start(request.prompt, request.windowId, request.mode, request.record ? { record: true } : {});
      // The mode chosen is the one the next task starts in.
      const { settings } = await loadSettings(local);
      if (request.mode && request.mode !== settings.defaultMode) await saveSettings(local, { ...settings, defaultMode: request.mode });
      return { taskId };
    }
    case 'task.stop':
      return { stopped: runner.stop(request.taskId) };
    case 'task.resume':
      return { resumed: runner.resume(request.taskId) };
    case 'task.current':
      return runner.current(request.windowId);
    case 'approval.answer':
      return { answered: runner.answerApproval(request.taskId, request.approvalId, { approve: request.approve, note: request.note, always: request.always, takeOver: request.takeOver }) };
    case 'audit.list':
      return (await audit.all()).slice(-200).reverse();
    case 'audit.verify':
      return verifyChain(await audit.all());
    case 'audit.export':
      return { jsonl: toJsonLines(await audit.all()) };
    case 'history.list':
      return runner.history();
    case 'history.open':
      return runner.open(request.taskId);
    case 'history.delete':
      await runner.remove(request.taskId);
      await deleteRecording(request.taskId);
      return { deleted: true };
    case 'history.export':
      return { json: await runner.exportJson(request.taskId) };
    case 'recording.frames':
      return readRecording(request.taskId);
  }
}
