import { describe, expect, it } from 'vitest';
import { ApplicationChanges } from './ApplicationChanges.ts';

describe('ApplicationChanges', () => {
  it('wakes only the watchers of the application that changed, changes made meanwhile counting once', async () => {
    const changes = new ApplicationChanges();
    const watch = changes.watch('NB-1')[Symbol.asyncIterator]();
    const other = changes.watch('NB-2');
    changes.publish('NB-1');
    changes.publish('NB-1');
    await watch.next(); // The two changes so far: one step.
    let woken = false;
    const next = watch.next().then(() => (woken = true));
    changes.publish('NB-2');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(woken).toBe(false);
    changes.publish('NB-1');
    await next;
    expect(woken).toBe(true);
    other.close();
    expect(changes.watching).toBe(1);
  });

  it('ends every watch when the replica closes, and wakes all after changes may have been missed', async () => {
    const changes = new ApplicationChanges();
    const one = changes.watch('NB-1')[Symbol.asyncIterator]();
    const two = changes.watch('NB-2')[Symbol.asyncIterator]();
    changes.publishAll();
    expect((await one.next()).done).toBe(false);
    expect((await two.next()).done).toBe(false);
    const ending = one.next();
    changes.closeAll();
    expect((await ending).done).toBe(true);
    expect(changes.watching).toBe(0);
  });
});
