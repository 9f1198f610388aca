import type { PanelPush, PanelRequest, panelReplySchemas } from './panel';
import { SETTING_KEYS, SETTINGS, type SettingDefinition } from '../settings/definitions';
import { RemoteError } from './remote-error';

/**
 * Checks on what the background sends the panel, written by hand so the panel does not carry zod
 * (about 27 KB gzipped). The background is Steward's own worker and builds every message from the
 * zod schemas in src/protocol/, which it validates; what the panel guards against is a worker of
 * another version (mid-update) or a broken reply, so it checks the envelope, the message type and
 * the shape the views read first, and fails loudly instead of rendering nonsense.
 */

type Shape = 'object' | 'array' | 'object-or-null';

/** The outer shape of each reply; a reply type left out only has to be present. */
const REPLY_SHAPES: Partial<Record<keyof typeof panelReplySchemas, Shape>> = {
  'settings.get': 'object',
  'settings.save': 'object',
  'connection.test': 'object',
  'task.start': 'object',
  'task.stop': 'object',
  'task.resume': 'object',
  'task.current': 'object-or-null',
  'approval.answer': 'object',
  'audit.list': 'array',
  'audit.verify': 'object',
  'audit.export': 'object',
  'history.list': 'array',
  'history.open': 'object',
  'history.delete': 'object',
  'history.export': 'object',
  'recording.frames': 'object',
  'routines.list': 'array',
  'routines.save': 'object',
  'routines.runs': 'array',
  'routines.import': 'object',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasShape(value: unknown, shape: Shape | undefined): boolean {
  if (shape === 'array') return Array.isArray(value);
  if (shape === 'object') return isRecord(value);
  if (shape === 'object-or-null') return value === null || isRecord(value);
  return value !== undefined;
}

/** Whether a setting's value in the view has its kind's type, as the settings' definitions say. */
function settingHasKind(definition: SettingDefinition, value: unknown): boolean {
  switch (definition.kind) {
    case 'toggle':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number';
    case 'sites':
      return Array.isArray(value);
    case 'select':
      return definition.options.some((option) => option === value);
    case 'text':
    case 'url':
      return typeof value === 'string';
    default:
      // The key and the prices have view fields of their own.
      return true;
  }
}

/** The settings view the form reads: each setting of its kind, and the administrator's part present. */
function isSettingsView(value: unknown): boolean {
  return isRecord(value) && isRecord(value.admin) && SETTING_KEYS.every((key) => settingHasKind(SETTINGS[key], value[key]));
}

/** The settings a reply carries, where the Settings form reads them. */
const SETTINGS_IN_REPLY: Partial<Record<keyof typeof panelReplySchemas, (value: Record<string, unknown>) => unknown>> = {
  'settings.get': (value) => value,
  'settings.save': (value) => (value.saved === true ? value.settings : {}),
};

/** Unwraps the background's reply to `type`, re-throwing its error here. */
export function unwrapPanelReply(type: PanelRequest['type'], raw: unknown): unknown {
  if (!isRecord(raw) || typeof raw.ok !== 'boolean') throw new RemoteError('ProtocolError', 'The other side sent no valid reply.');
  if (!raw.ok) {
    const error = isRecord(raw.error) ? raw.error : {};
    throw new RemoteError(typeof error.name === 'string' ? error.name : 'Error', typeof error.message === 'string' ? error.message : 'The background failed without saying why.', error.words);
  }
  const settingsIn = SETTINGS_IN_REPLY[type];
  const wellShaped = hasShape(raw.value, REPLY_SHAPES[type]) && (!settingsIn || !isRecord(raw.value) || raw.value.saved === false || isSettingsView(settingsIn(raw.value)));
  if (!wellShaped) throw new RemoteError('ProtocolError', `The reply to ${type} did not have the expected shape.`);
  return raw.value;
}

function isTaskView(value: unknown): boolean {
  return isRecord(value) && typeof value.id === 'string' && typeof value.prompt === 'string' && typeof value.status === 'string' && Array.isArray(value.entries);
}

/** A push from the background, or undefined for anything the panel does not know. */
export function parsePanelPush(message: unknown): PanelPush | undefined {
  if (!isRecord(message)) return undefined;
  switch (message.type) {
    case 'task.state':
      return message.task === null || isTaskView(message.task) ? (message as PanelPush) : undefined;
    case 'task.text':
      return typeof message.taskId === 'string' && typeof message.entryId === 'string' && typeof message.delta === 'string' ? (message as PanelPush) : undefined;
    case 'routines.changed':
      return message.routineId === undefined || typeof message.routineId === 'string' ? (message as PanelPush) : undefined;
    default:
      return undefined;
  }
}
