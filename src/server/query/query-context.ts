/**
 * Everything query understanding needs, built once when the engine opens: the vocabulary,
 * the spelling index over it, and the WordNet expander limited to it.
 */
import type { Lexicon } from './lexicon';
import { matchKey } from './normalize';
import { createSpeller } from './spelling';
import { createSynonymExpander } from './synonyms';
import type { ForeignWord, QueryContext } from './understand';
import { frequencyByMatchKey, type Vocabulary } from './vocabulary';
import { openWordNet, type WordNet } from './wordnet';

export interface QueryServices extends QueryContext {
  vocabulary: Vocabulary;
  /** Pins using a folded word as FTS5 matches it ("cats" counts "cat" pins too). */
  corpusFrequency: (term: string) => number;
}

let shared: WordNet | null = null;

interface Detector {
  detect(text: string): { getScores(): Record<string, number> };
}
let detector: Detector | null = null;
let detectorLoading = false;

/**
 * An n-gram language detector (npm `eld`, its small static database) for ties between
 * languages only. Loading it takes ~0.3 s, so it loads on the first tie, in the background;
 * until it is there a tie is broken by lexicon strength (cross-lingual.ts).
 */
export function detectLanguage(text: string): Record<string, number> | null {
  if (detector) return detector.detect(text).getScores();
  if (!detectorLoading) {
    detectorLoading = true;
    void import('eld/small').then(
      (m: { eld: Detector }) => {
        detector = m.eld;
      },
      () => undefined,
    );
  }
  return null;
}

/** Loads the detector now (benchmarks and tests that need deterministic ties). */
export async function loadLanguageDetector(): Promise<void> {
  if (detector) return;
  detector = ((await import('eld/small')) as { eld: Detector }).eld;
}

/** One WordNet per process: its ~30 MB of files are read-only, so every engine can share them. */
export function sharedWordNet(): WordNet {
  shared ??= openWordNet();
  return shared;
}

/** `wordnet: null` turns synonym expansion off (spelling still works). */
export function createQueryServices({
  vocabulary,
  wordnet = sharedWordNet(),
  lexicon = null,
  foreignWords = null,
}: {
  vocabulary: Vocabulary;
  wordnet?: WordNet | null;
  /** The index's cross-lingual lexicon (engine/stored-lexicon.ts); null: English only. */
  lexicon?: Lexicon | null;
  /** Words the index's pins use in other languages (engine/foreign-words.ts). */
  foreignWords?: ReadonlyMap<string, ForeignWord> | null;
}): QueryServices {
  const byKey = frequencyByMatchKey(vocabulary);
  const corpusFrequency = (term: string): number => byKey.get(matchKey(term)) ?? 0;
  return {
    vocabulary,
    corpusFrequency,
    speller: createSpeller(vocabulary),
    synonyms: wordnet ? createSynonymExpander({ wordnet, corpusFrequency }) : null,
    lexicon,
    detect: detectLanguage,
    foreignWords,
  };
}
