/**
 * Decides how an input file is treated from its bytes, never from its name: libvips would
 * happily load an SVG named `photo.png` (skipping our SVG checks), or a PDF, TIFF or gzip'd
 * SVG. Only the formats below reach sharp.
 */

export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'svg';

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0): boolean =>
  bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF = [0x47, 0x49, 0x46, 0x38]; // "GIF8"
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** How far into a text file we look for the <svg> root (after XML declaration, comments, DOCTYPE). */
const SVG_ROOT_WINDOW = 64 * 1024;

export function sniffImageKind(bytes: Uint8Array): ImageKind | null {
  if (startsWith(bytes, PNG)) return 'png';
  if (startsWith(bytes, JPEG)) return 'jpeg';
  if (startsWith(bytes, GIF)) return 'gif';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'webp';
  // SVG must be ASCII-compatible text (UTF-8, Latin-1): with UTF-16/32 our text checks would
  // read garbage while librsvg reads the real document, so NUL bytes rule a file out.
  if (bytes.includes(0)) return null;
  const start = startsWith(bytes, UTF8_BOM) ? 3 : 0;
  const head = Buffer.from(
    bytes.buffer,
    bytes.byteOffset + start,
    Math.min(bytes.length - start, SVG_ROOT_WINDOW),
  ).toString('latin1');
  if (/^\s*</u.test(head) && /<svg[\s>]/u.test(head)) return 'svg';
  return null;
}
