/** Manifest `product` and `video` (pin types): good lines, and each bad one's reason. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currencyDecimals, parseManifest, scanManifest } from './manifest';

const PRODUCT = {
  price: 129,
  currency: 'EUR',
  merchant: 'Example Furniture',
  availability: 'in_stock',
  link: 'https://shop.example/chair',
};
const VIDEO = { file: 'clips/spin.webm' };

/** The one line's outcome: the pin's typed fields, or the reason it is skipped. */
const parse = (line: Record<string, unknown>) => {
  const [parsed] = parseManifest(
    JSON.stringify({ id: 'p', title: 'Chair', image: 'p.png', ...line }),
  );
  return 'error' in parsed! ? { error: parsed.error } : { pin: parsed!.pin };
};

describe('manifest `product`', () => {
  it('takes a price in the currency’s decimals, an ISO 4217 code, merchant, availability and an http(s) link', () => {
    expect(parse({ product: PRODUCT })).toEqual({
      pin: expect.objectContaining({ product: PRODUCT }),
    });
    expect(parse({ product: { ...PRODUCT, price: 1999, currency: 'JPY' } })).toHaveProperty('pin');
    expect(parse({ product: { ...PRODUCT, price: 12.345, currency: 'BHD' } })).toHaveProperty(
      'pin',
    );
    expect(
      parse({ product: { ...PRODUCT, price: 0, link: 'http://shop.example/free', demo: true } }),
    ).toHaveProperty('pin');
  });

  it.each([
    [{ price: -1 }, 'product.price: Too small: expected number to be >=0'],
    [{ price: '12' }, 'product.price: Invalid input: expected number, received string'],
    [{ price: 12.345 }, 'product.price: 12.345 has more decimals than EUR allows (2)'],
    [{ price: 10.5, currency: 'JPY' }, 'product.price: 10.5 has more decimals than JPY allows (0)'],
    [
      { currency: 'eur' },
      'product.currency: an ISO 4217 currency code in upper case ("EUR", "USD", "JPY")',
    ],
    [
      { currency: 'ABC' },
      'product.currency: an ISO 4217 currency code in upper case ("EUR", "USD", "JPY")',
    ],
    [{ merchant: '  ' }, 'product.merchant: Too small: expected string to have >=1 characters'],
    [
      { availability: 'available' },
      'product.availability: one of in_stock, out_of_stock, preorder, backorder, discontinued',
    ],
    [{ link: 'javascript:alert(1)' }, 'product.link: an http(s) URL'],
    [{ link: 'shop.example/chair' }, 'product.link: an http(s) URL'],
    [{ link: 'ftp://shop.example/chair' }, 'product.link: an http(s) URL'],
    [{ url: 'https://shop.example' }, 'product: Unrecognized key: "url"'],
  ])('skips %j with its reason', (change, reason) => {
    expect(parse({ product: { ...PRODUCT, ...change } })).toEqual({ error: reason });
  });

  it('refuses a product without its required fields', () => {
    const { link: _link, ...noLink } = PRODUCT;
    expect(parse({ product: noLink })).toEqual({
      error: 'product.link: Invalid input: expected string, received undefined',
    });
  });

  it('knows each currency’s decimals from CLDR', () => {
    expect([currencyDecimals('EUR'), currencyDecimals('JPY'), currencyDecimals('BHD')]).toEqual([
      2, 0, 3,
    ]);
  });
});

describe('manifest `video`', () => {
  it('takes a WebM or MP4 path with optional captions, poster time and what the clip should be', () => {
    expect(parse({ video: VIDEO })).toHaveProperty('pin');
    expect(
      parse({
        video: {
          file: 'a.MP4',
          captions: 'a.en.vtt',
          captionsLang: 'en-gb',
          posterAt: 0.5,
          duration: 3,
          width: 640,
          height: 360,
        },
      }),
    ).toEqual({
      pin: expect.objectContaining({
        video: expect.objectContaining({ file: 'a.MP4', captionsLang: 'en-GB' }),
      }),
    });
  });

  it('lets a video pin leave out its image (its poster frame is the image), and no other pin', () => {
    const { image: _image, ...line } = { image: 'x', id: 'v', title: 'Spin' };
    expect(parseManifest(JSON.stringify({ ...line, video: VIDEO }))[0]).toHaveProperty('pin');
    expect(parseManifest(JSON.stringify(line))[0]).toEqual({
      line: 1,
      error:
        'image: required (only a video pin may leave it out: its poster frame is then its image)',
    });
  });

  it.each([
    [{ file: 'clip.mov' }, 'video.file: must be a .webm or .mp4 file'],
    [
      { file: 'https://cdn.example/clip.webm' },
      'video.file: must be a file path: video URLs are not downloaded',
    ],
    [{ captions: 'clip.srt' }, 'video.captions: must be a .vtt file'],
    [
      { captionsLang: 'english' },
      expect.stringMatching(/^video\.captionsLang: "english" is not a BCP 47/u),
    ],
    [{ duration: 0 }, 'video.duration: Too small: expected number to be >0'],
    [{ duration: 3600 }, 'video.duration: Too big: expected number to be <=600'],
    [{ width: 320.5 }, 'video.width: Invalid input: expected int, received number'],
    [{ posterAt: -1 }, 'video.posterAt: Too small: expected number to be >=0'],
    [{ poster: 'frame.png' }, 'video: Unrecognized key: "poster"'],
  ])('skips %j with its reason', (change, reason) => {
    expect(parse({ video: { ...VIDEO, ...change } })).toEqual({ error: reason });
  });

  it('refuses a pin that is both a product and a video', () => {
    expect(parse({ product: PRODUCT, video: VIDEO })).toEqual({
      error: 'video: a pin is a product or a video, not both',
    });
  });
});

describe('scanManifest: typed pins', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-manifest-types-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('gives a product its offer (link → url, demo false unless said) and a video its files, relative to the manifest', () => {
    const file = path.join(tmp, 'pins.jsonl');
    fs.writeFileSync(
      file,
      [
        JSON.stringify({ id: 'chair', title: 'Chair', image: 'chair.png', product: PRODUCT }),
        JSON.stringify({
          id: 'spin',
          title: 'Spin',
          lang: 'de',
          video: { file: 'clips/spin.webm', captions: 'clips/spin.vtt', duration: 2 },
        }),
        JSON.stringify({
          id: 'bad',
          title: 'Bad',
          image: 'b.png',
          product: { ...PRODUCT, currency: 'XYZ' },
        }),
      ].join('\n'),
    );
    const scan = scanManifest({ manifestPath: file });
    expect(scan.items[0]!.draft).toMatchObject({
      product: {
        price: 129,
        currency: 'EUR',
        merchant: 'Example Furniture',
        availability: 'in_stock',
        url: 'https://shop.example/chair',
        demo: false,
      },
    });
    expect(scan.items[0]!.video).toBeUndefined();
    expect(scan.items[1]!.imagePath).toBeNull();
    expect(scan.items[1]!.video).toEqual({
      file: path.join(tmp, 'clips', 'spin.webm'),
      // Captions are in the pin's language unless the line says otherwise.
      captions: { file: path.join(tmp, 'clips', 'spin.vtt'), lang: 'de' },
      expect: { duration: 2 },
    });
    expect(scan.rejected).toEqual([
      {
        ref: 'pins.jsonl:3',
        skip: {
          skip: 'invalid manifest line',
          detail:
            'line 3: product.currency: an ISO 4217 currency code in upper case ("EUR", "USD", "JPY")',
        },
      },
    ]);
  });
});
