import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sniffImageKind } from './image-sniff';
import { normalizeSvgRootSize } from './svg-normalize';
import { checkSvgSafety, declaredSvgSize, parseSvgLength } from './svg-safety';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures', import.meta.url));
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const svg = (body: string, attrs = 'width="10" height="10"') =>
  `<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>${body}</svg>`;

describe('checkSvgSafety', () => {
  it.each([
    ['<image href="#local"/>'],
    ['<use xlink:href="#shape"/>'],
    ['<rect style="fill:url(#grad)"/>'],
    ['<rect fill="url( \'#grad\' )"/>'],
    ['<image href="data:image/png;base64,iVBORw0KGgo="/>'],
    ['<rect rdf:resource="http://web.resource.org/cc/PublicDomain"/>'], // not a reference librsvg follows
  ])('accepts internal references: %s', (body) => {
    expect(checkSvgSafety(svg(body))).toEqual({ svg: svg(body) });
  });

  it.each([
    ['<image href="cat.png"/>', 'cat.png'],
    ['<image xlink:href="file:///etc/passwd"/>', 'file:///etc/passwd'],
    ["<use x:href='/home/me/a.svg#b'/>", '/home/me/a.svg#b'],
    ['<use xlink:href = "http://example.com/a.svg#b"/>', 'http://example.com/a.svg#b'],
    ['<img src="a.png"/>', 'a.png'],
    ['<image href="data:image/svg+xml;base64,PHN2Zz4="/>', 'data:image/svg+xml;base64,PHN2Zz4='],
    ['<image href="&#x66;ile:///etc/passwd"/>', '&#x66;ile:///etc/passwd'],
    ['<rect style="fill:url(other.svg#g)"/>', 'other.svg#g'],
    ['<rect fill="url(&quot;x.svg&quot;)"/>', '&quot;x.svg&quot;'],
  ])('rejects external reference %s', (body, ref) => {
    expect(checkSvgSafety(svg(body))).toEqual({
      skip: 'external reference',
      detail: `references ${JSON.stringify(ref)}`,
    });
  });

  it('rejects CSS @import and xml-stylesheet', () => {
    expect(checkSvgSafety(svg('<style>@import "a.css";</style>'))).toEqual({
      skip: 'external reference',
      detail: 'CSS @import',
    });
    expect(checkSvgSafety(`<?xml-stylesheet type="text/css" href="style.css"?>${svg('')}`)).toEqual(
      {
        skip: 'external reference',
        detail: 'references "style.css"',
      },
    );
  });

  it('rejects entity declarations', () => {
    expect(checkSvgSafety(fixture('hostile/entity.svg').toString('latin1'))).toEqual({
      skip: 'doctype/entity',
      detail: 'declares XML entities',
    });
  });

  it('strips a public DOCTYPE, with or without an ATTLIST subset', () => {
    const body = svg('<rect width="1" height="1"/>');
    const plain = `<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${body}`;
    expect(checkSvgSafety(plain)).toEqual({ svg: `<?xml version="1.0"?>\n\n${body}` });
    const subset = `<!DOCTYPE svg PUBLIC "a" "b" [\n <!ATTLIST svg xmlns:xlink CDATA #FIXED "http://www.w3.org/1999/xlink">\n]>${body}`;
    expect(checkSvgSafety(subset)).toEqual({ svg: body });
    expect(checkSvgSafety(`<!DOCTYPE a><!DOCTYPE b>${body}`)).toEqual({
      skip: 'doctype/entity',
      detail: 'malformed or repeated DOCTYPE',
    });
  });

  it('rejects absurd declared sizes', () => {
    expect(checkSvgSafety(fixture('hostile/huge-dims.svg').toString('latin1'))).toEqual({
      skip: 'huge dimensions',
      detail: 'declares 200000×200000 px',
    });
    expect(checkSvgSafety(svg('', 'width="40000" height="30000"'))).toEqual({
      skip: 'huge dimensions',
      detail: 'declares 40000×30000 px',
    });
    expect(checkSvgSafety(svg('', 'viewBox="0 0 60000 10"'))).toEqual({
      skip: 'huge dimensions',
      detail: 'declares 60000×10 px',
    });
    // openclipart's largest real artboards pass
    expect(checkSvgSafety(svg('', 'width="16000" height="14464"'))).toEqual({
      svg: svg('', 'width="16000" height="14464"'),
    });
  });
});

