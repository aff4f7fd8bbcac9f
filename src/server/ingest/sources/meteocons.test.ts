/** Meteocons (npm @iconify-json/meteocons) → demo video pins: the set, the drafts, the items. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PinParamsSchema } from '@/contract/api';
import type { AnimationRecorder } from '../animation-recorder';
import { clipCacheDir, clipKey } from '../animation-recorder';
import type { PinDraft } from '../types';
import {
  animatedIconNames,
  clipSettingsFor,
  defaultMeteoconsDir,
  iconSvg,
  isAnimated,
  meteoconsDraft,
  readMeteocons,
  scanMeteocons,
} from './meteocons';

const dir = defaultMeteoconsDir()!;
const { set, info } = readMeteocons(dir);

describe('the icon set', () => {
  it('is installed, MIT, by Bas Milius', () => {
    expect(dir).toBeTruthy();
    expect(info.license).toMatchObject({ spdx: 'MIT' });
    expect(info.author.name).toBe('Bas Milius');
  });

  it('takes the filled icons that move: 201 of 450', () => {
    const names = animatedIconNames(set);
    expect(names).toHaveLength(201);
    expect(names.every((n) => n.endsWith('-fill'))).toBe(true);
    expect(names).toContain('rain-fill');
    expect(names).toContain('thunderstorms-day-snow-fill');
    // Moon phases and thermometers do not move: no video of a still picture.
    expect(names).not.toContain('moon-full-fill');
    expect(names).not.toContain('rain');
  });

  it('recognizes SMIL and CSS animation', () => {
    expect(isAnimated('<path><animateTransform attributeName="transform"/></path>')).toBe(true);
    expect(isAnimated('<rect><animate attributeName="x"/></rect>')).toBe(true);
    expect(isAnimated('<style>@keyframes spin{}</style>')).toBe(true);
    expect(isAnimated('<circle r="4"/>')).toBe(false);
  });

  it('makes a standalone SVG with the set’s view box, and a loop-length clip', () => {
    const svg = iconSvg(set, 'clear-day-fill');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 512 512">/u);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(clipSettingsFor(svg)).toEqual({ size: 320, fps: 24, seconds: 6 });
  });
});

describe('meteoconsDraft', () => {
  it('titles, tags (with the words people search weather by), category, source and licence', () => {
    const draft = meteoconsDraft('thunderstorms-day-snow-fill', info);
    expect(draft).toMatchObject({
      id: 'mc-thunderstorms-day-snow',
      title: 'Thunderstorms day snow',
      category: 'Weather',
      source: {
        name: 'meteocons',
        attribution: 'Meteocons – Bas Milius',
        url: 'https://github.com/basmilius/weather-icons',
      },
      license: { name: 'MIT', url: 'https://github.com/basmilius/weather-icons/blob/dev/LICENSE' },
    });
    expect(draft.tags).toEqual(
      expect.arrayContaining([
        'thunderstorms',
        'snow',
        'thunder',
        'lightning',
        'storm',
        'winter',
        'weather',
      ]),
    );
    expect(draft.description).toContain('Meteocons 3.0.0 by Bas Milius');
    expect(draft.product).toBeUndefined();
    expect(meteoconsDraft('clear-day-fill', info).tags).toEqual(
      expect.arrayContaining(['sun', 'sunny']),
    );
    expect(meteoconsDraft('wind-beaufort-3-fill', info).tags).not.toContain('3');
  });

  it('makes ids the API accepts, one per icon', () => {
    const ids = animatedIconNames(set).map((n) => meteoconsDraft(n, info).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => PinParamsSchema.safeParse({ id }).success)).toBe(true);
  });
});

describe('scanMeteocons', () => {
  it('gives each icon a video item whose clip is in the content-addressed cache, made by prepare', async () => {
    const calls: string[] = [];
    const recorder: AnimationRecorder = {
      ensure: (_svg, _settings, target) => {
        calls.push(target);
        return Promise.resolve({ via: 'cache' });
      },
      close: () => Promise.resolve(),
    };
    const scan = scanMeteocons({
      packageDir: dir,
      dataDir: '/data',
      recorder,
      names: ['rain-fill', 'snow-fill', 'moon-full-fill'],
    });
    expect(scan.items.map((i) => (i.draft as PinDraft).id)).toEqual(['mc-rain', 'mc-snow']);
    const rain = scan.items[0]!;
    const svg = iconSvg(set, 'rain-fill');
    const settings = clipSettingsFor(svg);
    const file = path.join(clipCacheDir('/data'), `${clipKey(svg, settings)}.webm`);
    expect(rain).toMatchObject({
      source: 'meteocons',
      ref: 'meteocons rain-fill',
      // The card's image is the clip's poster frame.
      imagePath: null,
      video: { file, expect: { duration: settings.seconds, width: 320, height: 320 } },
    });
    expect(calls).toEqual([]);
    expect(await rain.prepare!()).toEqual({ via: 'cache' });
    expect(calls).toEqual([file]);
    expect(
      scanMeteocons({ packageDir: dir, dataDir: '/data', recorder, limit: 3 }).items,
    ).toHaveLength(3);
  });
});
