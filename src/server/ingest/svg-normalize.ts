/**
 * Makes an SVG's root size DPI-independent before rendering (pure text rewrite).
 *
 * libvips renders an SVG at `density` by scaling it by density/72 *and* asking librsvg to
 * convert physical units (pt, mm, in…) at that density, so a root sized in physical units
 * grows with density², while its content, drawn in user units, grows with density. For the
 * 2,100 openclipart files sized in pt/mm without a viewBox, that crops or shrinks the drawing
 * at any density but one. Rewriting the root's physical width/height as plain user units
 * makes canvas and content scale together.
 *
 * Files without a viewBox draw in user units that the authoring tool tied to its own DPI:
 * Sodipodi / Inkscape before 0.92 used 90 dpi (where most of openclipart comes from),
 * Illustrator 72 dpi. Converting at that DPI keeps the canvas around the drawing as its
 * author saw it.
 */

const PHYSICAL_UNITS_PER_INCH: Record<string, number> = {
  pt: 72,
  pc: 6,
  in: 1,
  cm: 2.54,
  mm: 25.4,
};
export const INKSCAPE_LEGACY_DPI = 90;
export const ILLUSTRATOR_DPI = 72;

const ROOT = /<svg\b[^>]*>/iu;
const LENGTH_ATTR =
  /(\s(width|height)\s*=\s*)(["'])\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(pt|pc|in|cm|mm)\s*\3/giu;

/** The authoring tool's DPI, guessed from its generator comment. */
export function authoringDpi(text: string): number {
  return /Adobe Illustrator/u.test(text.slice(0, 4096)) ? ILLUSTRATOR_DPI : INKSCAPE_LEGACY_DPI;
}

/** The SVG with its root width/height in physical units rewritten as user units (px). */
export function normalizeSvgRootSize(text: string): string {
  const root = ROOT.exec(text);
  if (!root) return text;
  const dpi = authoringDpi(text);
  const rewritten = root[0].replace(
    LENGTH_ATTR,
    (_m, prefix: string, _name: string, quote: string, value: string, unit: string) => {
      const px = (Number(value) * dpi) / PHYSICAL_UNITS_PER_INCH[unit.toLowerCase()]!;
      return `${prefix}${quote}${Number(px.toFixed(3))}${quote}`;
    },
  );
  return rewritten === root[0]
    ? text
    : text.slice(0, root.index) + rewritten + text.slice(root.index + root[0].length);
}
