/**
 * Splits a suggestion into plain and matched runs from the server's `matches` ranges, so the
 * panel can bold what was typed with text nodes and <mark> — never with HTML strings.
 */

/** A `[start, end)` range of UTF-16 code units, as the contract sends it. */
export type MatchRange = readonly [number, number];

export interface TextRun {
  text: string;
  matched: boolean;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Moves a boundary that falls inside a surrogate pair to the pair's start, so no emoji is cut in half. */
function snapBoundary(text: string, index: number): number {
  return index > 0 &&
    index < text.length &&
    isLowSurrogate(text.charCodeAt(index)) &&
    isHighSurrogate(text.charCodeAt(index - 1))
    ? index - 1
    : index;
}

/** Clamped to the text, empty ones dropped, sorted, overlapping and touching ones merged. */
export function normalizeRanges(text: string, ranges: readonly MatchRange[]): [number, number][] {
  const clamped = ranges
    .map(([start, end]): [number, number] => [
      snapBoundary(text, Math.max(0, Math.min(start, text.length))),
      snapBoundary(text, Math.max(0, Math.min(end, text.length))),
    ])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  const merged: [number, number][] = [];
  for (const range of clamped) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

export function splitByRanges(text: string, ranges: readonly MatchRange[]): TextRun[] {
  const runs: TextRun[] = [];
  let cursor = 0;
  for (const [start, end] of normalizeRanges(text, ranges)) {
    if (start > cursor) runs.push({ text: text.slice(cursor, start), matched: false });
    runs.push({ text: text.slice(start, end), matched: true });
    cursor = end;
  }
  if (cursor < text.length || runs.length === 0) {
    runs.push({ text: text.slice(cursor), matched: false });
  }
  return runs;
}
