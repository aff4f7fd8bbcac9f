/**
 * Ways a client might put text on the wire, from careful to careless. All produce
 * strings node:http will send as-is (it refuses only characters outside U+0021–U+00FF).
 */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const INVALID_ESCAPES = [
  '%',
  '%F',
  '%FF',
  '%zz',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AF',
  '%00',
  '%%',
  '%2',
];

function utf8Bytes(codePoint: number): number[] {
  // WTF-8: encodes lone surrogates too, as a sloppy client would (encodeURIComponent throws).
  if (codePoint < 0x80) return [codePoint];
  if (codePoint < 0x800) return [0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f)];
  if (codePoint < 0x10000) {
    return [0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)];
  }
  return [
    0xf0 | (codePoint >> 18),
    0x80 | ((codePoint >> 12) & 0x3f),
    0x80 | ((codePoint >> 6) & 0x3f),
    0x80 | (codePoint & 0x3f),
  ];
}

function percentEncode(char: string): string {
  return utf8Bytes(char.codePointAt(0) ?? 0)
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}

/** Like encodeURIComponent, but total (lone surrogates included). */
export function encodeStrict(text: string): string {
  return Array.from(text, (char) => (UNRESERVED.test(char) ? char : percentEncode(char))).join('');
}

/**
 * Printable ASCII and Latin-1 go raw (so a literal `%`, `+`, `&`, `=` or `é` reaches the
 * server unescaped); only what node:http cannot send is percent-encoded.
 */
export function encodeCareless(text: string): string {
  return Array.from(text, (char) => {
    const code = char.codePointAt(0) ?? 0;
    return code >= 0x21 && code <= 0xff && char !== '#' ? char : percentEncode(char);
  }).join('');
}

/** Strictly encoded text with invalid percent-escapes spliced in at the given positions. */
export function encodeMangled(text: string, positions: readonly number[]): string {
  let encoded = encodeStrict(text);
  positions.forEach((position, i) => {
    const at = encoded.length === 0 ? 0 : position % (encoded.length + 1);
    encoded =
      encoded.slice(0, at) + INVALID_ESCAPES[i % INVALID_ESCAPES.length] + encoded.slice(at);
  });
  return encoded;
}
