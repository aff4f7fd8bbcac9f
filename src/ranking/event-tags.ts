/**
 * How many of a pin's tags travel with it: in an engagement event (engagement.ts `tags`) and in a
 * candidate pool (contract `PoolCandidate.tags`, cut by the server), so a tag the sequence model
 * sees on a candidate can be matched against the same pin's tags in a history.
 *
 * The first ones, in the order the index keeps them: the source's own order, deduplicated
 * (ingest/text.ts normalizeTags), which puts a source's keywords before the broad tags it adds
 * (an OpenMoji subgroup, an Openclipart folder, a Sweet Home 3D category). Not ranked by how
 * telling a tag is. 16 keeps every tag of 99.4 % of the corpus's pins (median 4 tags, at most 31)
 * and of 98 % of the OpenMoji test index's (median 5, at most 25).
 *
 * Zod-free on purpose (no imports): the browser's engagement log cuts with it without loading
 * the schemas (features/personalization/store/engagement-log.ts).
 */
export const MAX_EVENT_TAGS = 16;

/** A pin's first MAX_EVENT_TAGS non-empty tags. */
export const firstTags = (tags: readonly string[]): string[] =>
  tags.filter(Boolean).slice(0, MAX_EVENT_TAGS);
