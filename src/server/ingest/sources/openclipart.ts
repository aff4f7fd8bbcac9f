/**
 * Debian's openclipart-svg: /usr/share/openclipart/svg/<category>/<subfolders…>/<name>.svg,
 * public-domain clip art whose titles and keywords live in Dublin Core metadata inside each file.
 *
 * The metadata is read with regular expressions over the <metadata> block (no XML parser, no
 * entity expansion, nothing executed). Many files carry a collection name as their title
 * ("Lemon SVG theme" on 431 icons, "gramastar" on 1,375 stars); for those the file name is the
 * better title and the collection goes into the description.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openclipartPopularity } from '../popularity';
import { MAX_FILE_BYTES } from '../thumbnails';
import type { PinDraft, SourceItem, SourceScan } from '../types';
import {
  capitalize,
  decodeXmlText,
  humanizeSlug,
  normalizeTags,
  titleFromFileName,
  truncateText,
} from '../text';
import { cleanOpenclipartTitle } from './openclipart-title';

export const DEFAULT_OPENCLIPART_DIR = '/usr/share/openclipart/svg';

export const OPENCLIPART_LICENSE = {
  name: 'Public domain (Open Clip Art Library)',
  url: 'https://creativecommons.org/licenses/publicdomain/',
};

/** A title shared by at least this many files is a collection name, not a picture's name. */
export const COLLECTION_TITLE_MIN = 8;
const MAX_TITLE_LENGTH = 120;
const MAX_DESCRIPTION_LENGTH = 500;
/** Longer "keywords" are sentences pasted into the wrong field. */
const MAX_TAG_LENGTH = 40;
/** Keywords that say nothing about the picture (tool names, housekeeping). */
const STOP_TAGS = new Set([
  'hash',
  'magick',
  'unsorted',
  'clip art',
  'clipart',
  'svg',
  'image',
  'media',
  'lemon theme icon',
  'public domain',
]);

export interface SvgMetadata {
  title: string;
  description: string;
  subjects: string[];
  creator: string;
}

const firstMatch = (text: string, re: RegExp): string | null => re.exec(text)?.[1] ?? null;

/**
 * Dublin Core fields of an SVG. Agent blocks (creator, publisher, rights, contributor) hold their
 * own <dc:title>s, so they are cut out before looking for the work's title.
 */
export function parseSvgMetadata(text: string): SvgMetadata {
  const block = firstMatch(text, /<metadata\b[^>]*>([\s\S]*?)<\/metadata>/u) ?? '';
  const creatorBlock = firstMatch(block, /<dc:creator\b[^>]*>([\s\S]*?)<\/dc:creator>/u) ?? '';
  const creator = decodeXmlText(
    firstMatch(creatorBlock, /<dc:title\b[^>]*>([\s\S]*?)<\/dc:title>/u) ?? creatorBlock,
  );
  const work = block.replace(
    /<dc:(creator|publisher|rights|contributor)\b[^>]*>[\s\S]*?<\/dc:\1>/gu,
    '',
  );
  const title = decodeXmlText(firstMatch(work, /<dc:title\b[^>]*>([\s\S]*?)<\/dc:title>/u) ?? '');
  const description = decodeXmlText(
    firstMatch(work, /<dc:description\b[^>]*>([\s\S]*?)<\/dc:description>/u) ?? '',
  );
  const subjectBlock = firstMatch(work, /<dc:subject\b[^>]*>([\s\S]*?)<\/dc:subject>/u) ?? '';
  const items = [...subjectBlock.matchAll(/<rdf:li\b[^>]*>([\s\S]*?)<\/rdf:li>/gu)].map((m) =>
    decodeXmlText(m[1]!),
  );
  const subjects = items.length > 0 ? items : decodeXmlText(subjectBlock).split(',');
  return { title, description, subjects: subjects.map((s) => s.trim()).filter(Boolean), creator };
}

/** Text of an SVG file in its declared encoding (UTF-8 unless the XML declaration says Latin-1). */
export function decodeSvgText(bytes: Buffer): string {
  const head = bytes.subarray(0, 200).toString('latin1');
  const encoding = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w-]+)["']/iu
    .exec(head)?.[1]
    ?.toLowerCase();
  return encoding === 'iso-8859-1' || encoding === 'latin1' || encoding === 'windows-1252'
    ? new TextDecoder('windows-1252').decode(bytes)
    : bytes.toString('utf8');
}

