/**
 * Everything query understanding needs, built once when the engine opens: the vocabulary,
 * the spelling index over it, and the WordNet expander limited to it.
 */
import { matchKey } from './normalize';
import { createSpeller } from './spelling';
import { createSynonymExpander } from './synonyms';
import type { QueryContext } from './understand';
import { frequencyByMatchKey, type Vocabulary } from './vocabulary';
import { openWordNet, type WordNet } from './wordnet';

export interface QueryServices extends QueryContext {
  vocabulary: Vocabulary;
  /** Pins using a folded word as FTS5 matches it ("cats" counts "cat" pins too). */
  corpusFrequency: (term: string) => number;
}

let shared: WordNet | null = null;

/** One WordNet per process: its ~30 MB of files are read-only, so every engine can share them. */
export function sharedWordNet(): WordNet {
  shared ??= openWordNet();
  return shared;
}

/** `wordnet: null` turns synonym expansion off (spelling still works). */
export function createQueryServices({
  vocabulary,
  wordnet = sharedWordNet(),
}: {
  vocabulary: Vocabulary;
  wordnet?: WordNet | null;
}): QueryServices {
  const byKey = frequencyByMatchKey(vocabulary);
  const corpusFrequency = (term: string): number => byKey.get(matchKey(term)) ?? 0;
  return {
    vocabulary,
    corpusFrequency,
    speller: createSpeller(vocabulary),
    synonyms: wordnet ? createSynonymExpander({ wordnet, corpusFrequency }) : null,
  };
}
