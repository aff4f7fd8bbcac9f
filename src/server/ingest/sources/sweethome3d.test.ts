/**
 * The Sweet Home 3D furniture catalogue → demo product pins. The parsers and the mapping on small
 * texts; the scan on Debian's real package (sweethome3d-furniture, which .ci/run installs).
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PinParamsSchema } from '@/contract/api';
import { isSkip, type PinDraft } from '../types';
import { ZipArchive } from '../zip';
import { demoPrice } from './demo-price';
import { decodeProperties, parseProperties } from './java-properties';
import {
  DEFAULT_SWEETHOME3D_COPYRIGHT,
  DEFAULT_SWEETHOME3D_DIR,
  KNOWN_LICENCES,
  licenceFor,
  parseDebianCopyright,
  readCatalogue,
  scanSweethome3d,
  sweethome3dDraft,
  sweethome3dId,
} from './sweethome3d';

describe('parseProperties (java.util.Properties rules)', () => {
  it('reads =, : and white-space separators, escapes, comments and continuation lines', () => {
    const text = [
      '# a comment',
      '! another',
      'name#1=Bill 10\\u20ac',
      'tags#1 : Seat, Chair',
      'category#1 Living room',
      'long#1=first \\',
      '    second',
      'key\\=with\\:escapes=value\\tafter tab',
      '',
      'empty#1=',
    ].join('\n');
    expect(Object.fromEntries(parseProperties(text))).toEqual({
      'name#1': 'Bill 10€',
      'tags#1': 'Seat, Chair',
      'category#1': 'Living room',
      'long#1': 'first second',
      'key=with:escapes': 'value\tafter tab',
      'empty#1': '',
    });
  });

  it('decodes the bytes as ISO 8859-1', () => {
    const bytes = Buffer.from('name#1=Biblioth\xe8que\n', 'latin1');
    expect(parseProperties(decodeProperties(bytes)).get('name#1')).toBe('Bibliothèque');
  });
});

const COPYRIGHT = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: SweetHome3D Additional 3D models
Source: http://www.sweethome3d.com/importModels.jsp

Files: KatorLegaz/*
Copyright: 2003-2008, Andrew Kator & Jennifer Legaz
License: CC-BY-3.0-USA

Files: BlendSwap-CC-0/*
Copyright: 2014, Emmanuel PUYBARET eTeks <info@eteks.com>
                 and other contributors
License: CC0

Files: Odd/*
License: WTFPL
 Long licence text
 .
 continues here.
`;

describe('parseDebianCopyright / licenceFor', () => {
  it('reads Source and each Files paragraph’s licence short name', () => {
    const copyright = parseDebianCopyright(COPYRIGHT);
    expect(copyright.source).toBe('http://www.sweethome3d.com/importModels.jsp');
    expect(copyright.files).toEqual([
      { patterns: ['KatorLegaz/*'], license: 'CC-BY-3.0-USA' },
      { patterns: ['BlendSwap-CC-0/*'], license: 'CC0' },
      { patterns: ['Odd/*'], license: 'WTFPL' },
    ]);
    expect(licenceFor(copyright, 'KatorLegaz/PluginFurnitureCatalog.properties')).toBe(
      'CC-BY-3.0-USA',
    );
    expect(licenceFor(copyright, 'BlendSwap-CC-0/x/y.png')).toBe('CC0');
    expect(licenceFor(copyright, 'Scopia/PluginFurnitureCatalog.properties')).toBeNull();
  });
});

const CATALOGUE = `id=SweetHome3D#Test
name=Test library
version=1.8
id#2=Test#bed
name#2=Bed
tags#2=Blend Swap, Double
category#2=Bedroom
icon#2=/test/bed.png
model#2=/test/bed/bed.obj
width#2=140.7
depth#2=208
height#2=95.5
creator#2=Nhumrod
id#1=Test#chair
name#1=Oak chair
tags#1=
category#1=Living room
icon#1=/test/chair.png
model#1=/test/chair/chair.obj
width#1=45
depth#1=50
height#1=90
creator#1=
id#3=Test#nameless
`;

describe('readCatalogue and sweethome3dDraft (catalogue → pin)', () => {
  const catalogue = readCatalogue(parseProperties(CATALOGUE));
  const library = { name: catalogue.name, licence: KNOWN_LICENCES['CC-BY-3.0']! };
  const link = 'https://www.blendswap.com/blends/view/66530';

  it('lists items in index order with their fields; an item without a name is dropped', () => {
    expect(catalogue.name).toBe('Test library');
    expect(catalogue.items.map((i) => i.id)).toEqual(['Test#chair', 'Test#bed']);
    expect(catalogue.items[1]).toEqual({
      id: 'Test#bed',
      name: 'Bed',
      tags: ['Blend Swap', 'Double'],
      category: 'Bedroom',
      creator: 'Nhumrod',
      icon: 'test/bed.png',
      model: 'test/bed/bed.obj',
      width: 140.7,
      depth: 208,
      height: 95.5,
    });
  });

  it('maps names, categories, tags, licence, source and a demo offer', () => {
    const bed = sweethome3dDraft(catalogue.items[1]!, library, link) as PinDraft;
    expect(bed).toMatchObject({
      id: 'sh3d-test-bed',
      title: 'Bed',
      category: 'Bedroom',
      // The library's name is not a tag; the category is one.
      tags: ['double', 'bedroom'],
      source: {
        name: 'sweethome3d',
        attribution: 'Nhumrod – Sweet Home 3D Test library',
        url: link,
      },
      license: { name: 'CC BY 3.0', url: 'https://creativecommons.org/licenses/by/3.0/' },
      product: {
        price: demoPrice('Bedroom', catalogue.items[1]!),
        currency: 'EUR',
        merchant: 'Inspo demo shop',
        availability: 'in_stock',
        url: link,
        demo: true,
      },
    });
    expect(bed.description).toBe(
      "Bed by Nhumrod, a 3D model from Sweet Home 3D's Test library library: 141 × 208 × 96 cm (width × depth × height). Demo shop item: the price is made up.",
    );
    const chair = sweethome3dDraft(catalogue.items[0]!, library, link) as PinDraft;
    expect(chair.source.attribution).toBe('Sweet Home 3D Test library');
    expect(chair.tags).toEqual(['living room']);
  });

  it('skips an item it cannot price, with the reason', () => {
    const flat = { ...catalogue.items[0]!, height: 0 };
    expect(sweethome3dDraft(flat, library, link)).toEqual({
      skip: 'invalid catalogue entry',
      detail: 'Test#chair: no size to price it by (45 × 50 × 0 cm)',
    });
  });

  it('makes ids the API accepts', () => {
    expect(sweethome3dId('Blend Swap CC-0#armchair')).toBe('sh3d-blend-swap-cc-0-armchair');
    expect(
      PinParamsSchema.safeParse({ id: sweethome3dId('Kator Legaz#mid-century-chair') }).success,
    ).toBe(true);
  });
});

describe('scanSweethome3d (Debian sweethome3d-furniture)', () => {
  it('needs the package', () => {
    // .ci/run installs it; locally: apt-get install -y sweethome3d-furniture
    expect(fs.existsSync(DEFAULT_SWEETHOME3D_DIR)).toBe(true);
  });

  let scan: ReturnType<typeof scanSweethome3d>;
  let drafts: PinDraft[];
  beforeAll(() => {
    scan = scanSweethome3d();
    drafts = scan.items.map((i) => i.draft).filter((d): d is PinDraft => !isSkip(d));
  });

  it('turns every item but the people into a demo product pin, with an icon', () => {
    expect(scan.rejected).toEqual([]);
    expect(drafts.length).toBe(scan.items.length);
    // 820 items in 5 libraries, 37 of them "Characters" (Reallusion's 25 among them).
    expect(scan.items.length).toBe(783);
    expect(drafts.every((d) => d.category !== 'Characters')).toBe(true);
    expect(scan.items.every((i) => (i.imageBytes?.length ?? 0) > 0)).toBe(true);
    expect(drafts.every((d) => d.product?.demo === true && d.product.price >= 3)).toBe(true);
    expect(new Set(drafts.map((d) => d.id)).size).toBe(drafts.length);
  });

  it('shows each library’s licence as Debian’s copyright file states it', () => {
    const copyright = parseDebianCopyright(fs.readFileSync(DEFAULT_SWEETHOME3D_COPYRIGHT, 'utf8'));
    const byLibrary = new Map<string, Set<string>>();
    for (const item of scan.items) {
      const library = item.ref.split(' ')[0]!.replace(/\.sh3f$/u, '');
      const names = byLibrary.get(library) ?? new Set<string>();
      names.add((item.draft as PinDraft).license.name);
      byLibrary.set(library, names);
    }
    expect(Object.fromEntries([...byLibrary].map(([k, v]) => [k, [...v]]))).toEqual({
      'BlendSwap-CC-0': ['CC0 1.0 (public domain)'],
      'BlendSwap-CC-BY': ['CC BY 3.0'],
      KatorLegaz: ['CC BY 3.0 US'],
      Scopia: ['CC BY 3.0'],
    });
    for (const library of byLibrary.keys()) {
      const shortName = licenceFor(copyright, `${library}/x`)!;
      expect(KNOWN_LICENCES[shortName]!.name).toBe([...byLibrary.get(library)!][0]);
    }
  });

  it('maps a real item completely (Blend Swap CC-0 oak chair), its link its Blend Swap page', () => {
    const oak = drafts.find((d) => d.id === 'sh3d-blend-swap-cc-0-oakchair')!;
    expect(oak).toMatchObject({
      title: 'Oak chair',
      category: 'Living room',
      source: {
        attribution: 'Doug C – Sweet Home 3D Blend Swap CC-0',
        url: 'https://www.blendswap.com/blends/view/66530',
      },
      license: { name: 'CC0 1.0 (public domain)' },
      product: {
        merchant: 'Inspo demo shop',
        url: 'https://www.blendswap.com/blends/view/66530',
        demo: true,
      },
    });
    // Libraries without per-model pages link to where Sweet Home 3D publishes them.
    const scopiaChair = drafts.find((d) => d.id === 'sh3d-scopia-chair')!;
    expect(scopiaChair.product!.url).toBe('https://www.sweethome3d.com/importModels.jsp');
  });

  it('reads icons as PNG from the archives', () => {
    const archive = ZipArchive.open(`${DEFAULT_SWEETHOME3D_DIR}/KatorLegaz.sh3f`);
    try {
      const icon = archive.read('katorlegaz/cafe-chair.png');
      expect(icon?.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(archive.read('no/such/entry.png')).toBeNull();
    } finally {
      archive.close();
    }
  });

  it('picks items by catalogue id and honours the limit', () => {
    const picked = scanSweethome3d({ ids: ['Scopia#chair', 'Blend Swap CC-0#oakChair'] });
    expect(picked.items.map((i) => (i.draft as PinDraft).id)).toEqual([
      'sh3d-blend-swap-cc-0-oakchair',
      'sh3d-scopia-chair',
    ]);
    expect(scanSweethome3d({ limit: 3 }).items).toHaveLength(3);
  });

  it('skips a library the copyright file does not cover, with the reason', () => {
    const partial = scanSweethome3d({ copyrightFile: '/nonexistent/copyright', limit: 1 });
    expect(partial.items).toEqual([]);
    expect(partial.rejected[0]).toEqual({
      ref: `${DEFAULT_SWEETHOME3D_DIR}/BlendSwap-CC-0.sh3f`,
      skip: {
        skip: 'unknown licence',
        detail: '/nonexistent/copyright has no Files paragraph for BlendSwap-CC-0/*',
      },
    });
  });
});
