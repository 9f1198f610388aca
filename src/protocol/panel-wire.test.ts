import { describe, expect, it } from 'vitest';
import { parsePanelPush, unwrapPanelReply } from './panel-wire';
import { RemoteError } from './remote-error';

describe('unwrapPanelReply', () => {
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
