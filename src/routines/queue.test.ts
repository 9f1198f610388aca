import { describe, expect, it } from 'vitest';
import { admit, emptyQueue, release } from './queue';

describe('run queue', () => {
  it('starts runs up to the limit, queues the rest in order, and starts them as runs end', () => {
    let queue = emptyQueue();
    const starts: string[] = [];
    for (const id of ['a', 'b', 'c', 'd']) {
      const step = admit(queue, id, 2);
      queue = step.queue;
      starts.push(...step.start);
    }
    expect(starts).toEqual(['a', 'b']);
    expect(queue).toEqual({ running: ['a', 'b'], waiting: ['c', 'd'] });
    const released = release(queue, 'b', 2);
    expect(released.start).toEqual(['c']);
    expect(released.queue).toEqual({ running: ['a', 'c'], waiting: ['d'] });
  });

  it('never runs or queues the same routine twice', () => {
    let queue = admit(emptyQueue(), 'a', 1).queue;
    expect(admit(queue, 'a', 1).admission).toBe('already-running');
    queue = admit(queue, 'b', 1).queue;
    expect(admit(queue, 'b', 1)).toMatchObject({ admission: 'already-queued', start: [] });
    expect(queue.waiting).toEqual(['b']);
  });

  it('withdrawing a waiting run starts nothing extra; a limit below one counts as one', () => {
    let queue = admit(emptyQueue(), 'a', 0).queue;
    expect(queue.running).toEqual(['a']);
    queue = admit(queue, 'b', 0).queue;
    const withdrawn = release(queue, 'b', 0);
    expect(withdrawn).toEqual({ queue: { running: ['a'], waiting: [] }, start: [] });
  });
});
