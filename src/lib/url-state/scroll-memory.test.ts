import { describe, expect, it } from 'vitest';
import { createScrollMemory, RESTORE_WINDOW_MS } from './scroll-memory';

function memoryWithClock() {
  const map = new Map<string, string>();
  const storage = {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  };
  let t = 1000;
  const memory = createScrollMemory({ storage, now: () => t });
  return { memory, map, advance: (ms: number) => (t += ms) };
}

describe('createScrollMemory', () => {
  it('restores the recorded position once, only for a pending entry', () => {
    const { memory } = memoryWithClock();
    memory.record('a', 1234.4);
    expect(memory.take('a')).toBeNull(); // reached by push: start at the top
    memory.markPending('a');
    expect(memory.take('a')).toEqual({ y: 1234, focusPinId: null });
    expect(memory.take('a')).toBeNull();
  });

  it('ignores scroll events of the pending entry until restored or expired', () => {
    const { memory, advance } = memoryWithClock();
    memory.record('a', 900);
    memory.markPending('a');
    memory.record('a', 0); // clamped while the page re-renders
    advance(RESTORE_WINDOW_MS - 1);
    memory.record('a', 10);
    expect(memory.take('a')).toEqual({ y: 900, focusPinId: null });

    memory.markPending('a');
    advance(RESTORE_WINDOW_MS);
    memory.record('a', 50);
    expect(memory.take('a')).toBeNull();
    memory.markPending('a');
    expect(memory.take('a')).toEqual({ y: 50, focusPinId: null });
  });

  it('remembers the focused pin and defaults to 0 when nothing was saved', () => {
    const { memory } = memoryWithClock();
    memory.rememberFocus('b', 'openmoji-1F431');
    memory.markPending('b');
    expect(memory.take('b')).toEqual({ y: 0, focusPinId: 'openmoji-1F431' });
  });

  it('survives a storage that throws', () => {
    const storage = {
      getItem: (): string | null => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const memory = createScrollMemory({ storage });
    expect(() => memory.record('a', 10)).not.toThrow();
    memory.markPending('a');
    expect(memory.take('a')).toEqual({ y: 0, focusPinId: null });
  });
});
