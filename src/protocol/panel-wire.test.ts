import { describe, expect, it } from 'vitest';
import { parsePanelPush, unwrapPanelReply } from './panel-wire';
import { defaultSettings } from '../store/settings';
import { WordsError } from '../i18n/english';
import { words } from '../i18n/words';
import { errorReply } from './envelope';
import { RemoteError } from './remote-error';
import { settingsViewSchema, shownSettings } from './settings';

describe('unwrapPanelReply', () => {
  it('an error worded in the worker crosses with its words, for the panel to show in the reader\'s language', () => {
    const reply = errorReply(new WordsError(words('error_task_gone')));
    expect(reply).toEqual({ ok: false, error: { name: 'Error', message: 'That task is no longer in the history.', words: { key: 'error_task_gone', args: [] } } });
    const thrown = (() => {
      try {
        unwrapPanelReply('history.open', reply);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(RemoteError);
    expect(thrown).toMatchObject({ message: 'That task is no longer in the history.', words: { key: 'error_task_gone', args: [] } });
    // An ordinary error has no words, and words that are not words are dropped.
    expect(errorReply(new Error('plain'))).toEqual({ ok: false, error: { name: 'Error', message: 'plain' } });
    expect(new RemoteError('Error', 'x', { key: 1 }).words).toBeUndefined();
  });

  it('gives the value of a reply of the expected shape', () => {
    expect(unwrapPanelReply('history.list', { ok: true, value: [] })).toEqual([]);
    expect(unwrapPanelReply('task.current', { ok: true, value: null })).toBeNull();
  });
  it('re-throws the error the background sent, by name', () => {
    const thrown = (() => {
      try {
        unwrapPanelReply('task.start', { ok: false, error: { name: 'Error', message: 'Type a task first.' } });
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(RemoteError);
    expect((thrown as Error).message).toBe('Type a task first.');
  });
  it('refuses what is no envelope, or a value of the wrong shape', () => {
    expect(() => unwrapPanelReply('settings.get', undefined)).toThrow('no valid reply');
    expect(() => unwrapPanelReply('settings.get', { value: {} })).toThrow('no valid reply');
    expect(() => unwrapPanelReply('history.list', { ok: true, value: {} })).toThrow('history.list');
    expect(() => unwrapPanelReply('settings.get', { ok: true, value: null })).toThrow('settings.get');
  });
});

describe('parsePanelPush', () => {
  it('accepts the three pushes', () => {
    expect(parsePanelPush({ type: 'task.state', task: null })).toEqual({ type: 'task.state', task: null });
    const task = { id: 't', prompt: 'p', status: 'running', createdAt: 1, entries: [] };
    expect(parsePanelPush({ type: 'task.state', task })).toEqual({ type: 'task.state', task });
    expect(parsePanelPush({ type: 'task.text', taskId: 't', entryId: 'e', delta: 'd' })).toBeDefined();
    expect(parsePanelPush({ type: 'routines.changed' })).toBeDefined();
  });
  it('drops unknown or malformed pushes', () => {
    expect(parsePanelPush({ type: 'task.state', task: { id: 't' } })).toBeUndefined();
    expect(parsePanelPush({ type: 'task.text', taskId: 't', entryId: 'e' })).toBeUndefined();
    expect(parsePanelPush({ type: 'other' })).toBeUndefined();
    expect(parsePanelPush('task.state')).toBeUndefined();
  });
});

describe('the settings in a reply', () => {
  const view = {
    ...shownSettings(defaultSettings()),
    apiKeyHint: '',
    hasApiKey: false,
    price: { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
    priceIsCustom: false,
    problems: [],
    admin: { locked: {}, sensitiveDomains: [], blockedDomains: [], allowedDomains: [], disabledModes: [], disabledMembers: [], problems: [] },
  };

  it('are taken when each setting has its kind, as the definitions say', () => {
    expect(settingsViewSchema.parse(view)).toEqual(view);
    expect(unwrapPanelReply('settings.get', { ok: true, value: view })).toEqual(view);
    expect(unwrapPanelReply('settings.save', { ok: true, value: { saved: true, settings: view } })).toBeDefined();
    expect(unwrapPanelReply('settings.save', { ok: true, value: { saved: false, errors: { maxSteps: 'Max steps must be at least 1' } } })).toBeDefined();
  });

  it('are refused when a setting is missing or of another kind', () => {
    expect(() => unwrapPanelReply('settings.get', { ok: true, value: { ...view, routineConcurrency: '2' } })).toThrow('settings.get');
    expect(() => unwrapPanelReply('settings.get', { ok: true, value: { ...view, defaultMode: 'ask-risky' } })).toThrow('settings.get');
    const { approvalWaitMinutes: _left, ...older } = view;
    expect(() => unwrapPanelReply('settings.save', { ok: true, value: { saved: true, settings: older } })).toThrow('settings.save');
  });
});
