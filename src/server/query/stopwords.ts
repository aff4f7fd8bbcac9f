/**
 * English function words, in two deliberately different sizes.
 *
 * - QUERY_STOPWORDS (`isStopword`): words the query stage treats as optional in the match and
 *   never expands or corrects (see understand.ts): "ideas for a living room" should not require
 *   "for" and "a" to appear in a pin's text. Kept narrow on purpose: a word here stops being
 *   required, so "arrow up", "under the sea" or "thumbs down" must keep "up", "under", "down".
 * - MINING_STOPWORDS (`isMiningStopword`): words that never make a useful refinement chip or
 *   completion on their own ("with", "over", "up") and that a mined phrase should not start or
 *   end with ("face with"). Shared by refine (chip mining) and suggest (vocabulary mining,
 *   later-word entries) so both agree. A superset of the query list, so nothing the query stage
 *   ignores is ever offered as a chip or completion.
 */

// prettier-ignore
export const QUERY_STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'about', 'after', 'all', 'also', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'been', 'but', 'by',
  'can', 'could', 'did', 'do', 'does', 'for', 'from', 'had', 'has', 'have', 'he', 'her', 'his', 'how',
  'i', 'if', 'in', 'into', 'is', 'it', 'its', 'me', 'my', 'no', 'not', 'of', 'on', 'or', 'our', 'she',
  'so', 'some', 'than', 'that', 'the', 'their', 'them', 'then', 'there', 'these', 'they', 'this', 'to',
  'was', 'we', 'were', 'what', 'when', 'where', 'which', 'who', 'why', 'will', 'with', 'would', 'you',
  'your',
]);

/** Function words that are meaningful in a query ("up", "under", "off") but useless as a chip. */
// prettier-ignore
const MINING_ONLY_STOPWORDS = [
  'above', 'again', 'am', 'before', 'being', 'below', 'between', 'both', 'doing', 'down', 'during',
  'each', 'etc', 'further', 'having', 'here', 'hers', 'him', 'just', 'more', 'most', 'nor', 'off',
  'once', 'only', 'other', 'out', 'over', 'own', 's', 'same', 'should', 'such', 't', 'those',
  'through', 'too', 'under', 'until', 'up', 'very', 'while', 'whom',
];

export const MINING_STOPWORDS: ReadonlySet<string> = new Set([
  ...QUERY_STOPWORDS,
  ...MINING_ONLY_STOPWORDS,
]);

/** A function word the query stage makes optional (see QUERY_STOPWORDS). */
export const isStopword = (term: string): boolean => QUERY_STOPWORDS.has(term);

/** A word never mined as a chip or completion, nor at a mined phrase's ends (see MINING_STOPWORDS). */
export const isMiningStopword = (word: string): boolean => MINING_STOPWORDS.has(word);
