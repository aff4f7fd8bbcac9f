/**
 * What the HTTP layer needs from a candidate backend. The embedded implementation is
 * SQLite FTS5 (open-engine.ts); an OpenSearch one can implement the same interface later.
 */
import type { Candidate, Pin, Refinement, UnderstoodQuery } from '@/contract/api';

export interface SearchParams {
  q: string;
  /** Each value narrows the query (extra required words for now). */
  refine: string[];
  offset: number;
  limit: number;
  /** Search the words as typed: no spelling correction (the UI's "search instead for …"). */
  exact?: boolean;
}

export interface SearchResult {
  items: Candidate[];
  /** Number of pins matching the query, all pages. */
  total: number;
  query: UnderstoodQuery;
  refinements: Refinement[];
  /** "People also search for" (src/server/query/related-searches.ts); first page only, else []. */
  relatedSearches: string[];
}

/** A lexical match before its pin is read: what fusion (with-semantic.ts) ranks by. */
export interface LexicalMatch {
  rowid: number;
  serverScore: number;
  lexicalScore: number;
}

/** A search's matches without their pins; the pins are read for the page alone. */
export interface LexicalRanking extends Omit<SearchResult, 'items' | 'refinements'> {
  matches: LexicalMatch[];
}

export interface RelatedParams {
  id: string;
  offset: number;
  limit: number;
}

export interface RelatedResult {
  items: Candidate[];
  total: number;
}

export interface EngineInfo {
  pins: number;
  /** Pins per corpus, e.g. { openmoji: 2465, openclipart: 7900 }. */
  sources: Record<string, number>;
  /** Index format version (INDEX_VERSION when it was built). */
  version: number;
  builtAt: string;
  buildMs: number;
}

export interface SearchEngine {
  /** Never throws on any user string; offset/limit are validated by the caller (and clamped here). */
  search(p: SearchParams): SearchResult;
  getPin(id: string): Pin | null;
  /** Null when the pin is unknown. */
  related(p: RelatedParams): RelatedResult | null;
  info(): EngineInfo;
  close(): void;
}

/** The embedded lexical engine: it can also rank without reading pins (with-semantic.ts fuses that). */
export interface LexicalEngine extends SearchEngine {
  rankLexical(p: SearchParams): LexicalRanking;
}