/** "signs_and_symbols" → "Signs & symbols". */
export const openclipartCategory = (topFolder: string): string => humanizeSlug(topFolder);

/** Short stable id from the path relative to the corpus root (posix separators). */
export const openclipartId = (relPath: string): string =>
  `oc-${createHash('sha256').update(relPath).digest('hex').slice(0, 12)}`;

const AUTHOR_PREFIXED_TITLE = /^clip\s*art by .+? - (.+)$/iu;

export function openclipartDraft({
  relPath,
  meta,
  titleCount,
}: {
  /** Path under the corpus root with "/" separators, e.g. "animals/birds/duck.svg". */
  relPath: string;
  meta: SvgMetadata;
  /** How many scanned files carry this exact title. */
  titleCount: number;
}): PinDraft | null {
  if (!meta.title) return null;
  const parts = relPath.split('/');
  const fileName = parts.at(-1)!;
  const folders = parts.slice(0, -1);
  const isCollection = titleCount >= COLLECTION_TITLE_MIN;
  const authorPrefixed = AUTHOR_PREFIXED_TITLE.exec(meta.title);
  const title = isCollection
    ? titleFromFileName(fileName)
    : authorPrefixed
      ? titleFromFileName(authorPrefixed[1]!)
      : meta.title;
  const creator = meta.creator;
  const keywords = normalizeTags(meta.subjects.map((s) => s.replaceAll('_', ' '))).filter(
    (t) => t.length <= MAX_TAG_LENGTH && !STOP_TAGS.has(t) && t !== creator.toLowerCase(),
  );
  const folderTags = normalizeTags(folders.slice(1).map((f) => humanizeSlug(f)));
  const tags = normalizeTags([...keywords, ...folderTags]);
  const descriptionParts = [
    meta.description,
    isCollection ? `Part of “${meta.title}”.` : '',
    !meta.description && creator ? `Clip art by ${creator}.` : '',
  ].filter(Boolean);
  return {
    id: openclipartId(relPath),
    title: truncateText(
      capitalize(cleanOpenclipartTitle(title || meta.title, creator, fileName)),
      MAX_TITLE_LENGTH,
    ),
    description: truncateText(descriptionParts.join(' '), MAX_DESCRIPTION_LENGTH),
    tags,
    category: openclipartCategory(folders[0] ?? 'unsorted'),
    source: {
      name: 'openclipart',
      attribution: creator ? `Open Clip Art Library – ${creator}` : 'Open Clip Art Library',
      url: null,
    },
    license: OPENCLIPART_LICENSE,
    popularity: openclipartPopularity({
      tagCount: keywords.length,
      hasDescription: meta.description.length > 0,
      hasOwnTitle: !isCollection,
    }),
  };
}

/** All .svg files under `root`, as sorted posix paths relative to it. */
export function listSvgFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.svg')) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/**
 * Reads the metadata of every file (the first `limit` in path order). Files over the size cap are
 * not read here; they are skipped with their reason when the image stage stats them.
 */
export function scanOpenclipart({
  root = DEFAULT_OPENCLIPART_DIR,
  limit,
}: {
  root?: string;
  limit?: number;
}): SourceScan {
  const files = listSvgFiles(root).slice(0, limit);
  const metas = files.map((rel) => {
    const file = path.join(root, rel);
    if (fs.statSync(file).size > MAX_FILE_BYTES) return null;
    return parseSvgMetadata(decodeSvgText(fs.readFileSync(file)));
  });
  const titleCounts = new Map<string, number>();
  for (const meta of metas)
    if (meta?.title) titleCounts.set(meta.title, (titleCounts.get(meta.title) ?? 0) + 1);

  const items: SourceItem[] = files.map((rel, i) => {
    const meta = metas[i];
    const draft = meta
      ? openclipartDraft({ relPath: rel, meta, titleCount: titleCounts.get(meta.title) ?? 0 })
      : undefined;
    return {
      source: 'openclipart',
      ref: rel,
      imagePath: path.join(root, rel),
      draft:
        draft ??
        (meta === null
          ? { skip: 'file too large', detail: 'over the size cap' }
          : { skip: 'no title', detail: 'empty <dc:title>' }),
    };
  });
  return { items, rejected: [] };
}
