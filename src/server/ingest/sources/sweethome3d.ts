/**
 * Debian's sweethome3d-furniture: Sweet Home 3D's additional furniture libraries
 * (/usr/share/sweethome3d/furniture/*.sh3f, ZIP archives), the demo shopping pins.
 * Each library holds a catalogue (PluginFurnitureCatalog.properties: names, tags, category,
 * size in cm, creator, icon and model paths; the same in 20 other languages beside it), a
 * 128 px icon per item and its 3D model.
 *
 * Every item becomes a product pin with a **demo price** (demo-price.ts: a fixed rule over its
 * category and size, flagged `demo`, shown as "Demo price"), sold by "Inspo demo shop", whose link
 * is where the item comes from (its Blend Swap page when the model's licence file names one,
 * else the libraries' page on sweethome3d.com), never a shop.
 *
 * The licence of each library is read from Debian's copyright file (`Files: <Library>/*`), the
 * authoritative statement of the package, and shown on each of its pins: CC0 for Blend Swap
 * CC-0, CC BY 3.0 for Blend Swap CC-BY and Scopia, CC BY 3.0 US for Kator Legaz and Reallusion.
 * A library the file does not cover, or covers with a licence not known here, is skipped whole
 * with the reason.
 *
 * Left out: the "Characters" category (people, Reallusion's whole library): a person is not a
 * product. The other languages' names are not indexed: a pin's field holds one language here
 * (manifest `lang`), and the cross-lingual lexicon already maps queries in other languages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sweethome3dPopularity } from '../popularity';
import { normalizeTags, splitCommaList } from '../text';
import { ZipArchive } from '../zip';
import { demoOffer, demoPrice } from './demo-price';
import { decodeProperties, parseProperties } from './java-properties';
import type { PinDraft, Skip, SourceItem, SourceScan } from '../types';

export const DEFAULT_SWEETHOME3D_DIR = '/usr/share/sweethome3d/furniture';
export const DEFAULT_SWEETHOME3D_COPYRIGHT = '/usr/share/doc/sweethome3d-furniture/copyright';
const CATALOGUE_ENTRY = 'PluginFurnitureCatalog.properties';
/** People are not products. */
export const EXCLUDED_CATEGORIES: ReadonlySet<string> = new Set(['Characters']);
/** Tags that name the library, not the item. */
const LIBRARY_TAGS = new Set(['blend swap', 'scopia', 'kator legaz', 'reallusion']);

