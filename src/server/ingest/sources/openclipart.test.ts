import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  COLLECTION_TITLE_MIN,
  decodeSvgText,
  listSvgFiles,
  OPENCLIPART_LICENSE,
  openclipartDraft,
  openclipartId,
  parseSvgMetadata,
  scanOpenclipart,
  type SvgMetadata,
} from './openclipart';

/** Real files copied from Debian's openclipart-svg, folder layout kept. */
const ROOT = fileURLToPath(new URL('../../../../test/fixtures/openclipart', import.meta.url));
const read = (rel: string) =>
  parseSvgMetadata(decodeSvgText(fs.readFileSync(path.join(ROOT, rel))));

describe('parseSvgMetadata (real files)', () => {
  it('reads title, keywords and creator, not the agents’ titles', () => {
    expect(read('animals/bugs/ragnetto_incazzato_archi_01.svg')).toEqual({
      title: 'Ragnetto incazzato',
      description: '',
      subjects: ['architetto francesco rollandin', 'insect'],
      creator: 'Architetto Francesco Rollandin',
    });
  });

  it('reads a Latin-1 file with a description', () => {
    expect(read('geography/carte_de_france_01.svg')).toEqual({
      title: 'Carte de France',
      description: 'site web',
      subjects: ['hash', 'map', 'geography', 'europe', 'france'],
      creator: 'Yves Aubry (yvounet)',
    });
  });

  it('returns an empty title when <dc:title> is empty', () => {
    expect(read('electronics/navigation_display_panel_01.svg').title).toBe('');
  });

  it('handles comma-separated subjects, entities and missing metadata', () => {
    const text = `<svg><metadata><rdf:RDF><cc:Work>
      <dc:title>Fish &amp; Chips</dc:title>
      <dc:subject>food, fried ,fish</dc:subject>
      <dc:creator><cc:Agent><dc:title>Jo &#233;</dc:title></cc:Agent></dc:creator>
    </cc:Work></rdf:RDF></metadata></svg>`;
    expect(parseSvgMetadata(text)).toEqual({
      title: 'Fish & Chips',
      description: '',
      subjects: ['food', 'fried', 'fish'],
      creator: 'Jo é',
    });
    expect(parseSvgMetadata('<svg><title>not Dublin Core</title></svg>')).toEqual({
      title: '',
      description: '',
      subjects: [],
      creator: '',
    });
  });
});

describe('decodeSvgText', () => {
  it('decodes by the XML declaration', () => {
    const latin1 = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>caf'),
      Buffer.from([0xe9]),
      Buffer.from('</t>'),
    ]);
    expect(decodeSvgText(latin1)).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><t>café</t>');
    expect(decodeSvgText(Buffer.from('<?xml version="1.0"?><t>café</t>'))).toBe(
      '<?xml version="1.0"?><t>café</t>',
    );
  });
});

describe('openclipartDraft', () => {
  const meta: SvgMetadata = {
    title: 'Ragnetto incazzato',
    description: '',
    subjects: ['Architetto Francesco Rollandin', 'insect', 'Hash', 'spider_web'],
    creator: 'Architetto Francesco Rollandin',
  };

  it('builds a pin: category from the top folder, subfolders as tags, author keyword and stop tags dropped', () => {
    expect(
      openclipartDraft({
        relPath: 'animals/bugs/ragnetto_incazzato_archi_01.svg',
        meta,
        titleCount: 1,
      }),
    ).toEqual({
      id: openclipartId('animals/bugs/ragnetto_incazzato_archi_01.svg'),
      title: 'Ragnetto incazzato',
      description: 'Clip art by Architetto Francesco Rollandin.',
      tags: ['insect', 'spider web', 'bugs'],
      category: 'Animals',
      source: {
        name: 'openclipart',
        attribution: 'Open Clip Art Library – Architetto Francesco Rollandin',
        url: null,
      },
      license: OPENCLIPART_LICENSE,
      popularity: 0.35, // 2 keywords: 0.6 × 2/8, own title 0.2
    });
  });

  it('uses the file name when the title is a collection name', () => {
    const lemon: SvgMetadata = {
      title: 'Lemon SVG theme',
      description: '',
      subjects: ['computer', 'icons'],
      creator: 'Jose Hevia',
    };
    const draft = openclipartDraft({
      relPath: 'computer/icons/lemon-theme/actions/view_detailed.svg',
      meta: lemon,
      titleCount: COLLECTION_TITLE_MIN,
    });
    expect(draft).toMatchObject({
      title: 'View detailed',
      description: 'Part of “Lemon SVG theme”. Clip art by Jose Hevia.',
      tags: ['computer', 'icons', 'lemon theme', 'actions'],
      category: 'Computer',
    });
    expect(
      openclipartDraft({ relPath: 'x/a.svg', meta: lemon, titleCount: COLLECTION_TITLE_MIN - 1 })
        ?.title,
    ).toBe('Lemon SVG theme');
  });

  it('strips "Clipart by <author> - " prefixes', () => {
    const nicu: SvgMetadata = {
      title: 'Clipart by Nicu Buculei - arrow08_4',
      description: '',
      subjects: [],
      creator: 'Nicu Buculei',
    };
    expect(
      openclipartDraft({ relPath: 'shapes/arrows/arrow02_2.svg', meta: nicu, titleCount: 1 })
        ?.title,
    ).toBe('Arrow08 4');
  });

  it('returns null without a title', () => {
    expect(
      openclipartDraft({ relPath: 'a/b.svg', meta: { ...meta, title: '' }, titleCount: 0 }),
    ).toBeNull();
  });

  it('ids are short, stable and path-derived', () => {
    expect(openclipartId('animals/bugs/ant.svg')).toMatch(/^oc-[0-9a-f]{12}$/u);
    expect(openclipartId('animals/bugs/ant.svg')).toBe(openclipartId('animals/bugs/ant.svg'));
    expect(openclipartId('animals/bugs/ant.svg')).not.toBe(openclipartId('animals/bugs/ant2.svg'));
  });
});

describe('scanOpenclipart (real files)', () => {
  it('lists files in path order and skips untitled ones with a reason', () => {
    const scan = scanOpenclipart({ root: ROOT });
    expect(scan.items.map((i) => i.ref)).toEqual(listSvgFiles(ROOT));
    const byRef = Object.fromEntries(scan.items.map((i) => [i.ref, i.draft]));
    expect(byRef['electronics/navigation_display_panel_01.svg']).toEqual({
      skip: 'no title',
      detail: 'empty <dc:title>',
    });
    expect(byRef['signs_and_symbols/flags/asia/japan.svg']).toMatchObject({
      title: 'Japan',
      category: 'Signs & symbols',
      tags: ['asia', 'united nations member', 'flag', 'sign', 'flags'],
      source: { attribution: 'Open Clip Art Library – Lauris Kaplinski' },
    });
    expect(byRef['shapes/arrows/arrow02_2.svg']).toMatchObject({
      title: 'Arrow08 4',
      category: 'Shapes',
      tags: ['shape', 'arrow', 'arrows'],
    });
    expect(scanOpenclipart({ root: ROOT, limit: 2 }).items.map((i) => i.ref)).toEqual([
      'animals/bugs/ant.svg',
      'animals/bugs/ragnetto_incazzato_archi_01.svg',
    ]);
  });
});