describe('parseSvgLength', () => {
  it.each<[string | undefined, number | null]>([
    ['100', 100],
    [' 100px ', 100],
    ['72pt', 96],
    ['1in', 96],
    ['2.54cm', 96],
    ['25.4mm', 96],
    ['1pc', 16],
    ['1e3', 1000],
    ['100%', null],
    ['auto', null],
    ['', null],
    [undefined, null],
  ])('%j → %j', (value, expected) => {
    const px = parseSvgLength(value);
    if (expected === null) expect(px).toBeNull();
    else expect(px).toBeCloseTo(expected, 9);
  });
});

describe('declaredSvgSize', () => {
  it.each<[string, { width: number; height: number } | null]>([
    ['width="24" height="12"', { width: 24, height: 12 }],
    ['viewBox="0 0 300 150"', { width: 300, height: 150 }],
    ['width="100%" height="100%" viewBox="0,0,30,20"', { width: 30, height: 20 }],
    ['width="50"', { width: 50, height: 0 }],
    ['', null],
  ])('%s', (attrs, expected) => {
    expect(declaredSvgSize(svg('', attrs))).toEqual(expected);
  });
});

describe('normalizeSvgRootSize', () => {
  it('rewrites physical units at 90 dpi (Sodipodi / old Inkscape)', () => {
    expect(
      normalizeSvgRootSize('<svg width="24pt" height="210mm"><rect width="24pt"/></svg>'),
    ).toBe('<svg width="30" height="744.094"><rect width="24pt"/></svg>');
  });

  it('uses 72 dpi for Adobe Illustrator files', () => {
    expect(
      normalizeSvgRootSize(
        '<!-- Generator: Adobe Illustrator 12 --><svg height="1in" width=\'72pt\'></svg>',
      ),
    ).toBe('<!-- Generator: Adobe Illustrator 12 --><svg height="72" width=\'72\'></svg>');
  });

  it('leaves px, unitless and relative sizes alone', () => {
    const text = '<svg width="24px" height="100%" viewBox="0 0 24 24"></svg>';
    expect(normalizeSvgRootSize(text)).toBe(text);
  });

  it('handles real openclipart files (Sodipodi, 24pt without a viewBox)', () => {
    const text = fixture(
      'openclipart/computer/icons/etiquette-theme/actions/stock-bezier.svg',
    ).toString('latin1');
    const root = /<svg\b[^>]*>/u.exec(normalizeSvgRootSize(text))![0];
    expect(root).toContain('height="30"');
    expect(root).toContain('width="30"');
  });
});

describe('sniffImageKind', () => {
  it.each([
    ['hostile/huge-dims.png', 'png'],
    ['hostile/truncated.png', 'png'],
    ['hostile/svg-disguised.png', 'svg'], // the name says PNG, the bytes say SVG
    ['hostile/ok.svg', 'svg'],
    ['hostile/garbage.svg', null],
    ['openclipart/animals/bugs/ant.svg', 'svg'],
  ])('%s → %s', (name, kind) => {
    expect(sniffImageKind(fixture(name))).toBe(kind);
  });

  it.each<[number[], string | null]>([
    [[0xff, 0xd8, 0xff, 0xe0], 'jpeg'],
    [[...Buffer.from('GIF89a')], 'gif'],
    [[...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')], 'webp'],
    [[0x1f, 0x8b, 0x08, 0x00], null], // gzip (svgz)
    [[...Buffer.from('%PDF-1.4')], null],
    [[0xef, 0xbb, 0xbf, ...Buffer.from('<svg>')], 'svg'],
    [[0xff, 0xfe, ...Buffer.from('<\0s\0v\0g\0>\0')], null], // UTF-16
    [[...Buffer.from('hello <svg>')], null], // text, but not markup
    [[], null],
  ])('%j → %s', (bytes, kind) => {
    expect(sniffImageKind(Uint8Array.from(bytes))).toBe(kind);
  });
});