/** Licences by the short names Debian copyright files use (SPDX-like, DEP-5). */
export const KNOWN_LICENCES: Readonly<Record<string, { name: string; url: string }>> = {
  CC0: {
    name: 'CC0 1.0 (public domain)',
    url: 'https://creativecommons.org/publicdomain/zero/1.0/',
  },
  'CC0-1.0': {
    name: 'CC0 1.0 (public domain)',
    url: 'https://creativecommons.org/publicdomain/zero/1.0/',
  },
  'CC-BY-3.0': { name: 'CC BY 3.0', url: 'https://creativecommons.org/licenses/by/3.0/' },
  'CC-BY-3.0-USA': { name: 'CC BY 3.0 US', url: 'https://creativecommons.org/licenses/by/3.0/us/' },
  'CC-BY-3.0-US': { name: 'CC BY 3.0 US', url: 'https://creativecommons.org/licenses/by/3.0/us/' },
  'CC-BY-4.0': { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
};

export interface DebianCopyright {
  /** The header's `Source:`, where upstream publishes the work. */
  source: string | null;
  /** `Files:` patterns and the short name of their `License:`, in file order. */
  files: { patterns: string[]; license: string }[];
}

/** A machine-readable (DEP-5) debian/copyright: its header's Source and each Files paragraph. */
export function parseDebianCopyright(text: string): DebianCopyright {
  const paragraphs = text.split(/\n[ \t]*\n/u);
  let source: string | null = null;
  const files: DebianCopyright['files'] = [];
  for (const paragraph of paragraphs) {
    const field = (name: string): string | null => {
      const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\n[ \\t]+.*)*)`, 'mu').exec(paragraph);
      return m ? m[1]!.replace(/\s+/gu, ' ').trim() : null;
    };
    source ??= field('Source');
    const patterns = field('Files');
    const license = field('License');
    if (patterns && license) {
      files.push({
        patterns: patterns.split(' ').filter(Boolean),
        license: license.split(' ')[0]!,
      });
    }
  }
  return { source, files };
}

/** The licence short name that covers a path (the last matching Files paragraph wins, as in DEP-5). */
export function licenceFor(copyright: DebianCopyright, file: string): string | null {
  let found: string | null = null;
  for (const { patterns, license } of copyright.files) {
    if (patterns.some((p) => globMatch(p, file))) found = license;
  }
  return found;
}

/** DEP-5 globs: `*` any run of characters (slashes included), `?` one character. */
function globMatch(pattern: string, file: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/gu, '\\$&')
    .replace(/\*/gu, '.*')
    .replace(/\?/gu, '.');
  return new RegExp(`^${re}$`, 'u').test(file);
}

/** One furniture item as the catalogue describes it (English, the default properties file). */
export interface CatalogueItem {
  /** The catalogue's id, e.g. "Blend Swap CC-0#armchair". */
  id: string;
  name: string;
  tags: string[];
  category: string;
  creator: string;
  /** Path of the icon inside the archive (no leading slash). */
  icon: string;
  /** Path of the 3D model inside the archive (no leading slash). */
  model: string;
  /** Centimetres. */
  width: number;
  depth: number;
  height: number;
}

export interface Catalogue {
  /** The library's own name, e.g. "Blend Swap CC-0". */
  name: string;
  version: string;
  items: CatalogueItem[];
}

const stripSlash = (p: string): string => p.replace(/^\/+/u, '');

/** The catalogue's items in their index order (#1, #2, …); items without an id or name are dropped. */
export function readCatalogue(props: ReadonlyMap<string, string>): Catalogue {
  const indexes = new Set<number>();
  for (const key of props.keys()) {
    const m = /^id#(\d+)$/u.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  const items: CatalogueItem[] = [];
  for (const i of [...indexes].sort((a, b) => a - b)) {
    const get = (field: string): string => (props.get(`${field}#${i}`) ?? '').trim();
    const id = get('id');
    const name = get('name');
    if (!id || !name) continue;
    items.push({
      id,
      name,
      tags: splitCommaList(get('tags'))
        .map((t) => t.trim())
        .filter(Boolean),
      category: get('category') || 'Miscellaneous',
      creator: get('creator'),
      icon: stripSlash(get('icon')),
      model: stripSlash(get('model')),
      width: Number(get('width')),
      depth: Number(get('depth')),
      height: Number(get('height')),
    });
  }
  return {
    name: (props.get('name') ?? '').trim(),
    version: (props.get('version') ?? '').trim(),
    items,
  };
}

/** "Blend Swap CC-0#armchair" → "sh3d-blend-swap-cc-0-armchair". */
export const sweethome3dId = (catalogueId: string): string =>
  `sh3d-${catalogueId
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-|-$/gu, '')}`;

/** "59.4" → "59", "0.4" → "0.4": sizes as people read them. */
const cm = (n: number): string =>
  n >= 10 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);

export interface LibraryInfo {
  /** The catalogue's library name. */
  name: string;
  licence: { name: string; url: string };
}

export function sweethome3dDraft(
  item: CatalogueItem,
  library: LibraryInfo,
  link: string,
): PinDraft | Skip {
  const price = demoPrice(item.category, item);
  if (price === null) {
    return {
      skip: 'invalid catalogue entry',
      detail: `${item.id}: no size to price it by (${item.width} × ${item.depth} × ${item.height} cm)`,
    };
  }
  const tags = normalizeTags([
    ...item.tags.filter((t) => !LIBRARY_TAGS.has(t.toLowerCase())),
    item.category,
  ]);
  const by = item.creator ? ` by ${item.creator}` : '';
  return {
    id: sweethome3dId(item.id),
    title: item.name,
    description: `${item.name}${by}, a 3D model from Sweet Home 3D's ${library.name} library: ${cm(item.width)} × ${cm(item.depth)} × ${cm(item.height)} cm (width × depth × height). Demo shop item: the price is made up.`,
    tags,
    category: item.category,
    source: {
      name: 'sweethome3d',
      attribution: item.creator
        ? `${item.creator} – Sweet Home 3D ${library.name}`
        : `Sweet Home 3D ${library.name}`,
      url: link,
    },
    license: library.licence,
    popularity: sweethome3dPopularity({ tagCount: tags.length }),
    product: demoOffer(price, link),
  };
}

const BLENDSWAP_PAGE = /https?:\/\/(?:www\.)?blendswap\.com\/blends\/view\/\d+/u;

