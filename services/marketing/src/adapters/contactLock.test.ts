import { describe, expect, it } from 'vitest';
import { makeContactLock } from './contactLock.ts';

// A turn that records when it starts and ends, and waits a few event-loop turns in between.
const turn = (log: string[], name: string) => async () => {
  log.push(`${name} start`);
  for (let tick = 0; tick < 3; tick += 1) await new Promise((resolve) => setImmediate(resolve));
  log.push(`${name} end`);
  return name;
};

describe('makeContactLock', () => {
  it('runs the turns of one customer one after the other, in the order asked', async () => {
    // Prepare
    const withContactLock = makeContactLock();
    const log: string[] = [];

    // Act
    const results = await Promise.all(
      ['a', 'b', 'c'].map((name) => withContactLock('cus-1', turn(log, name))),
    );

    // Assess
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('lets different customers run at once', async () => {
    // Prepare
    const withContactLock = makeContactLock();
    const log: string[] = [];

    // Act
    await Promise.all([
      withContactLock('cus-1', turn(log, 'a')),
      withContactLock('cus-2', turn(log, 'b')),
    ]);

    // Assess
    expect(log.slice(0, 2)).toEqual(['a start', 'b start']);
  });

  it('passes a failure to its caller and gives the next turn its go', async () => {
    // Prepare
    const withContactLock = makeContactLock();
    const log: string[] = [];

    // Act
    const [failed, next] = await Promise.allSettled([
      withContactLock('cus-1', () => Promise.reject(new Error('table unavailable'))),
      withContactLock('cus-1', turn(log, 'next')),
    ]);

    // Assess
    expect(failed).toMatchObject({ status: 'rejected', reason: { message: 'table unavailable' } });
    expect(next).toEqual({ status: 'fulfilled', value: 'next' });
  });
});
