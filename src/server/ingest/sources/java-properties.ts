/**
 * Java .properties text (Sweet Home 3D's furniture catalogues), as java.util.Properties#load
 * reads it: ISO 8859-1 bytes, `\uXXXX` escapes for everything else, `#`/`!` comments, a
 * trailing backslash continuing a line, and `=`, `:` or white space between key and value.
 */

/** The file's bytes as text: Properties files are ISO 8859-1 (Latin-1) by definition. */
export const decodeProperties = (bytes: Uint8Array): string =>
  Buffer.from(bytes).toString('latin1');

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

/** Undoes `\uXXXX`, `\t`, `\n`, … and `\x` for any other x (the character itself). */
function unescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/gu, (_m, code: string) =>
    code.length === 5
      ? String.fromCharCode(Number.parseInt(code.slice(1), 16))
      : (ESCAPES[code] ?? code),
  );
}

/** Logical lines: comments and blank lines dropped, continuation lines joined. */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  let pending: string | null = null;
  for (const physical of text.split(/\r\n|\r|\n/u)) {
    // Leading white space is dropped, on continuation lines too.
    const line = physical.replace(/^[ \t\f]+/u, '');
    if (pending === null && (line === '' || line.startsWith('#') || line.startsWith('!'))) continue;
    // An odd number of trailing backslashes continues the line (an even number is escaped ones).
    const trailing = /\\*$/u.exec(line)![0].length;
    if (trailing % 2 === 1) {
      pending = (pending ?? '') + line.slice(0, -1);
      continue;
    }
    out.push((pending ?? '') + line);
    pending = null;
  }
  if (pending !== null) out.push(pending);
  return out;
}

/** Key/value pairs in file order (a repeated key keeps its last value, as Java does). */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of logicalLines(text)) {
    // The key ends at the first unescaped '=', ':' or white space.
    const m = /^((?:\\.|[^\\=: \t\f])*)[ \t\f]*[=: \t\f]?[ \t\f]*(.*)$/su.exec(line)!;
    out.set(unescape(m[1]!), unescape(m[2]!));
  }
  return out;
}
