import { describe, expect, it } from 'vitest';
import type { IndexingStatus } from '@/contract/indexing';
import { indexingText, savedText } from './notice-text';

const building: IndexingStatus = {
  state: 'building',
  sources: ['openmoji', 'openclipart'],
  phase: 'images',
  done: 3412,
  total: 9573,
  startedAt: '2026-01-01T10:00:00.000Z',
  finishedAt: null,
  error: null,
};

describe('indexingText', () => {
  it('says how far the background build has come, then that it is done', () => {
    expect(indexingText(building)).toBe(
      'Adding more images in the background: 3,412 of 9,573 (35 %). Searches show them once they are in.',
    );
    expect(indexingText({ ...building, phase: 'write' })).toBe(
      'Adding more images: almost done (writing the index).',
    );
    expect(indexingText({ ...building, state: 'done', phase: null, done: 9573 })).toBe(
      'All 9,573 images are in: new searches include them.',
    );
    expect(indexingText({ ...building, state: 'failed', error: 'exit 1' })).toBe(
      'Adding more images stopped; the images already here keep working.',
    );
    expect(indexingText({ ...building, done: 0, total: 0 })).toContain('0 of 0 (0 %)');
  });
});

describe('savedText', () => {
  const now = new Date(2026, 5, 10, 15, 30);
  it('says when the copy was saved: the time today, the day before that', () => {
    expect(savedText({ url: 'x', savedAt: new Date(2026, 5, 10, 14, 5).toISOString() }, now)).toBe(
      'Saved offline: this page is the copy kept on this device (02:05 PM).',
    );
    expect(savedText({ url: 'x', savedAt: new Date(2026, 5, 3, 9, 0).toISOString() }, now)).toBe(
      'Saved offline: this page is the copy kept on this device (Jun 3).',
    );
    expect(savedText({ url: 'x', savedAt: null }, now)).toBe(
      'Saved offline: this page is the copy kept on this device.',
    );
  });
});
