import { beforeEach, describe, expect, it } from 'vitest';
import type { Pin } from '@/contract/api';
import { hidePin, logDwell, logOpen, MIN_DWELL_MS, setSaved } from './engagement-actions';
import { useEngagementStore } from './engagement-store';

/** A full pin, as GET /pins answers it (a closeup loaded by URL: no embedding). */
const pin: Pin = {
  id: 'om-1f431',
  title: 'Cat face',
  description: 'Animal mammal emoji from OpenMoji',
  tags: ['cat', 'face', 'pet'],
  category: 'Animals & nature',
  imageUrl: '/thumbs/a-236.webp',
  imageUrl2x: '/thumbs/a-472.webp',
  width: 236,
  height: 236,
  dominantColor: '#fcea2b',
  palette: ['#fcea2b'],
  source: { name: 'openmoji', attribution: 'OpenMoji', url: null },
  license: { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  popularity: 0.5,
};
const events = () => useEngagementStore.getState().events;

describe('the pin’s tags in what the UI logs', () => {
  beforeEach(() => useEngagementStore.getState().clear());

  it('copies them into opens, saves, hides and dwell', () => {
    logOpen(pin, 'cat');
    setSaved(pin, true, 'cat');
    hidePin(pin, 'cat');
    logDwell(pin, MIN_DWELL_MS);
    expect(events().map((e) => [e.type, e.tags])).toEqual([
      ['click', ['cat', 'face', 'pet']],
      ['save', ['cat', 'face', 'pet']],
      ['hide', ['cat', 'face', 'pet']],
      ['dwell', ['cat', 'face', 'pet']],
    ]);
  });

  it('keeps the first 16 of a pin with more', () => {
    const tags = Array.from({ length: 25 }, (_, i) => `tag${i}`);
    logOpen({ ...pin, tags }, 'cat');
    expect(events()[0]!.tags).toEqual(tags.slice(0, 16));
  });

  it('borrows an earlier event’s for a card that came without them', () => {
    // A card of an answer saved offline before the pool carried tags.
    const { tags: _tags, ...untagged } = pin;
    logOpen(pin, 'cat');
    setSaved(untagged as Pin, true, 'cat');
    expect(events()[1]!.tags).toEqual(['cat', 'face', 'pet']);
    // With no earlier event about it, the event has none.
    logOpen({ ...(untagged as Pin), id: 'om-1f408' }, 'cat');
    expect(events()[2]).not.toHaveProperty('tags');
  });

  it('logs no tags for a pin without any', () => {
    logOpen({ ...pin, tags: [] }, 'cat');
    expect(events()[0]).not.toHaveProperty('tags');
  });
});
