/**
 * The one parser of the `#rrggbb` colours that pins carry (`dominantColor`, the contract's
 * HexColorSchema): the ranking features, the user simulator, the index writer, the related-pins
 * query and the colour names read colours as RGB through it.
 */

/** Red, green and blue, each 0–255. */
export type RgbTuple = [r: number, g: number, b: number];

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** `#rrggbb` (either case) → [r, g, b]; null for anything else, never a partial parse. */
export function parseHexColor(hex: string): RgbTuple | null {
  if (!HEX_COLOR.test(hex)) return null;
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/**
 * `#rrggbb` (either case) → [r, g, b]. Anything else — a missing `#`, the short `#rgb` form, an
 * alpha channel, a stray character — is black, [0, 0, 0], never a partial parse: colours come
 * from the index or the validated engagement log, so this only guards the features against NaN.
 */
export function hexToRgb(hex: string): RgbTuple {
  return parseHexColor(hex) ?? [0, 0, 0];
}
