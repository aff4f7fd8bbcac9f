/**
 * Which characters of a suggestion matched what was typed, as [start, end) ranges of its
 * text, so the UI can bold them with text nodes (never HTML). Ranges are split at word
 * separators (space, "-", "_", which the match key reads as spaces) and never include them.
 */
export type MatchRange = [start: number, end: number];

export interface MatchSpan {
  /** The completion's match key (same length as its text). */
  key: string;
  /** Where the match starts. */
  offset: number;
  /** How many characters it covers. */
  length: number;
  /**
   * A typo match covers the whole word it ends in: "kitchn" bolds all of "kitchen", since
   * which letters of it were "typed" is not a meaningful question.
   */
  completeLastWord: boolean;
}

export function matchRanges({ key, offset, length, completeLastWord }: MatchSpan): MatchRange[] {
  let end = Math.min(key.length, offset + length);
  if (completeLastWord) while (end < key.length && key[end] !== ' ') end++;
  const ranges: MatchRange[] = [];
  let start = -1;
  for (let i = offset; i <= end; i++) {
    const separator = i === end || key[i] === ' ';
    if (separator && start !== -1) {
      ranges.push([start, i]);
      start = -1;
    } else if (!separator && start === -1) {
      start = i;
    }
  }
  return ranges;
}
