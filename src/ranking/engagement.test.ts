import { describe, expect, it } from 'vitest';
import {
  MAX_EVENT_TAGS,
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
    expect(parseEngagementJsonl(text)).toEqual({
      events: [click, dwell],
      moduleEvents: [],
      errors: [],
    });
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

describe('the pin’s tags in an event', () => {
  const tagged: EngagementEvent = { ...click, tags: ['grin', 'face', 'smile'] };

  it('writes them after the embedding and reads them back', () => {
    const text = serializeEngagementJsonl([tagged]);
    expect(text).toBe(
      '{"v":1,"type":"click","pinId":"om-1f600","at":1700000000000,"query":"happy","category":"Smileys & emotion","dominantColor":"#fcea2b","embedding":null,"tags":["grin","face","smile"]}\n',
    );
    expect(parseEngagementJsonl(text)).toEqual({ events: [tagged], moduleEvents: [], errors: [] });
  });

  it('still reads a line written before events had tags, as an event without them', () => {
    // A line exported by an older build, as it was written (no `tags` key).
    const old =
      '{"v":1,"type":"save","pinId":"om-1f600","at":1700000000000,"query":"happy","category":"Smileys & emotion","dominantColor":"#fcea2b","embedding":"AQL/"}';
    const { events, errors } = parseEngagementJsonl(`${old}\n${JSON.stringify(tagged)}\n`);
    expect(errors).toEqual([]);
    expect(events).toEqual([{ ...click, type: 'save', embedding: 'AQL/' }, tagged]);
    expect(events[0]).not.toHaveProperty('tags');
  });

  it(`refuses more than MAX_EVENT_TAGS (${MAX_EVENT_TAGS}) tags, and empty ones`, () => {
    const tags = Array.from({ length: MAX_EVENT_TAGS + 1 }, (_, i) => `t${i}`);
    const { events, errors } = parseEngagementJsonl(
      [
        JSON.stringify({ ...click, tags: tags.slice(0, MAX_EVENT_TAGS) }),
        JSON.stringify({ ...click, tags }),
        JSON.stringify({ ...click, tags: ['face', ''] }),
      ].join('\n'),
    );
    expect(events.map((e) => e.tags)).toEqual([tags.slice(0, MAX_EVENT_TAGS)]);
    expect(errors.map((e) => e.line)).toEqual([2, 3]);
    expect(errors[0]!.message).toMatch(/^tags: /);
    expect(errors[1]!.message).toMatch(/^tags\.1: /);
  });
});

describe('module events in the JSONL file', () => {
  const view = {
    v: 1,
    type: 'module-view',
    kind: 'shop',
    query: 'chair',
    at: click.at + 10,
    slot: 1,
  } as const;
  const scroll = { ...view, type: 'module-click', at: view.at + 5, action: 'scroll' } as const;

  it('writes them after the pin events and reads them back apart from them', () => {
    const text = serializeEngagementJsonl([click], [view, scroll]);
    expect(text.split('\n')[1]).toBe(
      '{"v":1,"type":"module-view","kind":"shop","query":"chair","at":1700000000010,"slot":1}',
    );
    expect(parseEngagementJsonl(text)).toEqual({
      events: [click],
      moduleEvents: [view, scroll],
      errors: [],
    });
    // The trainer's strict reader takes the file and sees only the pin events.
    expect(parseEngagementJsonlStrict(text)).toEqual([click]);
  });

  it('reports a bad module line by its number, as a module event', () => {
    const { moduleEvents, errors } = parseEngagementJsonl(
      [JSON.stringify(view), JSON.stringify({ ...view, slot: -1 })].join('\n'),
    );
    expect(moduleEvents).toEqual([view]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(2);
    expect(errors[0]!.message).toMatch(/^slot: /);
  });

  it('keeps a saved pin’s display fields, and older saves without them', () => {
    const save: EngagementEvent = {
      ...click,
      type: 'save',
      display: {
        title: 'Cat',
        imageUrl: '/t/a.webp',
        imageUrl2x: '/t/a@2x.webp',
        width: 236,
        height: 200,
      },
    };
    const text = serializeEngagementJsonl([save, { ...click, type: 'save' }]);
    expect(parseEngagementJsonl(text).events).toEqual([save, { ...click, type: 'save' }]);
  });
});
