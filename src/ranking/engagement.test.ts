import { describe, expect, it } from 'vitest';
import {
  parseEngagementJsonl,
  parseEngagementJsonlStrict,
  serializeEngagementJsonl,
  type EngagementEvent,
} from './engagement';

const click: EngagementEvent = {
  v: 1,
  type: 'click',
  pinId: 'om-1f600',
  at: 1_700_000_000_000,
  query: 'happy',
  category: 'Smileys & emotion',
  dominantColor: '#fcea2b',
  embedding: null,
};
const dwell: EngagementEvent = {
  ...click,
  type: 'dwell',
  at: click.at + 5000,
  dwellMs: 5000,
  embedding: 'AQL/',
};

describe('engagement JSONL', () => {
  it('serializes one event per line with a trailing newline and parses it back', () => {
    const text = serializeEngagementJsonl([click, dwell]);
    expect(text.split('\n')).toHaveLength(3);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')[0]).toBe(
      '{"v":1,"type":"click","pinId":"om-1f600","at":1700000000000,"query":"happy","category":"Smileys & emotion","dominantColor":"#fcea2b","embedding":null}',
    );
    expect(parseEngagementJsonl(text)).toEqual({ events: [click, dwell], errors: [] });
  });

  it('skips blank lines and reports each bad line with its number and reason', () => {
    const lines = [
      JSON.stringify(click),
      '',
      '{not json',
      JSON.stringify({ ...click, category: undefined }),
      JSON.stringify({ ...click, type: 'like', dominantColor: 'red' }),
      JSON.stringify({ ...click, v: 2 }),
      JSON.stringify(dwell),
    ].join('\r\n');
    const { events, errors } = parseEngagementJsonl(lines);
    expect(events).toEqual([click, dwell]);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(errors[0]?.message).toMatch(/^not JSON/);
    expect(errors[1]?.message).toMatch(/^category: /);
    expect(errors[2]?.message).toMatch(/type: .*; dominantColor: a lowercase #rrggbb colour/);
    expect(errors[3]?.message).toMatch(/^v: /);
  });

  it('strict parsing throws listing every bad line', () => {
    expect(() => parseEngagementJsonlStrict(`${JSON.stringify(click)}\n{}\n[]\n`)).toThrow(
      /line 2: .*\n {2}line 3: /,
    );
    expect(parseEngagementJsonlStrict('')).toEqual([]);
  });

  it('rejects negative times and dwell', () => {
    const { errors } = parseEngagementJsonl(JSON.stringify({ ...dwell, at: -1, dwellMs: -5 }));
    expect(errors[0]?.message).toMatch(/at: .*; dwellMs: /);
  });
});
