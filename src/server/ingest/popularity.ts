/**
 * Popularity priors in [0, 1]. openmoji and openclipart come with no engagement data, so the
 * prior is a proxy for "how familiar / how well described is this picture"; a manifest's own
 * saves and clicks are used when it has them. The engine only blends this in lightly
 * (see POPULARITY_BOOST), it breaks near-ties rather than overriding relevance.
 */

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** Emoji versions in the OpenMoji data run from 0.6 (the 2015 core set) to 17. */
export const EMOJI_VERSION_OLDEST = 0.6;
export const EMOJI_VERSION_NEWEST = 17;
/** Tag counts saturate here: a dozen keywords is a well-described emoji. */
const OPENMOJI_TAGS_FULL = 12;

/**
 * Older emoji are on every keyboard and used far more than this year's additions (70 % of the
 * prior); richer keywords mean a better-understood symbol (30 %). OpenMoji's own extras have no
 * Unicode version and get the keyword part only.
 */
export function openmojiPopularity({
  emojiVersion,
  tagCount,
}: {
  emojiVersion: number | null;
  tagCount: number;
}): number {
  const age =
    emojiVersion === null
      ? 0
      : 1 -
        clamp01(
          (emojiVersion - EMOJI_VERSION_OLDEST) / (EMOJI_VERSION_NEWEST - EMOJI_VERSION_OLDEST),
        );
  const tags = Math.min(tagCount, OPENMOJI_TAGS_FULL) / OPENMOJI_TAGS_FULL;
  return round4(0.7 * age + 0.3 * tags);
}

const OPENCLIPART_TAGS_FULL = 8;

/**
 * Clip art that its author described well (keywords, a description, a title of its own rather
 * than a collection name) tends to be the finished, reusable kind.
 */
export function openclipartPopularity({
  tagCount,
  hasDescription,
  hasOwnTitle,
}: {
  tagCount: number;
  hasDescription: boolean;
  hasOwnTitle: boolean;
}): number {
  const tags = Math.min(tagCount, OPENCLIPART_TAGS_FULL) / OPENCLIPART_TAGS_FULL;
  return round4(0.6 * tags + 0.2 * (hasDescription ? 1 : 0) + 0.2 * (hasOwnTitle ? 1 : 0));
}

/** A save is a stronger signal than a click. */
const SAVE_WEIGHT = 2;

export const engagement = ({
  saves = 0,
  clicks = 0,
}: {
  saves?: number;
  clicks?: number;
}): number => Math.log1p(SAVE_WEIGHT * saves + clicks);

/**
 * Log-scaled engagement relative to the manifest's most engaged pin, so one viral pin does not
 * flatten everything else to zero. 0 for pins without counts (and for manifests without any).
 */
export function manifestPopularity(
  counts: { saves?: number; clicks?: number },
  maxEngagement: number,
): number {
  return maxEngagement > 0 ? round4(clamp01(engagement(counts) / maxEngagement)) : 0;
}

const SWEETHOME3D_TAGS_FULL = 6;

/**
 * Demo shop items (Sweet Home 3D furniture): a designed, named, measured catalogue item starts at
 * 0.2, well-tagged ones reach 0.6. Kept below the best-known emoji and clip art, so demo products
 * break ties among their own kind and never crowd a broad query's top by popularity alone.
 */
export function sweethome3dPopularity({ tagCount }: { tagCount: number }): number {
  return round4(0.2 + 0.4 * (Math.min(tagCount, SWEETHOME3D_TAGS_FULL) / SWEETHOME3D_TAGS_FULL));
}

/**
 * Demo video pins (Meteocons weather animations): one hand-made set with uniform metadata, so one
 * middling prior for all of them; relevance decides among them.
 */
export const meteoconsPopularity = (): number => 0.4;
