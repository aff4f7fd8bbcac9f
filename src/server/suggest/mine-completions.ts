/**
 * Completions mined from the corpus: what people might want to search for, each with the
 * number of pins it would find. Sources, per pin:
 *   - its category (kind `category`);
 *   - each tag of at most MAX_TAG_WORDS words (kind `tag`);
 *   (multi-word titles, tags and phrases with a number in them are left out: see hasNumber)
 *   - its title when at most MAX_TITLE_WORDS words, every title or tag word, and every
 *     title phrase of 2..MAX_PHRASE_WORDS words that starts and ends with a real word (not a
 *     stopword, number or single letter) (kind `query`); a phrase must occur in at least MIN_PHRASE_PINS pins ("smiling face"
 *     yes, an accidental pair from one title no).
 * `pins` counts the pins whose category, tags or title contain the completion (each pin once),
 * a close lower bound of what a search for it finds (search also matches descriptions and stems).
 *
 * Not the query stage's vocabulary (query/vocabulary.ts: every folded word → pins, over all text,
 * possessives dropped, for spelling): completions keep phrases, hyphens and apostrophes as written.
 */
import { displayText } from '@/server/query/normalize';
import { isMiningStopword } from '@/server/query/stopwords';
import { completionWords, foldForMatch } from './suggest-text';
import { KIND_PRIORITY, type CorpusKind } from './suggestion-kind';

export const MAX_TAG_WORDS = 4;
export const MAX_TITLE_WORDS = 6;
export const MAX_PHRASE_WORDS = 3;
export const MIN_PHRASE_PINS = 2;
/** Longer completions are sentences, not queries. */
export const MAX_COMPLETION_LENGTH = 60;
const MIN_WORD_LENGTH = 2;
const DIGITS_ONLY = /^\p{N}+$/u;

export interface CompletionPin {
  title: string;
  tags: readonly string[];
  category: string;
}

export interface Completion {
  text: string;
  kind: CorpusKind;
  /** Pins the completion would find. */
  pins: number;
}

/** A word worth completing to, or starting/ending a phrase: not a stopword, not "x", not "2". */
const isCompletionWord = (word: string): boolean =>
  word.length >= MIN_WORD_LENGTH && !DIGITS_ONLY.test(word) && !isMiningStopword(word);

/**
 * Phrases with numbers are file names and series ("flower 01", "house 0 symbol 1m"), not
 * searches; a single word with a digit ("3d", "mp3") is fine.
 */
const hasNumber = (words: readonly string[]): boolean => words.some((w) => /\p{N}/u.test(w));

interface Occurrence {
  text: string;
  kind: CorpusKind;
  /** True when the only source is a title phrase, which needs MIN_PHRASE_PINS. */
  phraseOnly: boolean;
}

interface Entry extends Occurrence {
  pins: number;
}

function betterOccurrence(a: Occurrence, b: Occurrence): Occurrence {
  const byKind = KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind];
  const text = byKind < 0 ? a.text : byKind > 0 ? b.text : a.text;
  return {
    text,
    kind: byKind <= 0 ? a.kind : b.kind,
    phraseOnly: a.phraseOnly && b.phraseOnly,
  };
}

/** Everything one pin contributes, keyed by match key so "face-smiling" and "face smiling" are one. */
function pinOccurrences(pin: CompletionPin): Map<string, Occurrence> {
  const found = new Map<string, Occurrence>();
  const add = (text: string, kind: CorpusKind, phraseOnly: boolean) => {
    if (text.length === 0 || text.length > MAX_COMPLETION_LENGTH) return;
    const key = foldForMatch(text);
    const occurrence = { text, kind, phraseOnly };
    const previous = found.get(key);
    found.set(key, previous ? betterOccurrence(previous, occurrence) : occurrence);
  };

  const category = displayText(pin.category);
  if (category) add(category, 'category', false);

  for (const tag of pin.tags) {
    const words = completionWords(tag);
    if (words.length === 0 || words.length > MAX_TAG_WORDS) continue;
    if (words.length === 1 ? isCompletionWord(words[0]!) : !hasNumber(words))
      add(words.join(' '), 'tag', false);
    if (words.length > 1)
      for (const word of words) if (isCompletionWord(word)) add(word, 'query', false);
  }

  const title = completionWords(pin.title);
  if (title.length > 1 && title.length <= MAX_TITLE_WORDS && !hasNumber(title))
    add(title.join(' '), 'query', false);
  for (let start = 0; start < title.length; start++) {
    const first = title[start]!;
    if (!isCompletionWord(first)) continue;
    add(first, 'query', false);
    for (let n = 2; n <= MAX_PHRASE_WORDS && start + n <= title.length; n++) {
      const phrase = title.slice(start, start + n);
      if (!isCompletionWord(phrase[n - 1]!) || hasNumber(phrase)) continue;
      add(phrase.join(' '), 'query', true);
    }
  }
  return found;
}

/** Completions in no particular order (the prefix index sorts them). */
export function mineCompletions(pins: Iterable<CompletionPin>): Completion[] {
  const entries = new Map<string, Entry>();
  for (const pin of pins) {
    for (const [key, occurrence] of pinOccurrences(pin)) {
      const entry = entries.get(key);
      if (entry) {
        Object.assign(entry, betterOccurrence(entry, occurrence));
        entry.pins += 1;
      } else {
        entries.set(key, { ...occurrence, pins: 1 });
      }
    }
  }
  const out: Completion[] = [];
  for (const entry of entries.values()) {
    if (entry.phraseOnly && entry.pins < MIN_PHRASE_PINS) continue;
    out.push({ text: entry.text, kind: entry.kind, pins: entry.pins });
  }
  return out;
}
