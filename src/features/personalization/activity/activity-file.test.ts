import { describe, expect, it } from 'vitest';
import type { EngagementEvent } from '@/ranking/engagement';
import { exportFileName, MAX_IMPORT_BYTES, parseImport, toJsonl } from './activity-file';

const event: EngagementEvent = {
  v: 1,
  type: 'dwell',
  pinId: 'om-1f34e',
  at: 1_700_000_000_000,
  query: 'apple',
  dwellMs: 4200,
  category: 'Food & drink',
  dominantColor: '#d22f27',
  embedding: null,
};

describe('activity files', () => {
  it('round-trips a log through JSONL', async () => {
    const text = await toJsonl([
      event,
      { ...event, type: 'save', dwellMs: undefined, at: event.at + 1 },
    ]);
    expect(text.split('\n')).toHaveLength(3);
    const parsed = await parseImport(text, text.length);
    expect(parsed).toEqual({
      ok: true,
      events: [event, { ...event, type: 'save', at: event.at + 1, dwellMs: undefined }].map((e) =>
        JSON.parse(JSON.stringify(e)),
      ),
      moduleEvents: [],
    });
  });

  it('round-trips module views and clicks with the pin events, and takes a file of them alone', async () => {
    const view = {
      v: 1,
      type: 'module-view',
      kind: 'watch',
      query: 'rain',
      at: event.at + 2,
      slot: 0,
    } as const;
    const text = await toJsonl([event], [view, { ...view, type: 'module-click', action: 'open' }]);
    const parsed = await parseImport(text, text.length);
    expect(parsed.ok && parsed.moduleEvents.map((e) => e.type)).toEqual([
      'module-view',
      'module-click',
    ]);
    const alone = await toJsonl([], [view]);
    expect(await parseImport(alone, alone.length)).toEqual({
      ok: true,
      events: [],
      moduleEvents: [view],
    });
  });

  it('rejects the whole file and names the bad lines', async () => {
    const good = JSON.stringify(event);
    const text = [good, '{not json', JSON.stringify({ ...event, type: 'like' }), ''].join('\n');
    const parsed = await parseImport(text, text.length);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors).toHaveLength(2);
    expect(!parsed.ok && parsed.errors[0]).toMatch(/^Line 2: not JSON/);
    expect(!parsed.ok && parsed.errors[1]).toMatch(/^Line 3: type: /);
  });

  it('caps the listed errors', async () => {
    const text = Array.from({ length: 8 }, () => 'x').join('\n');
    const parsed = await parseImport(text, text.length);
    expect(!parsed.ok && parsed.errors.length).toBe(6);
    expect(!parsed.ok && parsed.errors[5]).toBe('…and 3 more bad lines.');
  });

  it('rejects an empty file and an oversized one', async () => {
    expect(await parseImport('\n\n', 2)).toEqual({
      ok: false,
      errors: ['The file has no events.'],
    });
    expect(await parseImport('', MAX_IMPORT_BYTES + 1)).toEqual({
      ok: false,
      errors: ['The file is 5120 KB; the limit is 5120 KB.'],
    });
  });

  it('names exports by date', () => {
    expect(exportFileName(new Date('2026-03-04T05:06:07Z'))).toBe(
      'inspo-activity-2026-03-04.jsonl',
    );
  });
});
