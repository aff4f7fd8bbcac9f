/**
 * Reads the corpus vocabulary from an open index. The FTS table's own vocabulary (fts5vocab)
 * holds porter stems ("butterfli"), which are no use as spelling suggestions, so we
 * re-tokenize the stored text instead.
 */
import type { Database } from 'better-sqlite3';
import { readPinTexts } from './pin-texts';
import { vocabularyFromTexts } from '@/server/query/vocabulary';

/** One text per pin: title, tags, description, category and cross-lingual text. */
function* pinTexts(db: Database): Generator<string> {
  for (const pin of readPinTexts(db)) {
    yield `${pin.title} ${pin.tags.join(' ')} ${pin.description} ${pin.category} ${pin.crosslingual}`;
  }
}

/** The vocabulary of every pin in the index: folded word → number of pins using it. */
export function loadVocabulary(db: Database): Map<string, number> {
  return vocabularyFromTexts(pinTexts(db));
}