/** Both sites serve HTTPS; the package's files predate that. */
const https = (url: string): string => url.replace(/^http:\/\//u, 'https://');

/** The model's Blend Swap page, from the licence file Blend Swap ships in the model's folder. */
function blendSwapPage(archive: ZipArchive, model: string): string | null {
  const folder = `${path.posix.dirname(model)}/`;
  if (folder === './') return null;
  for (const name of archive.entries.keys()) {
    if (!name.startsWith(folder) || !/licen[cs]e/iu.test(name)) continue;
    const text = archive.read(name)?.toString('latin1') ?? '';
    const page = BLENDSWAP_PAGE.exec(text)?.[0];
    if (page) return https(page);
  }
  return null;
}

/** What fingerprints this source's input: the libraries' names, sizes and catalogue versions. */
export function sweethome3dVersion(dir: string = DEFAULT_SWEETHOME3D_DIR): string {
  if (!fs.existsSync(dir)) return 'absent';
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sh3f'))
    .sort()
    .map((f) => `${f}:${fs.statSync(path.join(dir, f)).size}`)
    .join(',');
}

/**
 * Items of every library in file-name order, each library's in its catalogue order. Icons are
 * read here (820 × ~8 KB) and handed to the image stage as bytes; the archives are closed before
 * this returns.
 */
export function scanSweethome3d({
  dir = DEFAULT_SWEETHOME3D_DIR,
  copyrightFile = DEFAULT_SWEETHOME3D_COPYRIGHT,
  limit,
  ids,
}: {
  dir?: string;
  copyrightFile?: string;
  limit?: number;
  /** Only these catalogue ids ("Scopia#chair"): tests and quick builds. */
  ids?: readonly string[];
} = {}): SourceScan {
  const copyright = parseDebianCopyright(
    fs.existsSync(copyrightFile) ? fs.readFileSync(copyrightFile, 'utf8') : '',
  );
  const libraryPage = https(copyright.source ?? 'https://www.sweethome3d.com/importModels.jsp');
  const items: SourceItem[] = [];
  const rejected: SourceScan['rejected'] = [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sh3f'))
    .sort();
  for (const file of files) {
    if (limit !== undefined && items.length >= limit) break;
    const libraryKey = file.replace(/\.sh3f$/u, '');
    const archivePath = path.join(dir, file);
    const shortName = licenceFor(copyright, `${libraryKey}/${CATALOGUE_ENTRY}`);
    const licence = shortName ? KNOWN_LICENCES[shortName] : undefined;
    if (!licence) {
      rejected.push({
        ref: archivePath,
        skip: {
          skip: 'unknown licence',
          detail: shortName
            ? `${copyrightFile} gives ${libraryKey}/* the licence "${shortName}", which is not known here`
            : `${copyrightFile} has no Files paragraph for ${libraryKey}/*`,
        },
      });
      continue;
    }
    let archive: ZipArchive;
    try {
      archive = ZipArchive.open(archivePath);
    } catch (error) {
      rejected.push({
        ref: archivePath,
        skip: { skip: 'invalid catalogue entry', detail: (error as Error).message },
      });
      continue;
    }
    try {
      const catalogueBytes = archive.read(CATALOGUE_ENTRY);
      if (!catalogueBytes) {
        rejected.push({
          ref: archivePath,
          skip: { skip: 'missing file', detail: `${archivePath} has no ${CATALOGUE_ENTRY}` },
        });
        continue;
      }
      const catalogue = readCatalogue(parseProperties(decodeProperties(catalogueBytes)));
      const library: LibraryInfo = { name: catalogue.name || libraryKey, licence };
      for (const item of catalogue.items) {
        if (limit !== undefined && items.length >= limit) break;
        if (EXCLUDED_CATEGORIES.has(item.category)) continue;
        if (ids && !ids.includes(item.id)) continue;
        const ref = `${file} ${item.id}`;
        const link = blendSwapPage(archive, item.model) ?? libraryPage;
        const icon = item.icon ? archive.read(item.icon) : null;
        items.push({
          source: 'sweethome3d',
          ref,
          imagePath: `${archivePath}!/${item.icon}`,
          ...(icon ? { imageBytes: icon } : {}),
          draft: icon
            ? sweethome3dDraft(item, library, link)
            : { skip: 'missing file', detail: `${archivePath}!/${item.icon || '(no icon)'}` },
        });
      }
    } finally {
      archive.close();
    }
  }
  return { items, rejected };
}
