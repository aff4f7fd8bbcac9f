/**
 * What the HTTP layer needs from a candidate backend. Two implementations: the embedded SQLite
 * FTS5 engine (open-engine.ts), which answers synchronously (`SearchEngine`), and the SolrCloud
 * engine (src/server/cluster), which answers over the network (`AsyncSearchEngine`). The HTTP
 * routes take either (`SearchBackend`: every answer may be a promise); offline callers (the
 * benchmarks, trainer and simulator) use the embedded one directly.
 */
import type { Candidate, Pin, PinType, Refinement, UnderstoodQuery } from '@/contract/api';

export interface SearchParams {
  q: string;
  /** Each value narrows the query (extra required words for now). */
  refine: string[];
  offset: number;
  limit: number;
  /** Search the words as typed: no spelling correction (the UI's "search instead for …"). */
  exact?: boolean;
  /** The reader's language (BCP 47): breaks ties when a query word is in several languages. */
  hl?: string | undefined;
  /** Only pins of this type (engine/pin-media.ts); undefined: every pin. */
  type?: PinType | undefined;
}

export interface SearchResult {
  items: Candidate[];
  /** Number of pins matching the query, all pages. */
  total: number;
  query: UnderstoodQuery;
  refinements: Refinement[];
  /** "People also search for" (src/server/query/related-searches.ts); first page only, else []. */
  relatedSearches: string[];
  /**
   * A first page's top candidates (refine/with-refinements.ts's wide search, best first), which
   * the page was cut from: what modules are generated from (src/server/modules). Never sent.
   */
  top?: Candidate[];
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

/** The engine's state for a readiness probe (GET /api/ready). */
export interface EngineReadiness {
  /** Which engine serves: 'sqlite' (embedded) or 'solr' (cluster). */
  engine: string;
  /** True when searches can be answered now. */
  ready: boolean;
  /** What is being served, or why not ready ("2 of 3 nodes live", "no collection behind alias inspo"). */
  detail: string;
}

export type Awaitable<T> = T | Promise<T>;

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

/**
 * A search engine whose answers may come later (a cluster over the network) or at once (the
 * embedded engine is one too). What the HTTP server is given.
 */
export interface SearchBackend {
  search(p: SearchParams): Awaitable<SearchResult>;
  getPin(id: string): Awaitable<Pin | null>;
  related(p: RelatedParams): Awaitable<RelatedResult | null>;
  /** What is being served; for a cluster, the build its alias points at now. */
  info(): EngineInfo;
  /** Readiness for a load balancer; an engine without it is ready once open. */
  readiness?(): EngineReadiness;
  /**
   * Changes whenever the data behind the engine does (a cluster's alias moved to a new build),
   * so caches over the engine key on it. An engine without it serves one immutable index.
   */
  generation?(): string;
  close(): Awaitable<void>;
}

/** A network engine (src/server/cluster): every answer is a promise. */
export interface AsyncSearchEngine extends SearchBackend {
  search(p: SearchParams): Promise<SearchResult>;
  getPin(id: string): Promise<Pin | null>;
  related(p: RelatedParams): Promise<RelatedResult | null>;
  readiness(): EngineReadiness;
  generation(): string;
  close(): Promise<void>;
}
