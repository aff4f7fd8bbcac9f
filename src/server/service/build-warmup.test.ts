import { describe, expect, it } from 'vitest';
import { createHotCalls, replayAll } from './build-warmup';

describe('the calls replayed against a new build', () => {
  it('are the most asked, most asked first, ties to the most recent', () => {
    const hot = createHotCalls();
    const asked: string[] = [];
    const call = (key: string) => hot.record(key, () => asked.push(key));
    for (const key of ['cat', 'dog', 'cat', 'tree', 'dog', 'cat', 'star']) call(key);
    for (const replay of hot.top(3)) replay();
    expect(asked).toEqual(['cat', 'dog', 'star']);
  });

  it('forget the least recently asked beyond what they keep, however often it was asked once', () => {
    const hot = createHotCalls(2);
    const asked: string[] = [];
    const call = (key: string) => hot.record(key, () => asked.push(key));
    call('old');
    call('old');
    call('new');
    call('newer');
    for (const replay of hot.top(5)) replay();
    expect(asked.sort()).toEqual(['new', 'newer']);
  });
});

describe('replayAll', () => {
  it('keeps at most `concurrency` replays in flight and runs every one', async () => {
    let inFlight = 0;
    let most = 0;
    const replays = Array.from({ length: 7 }, () => async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
    });
    expect(await replayAll(replays, 2)).toBe(7);
    expect(most).toBe(2);
  });

  it('goes on past a replay that fails or throws, counting only those that succeeded', async () => {
    const done: number[] = [];
    const replays = [
      () => done.push(1),
      () => Promise.reject(new Error('the cluster said no')),
      () => {
        throw new Error('synchronously');
      },
      async () => done.push(4),
    ];
    expect(await replayAll(replays, 1)).toBe(2);
    expect(done).toEqual([1, 4]);
  });
});
