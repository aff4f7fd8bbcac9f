/**
 * The held-out tag split: a fixed quarter of the corpus's tags (by a hash of the tag, so the split
 * does not depend on the corpus or on any draw) never defines a training user's interests. The
 * second behaviour generator (personas.ts) builds its held-out users from exactly those tags, so
 * what the reranker learns about "pins like the ones you engaged with" is tested on tastes it
 * never saw defined.
 */

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export const HELD_OUT_TAG_MODULUS = 4;

export function isHeldOutTag(tag: string): boolean {
  return hash(tag.toLowerCase()) % HELD_OUT_TAG_MODULUS === 0;
}

/** FNV-1a with another offset basis: a split independent of the held-out one. */
function saltedHash(text: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export const VALIDATION_TAG_MODULUS = 6;

/**
 * The validation tag split (`npm run train -- --validation-tags`): a sixth of the training-side
 * tags (about an eighth of all tags, as many as can define a persona on the held-out side). With
 * it, no training user's taste is defined by them and the validation personas like only them, so
 * the choices made on validation (the epoch kept, which run) measure what the held-out personas
 * measure, unseen tastes, without ever looking at a held-out tag.
 */
export function isValidationTag(tag: string): boolean {
  const t = tag.toLowerCase();
  return !isHeldOutTag(t) && saltedHash(t) % VALIDATION_TAG_MODULUS === 0;
}
