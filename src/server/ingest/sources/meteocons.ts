/**
 * Meteocons (npm `@iconify-json/meteocons`, MIT, by Bas Milius): animated SVG weather icons,
 * the demo video pins. Each animated icon is recorded to a short WebM clip at ingest
 * (../animation-recorder.ts: stepped frame by frame in headless Chromium, cached by content), and
 * the clip becomes the pin's video; its poster frame is the card's image.
 *
 * The set draws every motif twice, as a line and a filled icon: the filled one is taken (colour
 * reads better on a card). Icons without animation (moon phases, thermometers, code colours)
 * are left out: a video pin of a still picture says nothing a picture does not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  CLIP_FPS,
  CLIP_SIZE,
  clipCacheDir,
  clipKey,
  loopSeconds,
  type AnimationRecorder,
  type ClipSettings,
} from '../animation-recorder';
import { meteoconsPopularity } from '../popularity';
import { capitalize, normalizeTags } from '../text';
import type { PinDraft, SourceItem, SourceScan } from '../types';

export const METEOCONS_PACKAGE = '@iconify-json/meteocons';
const FILL_SUFFIX = '-fill';

/** The fields of an Iconify JSON icon set we read (icons.json). */
export interface IconifyIconSet {
  prefix: string;
  icons: Record<string, { body: string; width?: number; height?: number }>;
  width?: number;
  height?: number;
}

/** The set's info.json: name, version, author and licence, shown on every pin. */
export interface IconifyInfo {
  name: string;
  version?: string;
  author: { name: string; url?: string };
  license: { title: string; spdx?: string; url?: string };
}

/**
 * Words people search weather by that the icon names do not use ("sun" for clear-day, "storm"
 * for thunderstorms), added as tags.
 */
const EXTRA_TAGS: Record<string, readonly string[]> = {
  clear: ['sun', 'sunny'],
  day: ['daytime'],
  night: ['moon'],
  cloudy: ['clouds', 'overcast'],
  overcast: ['clouds'],
  drizzle: ['rain'],
  sleet: ['snow', 'rain', 'ice'],
  hail: ['ice', 'storm'],
  thunderstorms: ['thunder', 'lightning', 'storm'],
  extreme: ['storm', 'severe'],
  fog: ['mist'],
  haze: ['mist'],
  snow: ['winter'],
  snowflake: ['snow', 'winter'],
  raindrop: ['rain', 'water'],
  raindrops: ['rain', 'water'],
  umbrella: ['rain'],
  wind: ['windy'],
  windsock: ['wind'],
  tornado: ['storm'],
  hurricane: ['storm'],
  sunrise: ['sun', 'morning'],
  sunset: ['sun', 'evening'],
  moonrise: ['moon'],
  moonset: ['moon'],
  thermometer: ['temperature'],
  barometer: ['pressure'],
  uv: ['sun'],
};

export function defaultMeteoconsDir(): string | null {
  try {
    return path.dirname(
      createRequire(import.meta.url).resolve(`${METEOCONS_PACKAGE}/package.json`),
    );
  } catch {
    return null;
  }
}

/** Whether an icon moves: SMIL elements or CSS keyframes in its body. */
export const isAnimated = (body: string): boolean =>
  /<animate(?:Transform|Motion)?\b|<set\b|@keyframes\b/u.test(body);

/** The icon as a standalone SVG document (Iconify stores only the body and the view box size). */
export function iconSvg(set: IconifyIconSet, name: string): string {
  const icon = set.icons[name]!;
  const width = icon.width ?? set.width ?? 16;
  const height = icon.height ?? set.height ?? 16;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}">${icon.body}</svg>`;
}

/** "partly-cloudy-day-rain-fill" → the motif's words, ["partly", "cloudy", "day", "rain"]. */
const motifWords = (name: string): string[] =>
  name
    .replace(/-fill$/u, '')
    .split('-')
    .filter(Boolean);

export function meteoconsDraft(name: string, info: IconifyInfo): PinDraft {
  const words = motifWords(name);
  const motif = words.join(' ');
  const tags = normalizeTags([
    ...words.filter((w) => !/^\d+$/u.test(w)),
    ...words.flatMap((w) => EXTRA_TAGS[w] ?? []),
    'weather',
    'animated',
    'weather icon',
  ]);
  const author = info.author.name;
  return {
    id: `mc-${words.join('-')}`,
    title: capitalize(motif),
    description: `Animated weather icon "${motif}" from ${info.name}${info.version ? ` ${info.version}` : ''} by ${author}, recorded to a short clip`,
    tags,
    category: 'Weather',
    source: {
      name: 'meteocons',
      attribution: `${info.name} – ${author}`,
      url: info.author.url ?? null,
    },
    license: {
      name: info.license.title,
      url:
        info.license.url ??
        `https://spdx.org/licenses/${info.license.spdx ?? info.license.title}.html`,
    },
    popularity: meteoconsPopularity(),
  };
}

export function readMeteocons(packageDir: string): {
  set: IconifyIconSet;
  info: IconifyInfo;
  version: string;
} {
  const read = <T>(file: string): T =>
    JSON.parse(fs.readFileSync(path.join(packageDir, file), 'utf8')) as T;
  const pkg = read<{ version: string }>('package.json');
  return {
    set: read<IconifyIconSet>('icons.json'),
    info: read<IconifyInfo>('info.json'),
    version: pkg.version,
  };
}

/** The animated filled icons' names, in the set's (alphabetical) order. */
export function animatedIconNames(set: IconifyIconSet): string[] {
  return Object.keys(set.icons).filter(
    (name) => name.endsWith(FILL_SUFFIX) && isAnimated(set.icons[name]!.body),
  );
}

/** The settings of an icon's clip: square, 24 fps, one loop of its animation (2–6 s). */
export const clipSettingsFor = (svg: string): ClipSettings => ({
  size: CLIP_SIZE,
  fps: CLIP_FPS,
  seconds: loopSeconds(svg),
});

/**
 * One item per animated icon. Its clip is made by `prepare` (recorded, or found in the cache)
 * before the image stage reads it; `recorder` is shared by the build and closed by it.
 */
export function scanMeteocons({
  packageDir,
  dataDir,
  recorder,
  limit,
  names,
}: {
  packageDir: string;
  dataDir: string;
  recorder: AnimationRecorder;
  limit?: number;
  /** Only these icons (names as in the set, e.g. "rain-fill"): tests and quick builds. */
  names?: readonly string[];
}): SourceScan {
  const { set, info } = readMeteocons(packageDir);
  let picked = animatedIconNames(set);
  if (names) picked = picked.filter((n) => names.includes(n));
  if (limit !== undefined) picked = picked.slice(0, limit);
  const items: SourceItem[] = picked.map((name) => {
    const svg = iconSvg(set, name);
    const settings = clipSettingsFor(svg);
    const file = path.join(clipCacheDir(dataDir), `${clipKey(svg, settings)}.webm`);
    return {
      source: 'meteocons',
      ref: `meteocons ${name}`,
      // The card shows the clip's poster frame.
      imagePath: null,
      video: {
        file,
        expect: { duration: settings.seconds, width: settings.size, height: settings.size },
      },
      prepare: () => recorder.ensure(svg, settings, file),
      draft: meteoconsDraft(name, info),
    };
  });
  return { items, rejected: [] };
}
