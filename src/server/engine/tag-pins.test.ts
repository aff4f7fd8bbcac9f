import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIndex, type MemoryPin } from './memory-index';
import { loadTagPins, readTagPins, tagPinsOf } from './tag-pins';

/** An index of these pins with pin_tags written as the indexer writes it (ingest/index-writer.ts). */
function indexOf(pins: readonly MemoryPin[]) {
  const db = memoryIndex(pins);
  const insert = db.prepare('INSERT OR IGNORE INTO pin_tags (tag, pin) VALUES (?, ?)');
  pins.forEach((p, i) => {
    for (const tag of (p.tags as string[] | undefined) ?? []) insert.run(tag, i + 1);
  });
  return db;
}

/** The training simulator's count (src/ml/simulate/corpus.ts tagFrequency), from the pins' own tags. */
function simulatorCounts(pins: readonly MemoryPin[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of pins)
    for (const t of new Set(((p.tags as string[] | undefined) ?? []).map((x) => x.toLowerCase())))
      counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

describe('tag pin counts', () => {
  it('counts the pins carrying each tag, as the training simulator does', () => {
    const pins: MemoryPin[] = [
      { tags: ['food', 'alcohol', 'wine'] },
      { tags: ['food', 'bread'] },
      { tags: ['food'] },
      { tags: ['drink', 'alcohol'] },
      { tags: [] },
    ];
    const counts = readTagPins(indexOf(pins));
    expect(counts).toEqual(simulatorCounts(pins));
    expect(counts.get('food')).toBe(3);
    expect(counts.get('alcohol')).toBe(2);
    expect(counts.get('bread')).toBe(1);
    expect(tagPinsOf(['food', 'wine', 'Alcohol', 'unknown'], counts)).toEqual([3, 1, 2, 0]);
  });

  it('compares tags in lower case, each pin counted once', () => {
    // The indexer stores tags lower-cased; an index that did not is still counted without case.
    const pins: MemoryPin[] = [
      { tags: ['Food', 'food', 'Wine'] },
      { tags: ['food'] },
      { tags: ['FOOD', 'bread'] },
      { tags: ['Wine'] },
    ];
    const counts = readTagPins(indexOf(pins));
    expect(counts).toEqual(simulatorCounts(pins));
    expect(counts.get('food')).toBe(3);
    expect(counts.get('wine')).toBe(2);
    expect(counts.has('Food')).toBe(false);
  });

  it('has nothing to count without an index', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-tag-pins-'));
    try {
      expect(loadTagPins(dir)).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
