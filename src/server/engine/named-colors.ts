/**
 * A small set of colour names people search by, and the mapping from a pin's palette to it.
 *
 * Each name has a few prototype colours (a light, a mid and a dark one where the name covers
 * a wide range, e.g. pale sky blue and navy are both "blue"); a palette colour takes the name
 * of its nearest prototype in OKLab, where Euclidean distance follows perceived difference far
 * better than in RGB. Several prototypes per name keep pale and dark shades from drifting
 * into gray or black.
 *
 * Pure: used by refinement mining and by the engine's `color:<name>` filter, so a colour chip
 * and the filter it applies can never disagree. The names themselves belong to the `refine`
 * grammar (src/contract/refine-value.ts); the swatches and the palette math stay on the server.
 */

import { COLOR_NAMES, type ColorName } from '@/contract/refine-value';
import { parseHexColor } from '@/ranking/color';

/** Swatch shown on a colour chip: one representative sRGB hex per name. */
export const COLOR_SWATCHES: Readonly<Record<ColorName, string>> = {
  red: '#e02020',
  orange: '#f08020',
  yellow: '#f5d020',
  green: '#30a040',
  blue: '#2060d0',
  purple: '#8040c0',
  pink: '#f080b0',
  brown: '#8b5a2b',
  black: '#000000',
  white: '#ffffff',
  gray: '#808080',
};

const PROTOTYPES: Readonly<Record<ColorName, readonly string[]>> = {
  red: ['#e02020', '#a01010', '#7a1f2b'],
  orange: ['#f08020', '#f4aa41', '#ffa500'],
  yellow: ['#f5d020', '#fff176'],
  green: ['#30a040', '#b1cc33', '#1b5e20', '#7cb342'],
  blue: ['#2060d0', '#61b2e4', '#92d3f5', '#1a237e', '#0097a7'],
  purple: ['#8040c0', '#b399c8', '#4a148c'],
  pink: ['#f080b0', '#ffc0d0', '#e040a0'],
  brown: ['#8b5a2b', '#a57939', '#5d4037', '#d2b48c'],
  black: ['#000000', '#1a1a1a'],
  white: ['#ffffff', '#f5f5f0'],
  // Evenly spaced in lightness so no gray is left nearer to a pale tint than to a gray.
  gray: ['#404040', '#606060', '#808080', '#a0a0a0', '#c8c8c8'],
};

export type Oklab = readonly [l: number, a: number, b: number];

const srgbToLinear = (channel: number): number => {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** sRGB `#rrggbb` to OKLab (Björn Ottosson, 2020), or null for anything that is not a hex colour. */
export function hexToOklab(hex: string): Oklab | null {
  const rgb = parseHexColor(hex);
  if (!rgb) return null;
  const [r, g, b] = rgb.map(srgbToLinear) as [number, number, number];
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

const PROTOTYPE_LAB: readonly { name: ColorName; lab: Oklab }[] = COLOR_NAMES.flatMap((name) =>
  PROTOTYPES[name].map((hex) => ({ name, lab: hexToOklab(hex)! })),
);

/** Palettes reuse a few hundred colours across a whole corpus: remember each answer (bounded). */
const NAME_CACHE_MAX = 65_536;
const nameCache = new Map<string, ColorName | null>();

/** The name of the nearest prototype, or null when `hex` is not a `#rrggbb` colour. */
export function nearestColorName(hex: string): ColorName | null {
  let name = nameCache.get(hex);
  if (name === undefined) {
    name = computeNearestColorName(hex);
    if (nameCache.size >= NAME_CACHE_MAX) nameCache.clear();
    nameCache.set(hex, name);
  }
  return name;
}

function computeNearestColorName(hex: string): ColorName | null {
  const lab = hexToOklab(hex);
  if (lab === null) return null;
  let best: ColorName | null = null;
  let bestDistance = Infinity;
  for (const prototype of PROTOTYPE_LAB) {
    const d =
      (lab[0] - prototype.lab[0]) ** 2 +
      (lab[1] - prototype.lab[1]) ** 2 +
      (lab[2] - prototype.lab[2]) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = prototype.name;
    }
  }
  return best;
}

/** Distinct colour names of a palette, in palette order (most prominent colour first). */
export function paletteColorNames(palette: readonly string[]): ColorName[] {
  const names = new Set<ColorName>();
  for (const hex of palette) {
    const name = nearestColorName(hex);
    if (name !== null) names.add(name);
  }
  return [...names];
}

/** Does a pin with this palette count as having the named colour? (the `color:<name>` filter) */
export const pinMatchesColor = (palette: readonly string[], name: ColorName): boolean =>
  palette.some((hex) => nearestColorName(hex) === name);

/** The colour names of a palette as a bit set (bit i = COLOR_NAMES[i]), for fast filtering. */
export function paletteColorMask(palette: readonly string[]): number {
  let mask = 0;
  for (const name of paletteColorNames(palette)) mask |= 1 << COLOR_NAMES.indexOf(name);
  return mask;
}

export const colorBit = (name: ColorName): number => 1 << COLOR_NAMES.indexOf(name);
