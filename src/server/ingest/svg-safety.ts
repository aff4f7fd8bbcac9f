/**
 * Static checks on untrusted SVG text before it reaches librsvg (pure, nothing executed).
 *
 * librsvg resolves references itself: <image href>, <use href> to other files, CSS url() and
 * @import, xml-stylesheet, XInclude. Rendering from a buffer gives it no base URL, which already
 * blocks most of that, but we do not rely on it: anything that points outside the document is
 * rejected. Entity declarations (billion laughs, external entities) are rejected too. Any other
 * DOCTYPE — the public SVG DTD line of old Inkscape/Illustrator exports (half of openclipart),
 * or an internal subset of ATTLISTs — is removed before rendering: once it is gone nothing
 * from a DTD can reach the parser, and rejecting it would gut the corpus.
 */
import type { Skip } from './types';

/**
 * Largest declared width or height (in CSS px) we accept; sizes beyond are hostile or broken.
 * Rendering is scaled down to thumbnail size anyway, so this only needs to stop absurd values
 * (openclipart's largest real artboards are 16,000 px).
 */
export const MAX_DECLARED_SIDE_PX = 50_000;
/** Largest declared area (CSS px²). */
export const MAX_DECLARED_AREA_PX = 1_000_000_000;

/** `<!DOCTYPE svg PUBLIC "…" "…">`, optionally with an internal subset `[ … ]`. */
const DOCTYPE_DECL = /<!DOCTYPE\s[^[>]*(?:\[[\s\S]*?\]\s*)?>/iu;
const ANY_DOCTYPE = /<!DOCTYPE/iu;
const ENTITY_DECL = /<!ENTITY/iu;

/** href / xlink:href / any-prefix:href and src attributes. */
const REFERENCE_ATTR =
  /(?:^|[\s"'])(?:[A-Za-z_][\w.-]*:)?(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gu;
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\s*\)/giu;
const CSS_IMPORT = /@import/iu;
/** Raster images embedded as data: URLs are fine; embedded SVG documents would need these checks again. */
const SAFE_DATA_URL = /^data:image\/(?:png|jpeg|jpg|gif|webp);/iu;

function isInternalReference(value: string): boolean {
  const v = value.trim();
  return v.startsWith('#') || SAFE_DATA_URL.test(v);
}

function firstExternal(text: string, pattern: RegExp): string | null {
  for (const m of text.matchAll(pattern)) {
    const value = m[1] ?? m[2] ?? m[3] ?? '';
    if (!isInternalReference(value)) return value;
  }
  return null;
}

const shorten = (s: string): string => (s.length > 80 ? `${s.slice(0, 77)}…` : s);

/**
 * Returns the SVG text to render (with a plain DOCTYPE removed), or why it must be skipped.
 */
export function checkSvgSafety(text: string): { svg: string } | Skip {
  if (ENTITY_DECL.test(text)) return { skip: 'doctype/entity', detail: 'declares XML entities' };
  let svg = text;
  if (ANY_DOCTYPE.test(svg)) {
    const stripped = svg.replace(DOCTYPE_DECL, '');
    if (ANY_DOCTYPE.test(stripped))
      return { skip: 'doctype/entity', detail: 'malformed or repeated DOCTYPE' };
    svg = stripped;
  }
  const ref = firstExternal(svg, REFERENCE_ATTR) ?? firstExternal(svg, CSS_URL);
  if (ref !== null)
    return { skip: 'external reference', detail: `references ${JSON.stringify(shorten(ref))}` };
  if (CSS_IMPORT.test(svg)) return { skip: 'external reference', detail: 'CSS @import' };
  const size = declaredSvgSize(svg);
  if (
    size &&
    (size.width > MAX_DECLARED_SIDE_PX ||
      size.height > MAX_DECLARED_SIDE_PX ||
      size.width * size.height > MAX_DECLARED_AREA_PX)
  ) {
    return {
      skip: 'huge dimensions',
      detail: `declares ${Math.round(size.width)}×${Math.round(size.height)} px`,
    };
  }
  return { svg };
}

/** CSS px per unit (SVG / CSS absolute lengths at 96 dpi). */
const UNIT_PX: Record<string, number> = {
  '': 1,
  px: 1,
  pt: 96 / 72,
  pc: 16,
  in: 96,
  cm: 96 / 2.54,
  mm: 96 / 25.4,
};

/** A length attribute in CSS px, or null when absent, relative (%, em) or unparsable. */
export function parseSvgLength(value: string | undefined): number | null {
  if (value === undefined) return null;
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(px|pt|pc|in|cm|mm)?\s*$/iu.exec(value);
  if (!m) return null;
  const px = Number(m[1]) * UNIT_PX[(m[2] ?? '').toLowerCase()]!;
  return Number.isFinite(px) ? px : null;
}

/**
 * Width and height the root <svg> element declares (attributes first, else the viewBox), in CSS
 * px; null when it declares neither. Used to refuse absurd sizes before librsvg sees the file.
 */
export function declaredSvgSize(text: string): { width: number; height: number } | null {
  const root = /<svg\b([^>]*)>/iu.exec(text);
  if (!root) return null;
  const attrs = new Map<string, string>();
  for (const m of root[1]!.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gu)) {
    attrs.set(m[1]!, m[2] ?? m[3] ?? '');
  }
  const viewBox = (attrs.get('viewBox') ?? '')
    .trim()
    .split(/[\s,]+/u)
    .map(Number);
  const vbWidth = viewBox.length === 4 && Number.isFinite(viewBox[2]) ? viewBox[2]! : null;
  const vbHeight = viewBox.length === 4 && Number.isFinite(viewBox[3]) ? viewBox[3]! : null;
  const width = parseSvgLength(attrs.get('width')) ?? vbWidth;
  const height = parseSvgLength(attrs.get('height')) ?? vbHeight;
  if (width === null && height === null) return null;
  return { width: Math.abs(width ?? 0), height: Math.abs(height ?? 0) };
}
