/**
 * The query as the server corrected it, spelled the way the person typed the rest of it:
 * "Red Buterfly" with buterfly → butterfly reads "Red butterfly" (the server's normalized
 * text would be lower-cased and folded).
 */
export interface Correction {
  from: string;
  to: string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function correctedQuery({
  raw,
  normalized,
  corrections,
}: {
  raw: string;
  normalized: string;
  corrections: readonly Correction[];
}): string {
  let text = raw;
  let replaced = 0;
  for (const { from, to } of corrections) {
    if (!from) continue;
    // Whole words only, in any letter case.
    const word = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(from)}(?![\\p{L}\\p{N}])`, 'giu');
    text = text.replace(word, () => {
      replaced += 1;
      return to;
    });
  }
  // A correction of a form the person did not type (e.g. after accent folding): trust the server.
  return replaced > 0 ? text : normalized;
}

/** A word the server read (folded: "hund") as the person typed it ("Hund"), where it is in `raw`. */
export function asTyped(raw: string, word: string): string {
  const found = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'iu').exec(raw);
  return found ? found[0] : word;
}

/** A language's name in the interface's language ("de" → "German"), or the code where unknown. */
export function languageName(code: string, locale = 'en'): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
