/**
 * OpenClipart titles as people should read them. Many files carry their author's name in the
 * title ("Chalet di montagna Architetto Francesco Rollandin", "Dino architetto francesc 01", a
 * title that is only the name) or file-name underscores ("Sleeping_cat"). Left as is, author
 * names became refinement chips ("francesco" for `cat`) and search matches for a person's name.
 */
import { titleFromFileName } from '../text';

/** A title word this long or longer also matches a creator word it is a prefix of ("francesc"). */
const MIN_PREFIX_MATCH = 5;
/** A lone name word can be an ordinary word (an author called "Rose"): only runs this long go. */
const MIN_NAME_RUN = 2;
/** What is left must have a letter; "01" or "C" alone means the title was all name. */
const MIN_TITLE_LETTERS = 2;

const words = (text: string): string[] =>
  text
    .replaceAll('_', ' ')
    .split(/\s+/u)
    .filter(Boolean);

const nameWords = (creator: string): string[] =>
  words(creator.toLowerCase())
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter((w) => w.length >= 3);

function isNameWord(word: string, name: readonly string[]): boolean {
  const w = word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  if (w.length < 3) return false;
  return name.some((n) => n === w || (w.length >= MIN_PREFIX_MATCH && n.startsWith(w)));
}

/** The title's words without any run of ≥ MIN_NAME_RUN consecutive words of the creator's name. */
function withoutCreatorName(title: string, creator: string): string {
  const name = nameWords(creator);
  const all = words(title);
  if (name.length < MIN_NAME_RUN) return all.join(' ');
  const keep: string[] = [];
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && isNameWord(all[j]!, name)) j++;
    if (j - i >= MIN_NAME_RUN) {
      i = j;
      continue;
    }
    keep.push(...all.slice(i, Math.max(j, i + 1)));
    i = Math.max(j, i + 1);
  }
  return keep.join(' ');
}

const hasEnoughLetters = (text: string): boolean =>
  (text.match(/\p{L}/gu)?.length ?? 0) >= MIN_TITLE_LETTERS;

/**
 * `title` without underscores and without the creator's name; when nothing readable is left,
 * the file name treated the same way; when that is empty too, the title with underscores as spaces.
 */
export function cleanOpenclipartTitle(title: string, creator: string, fileName: string): string {
  const cleaned = withoutCreatorName(title, creator);
  if (hasEnoughLetters(cleaned)) return cleaned;
  const fromFile = withoutCreatorName(titleFromFileName(fileName), creator);
  if (hasEnoughLetters(fromFile)) return fromFile;
  return words(title).join(' ');
}
