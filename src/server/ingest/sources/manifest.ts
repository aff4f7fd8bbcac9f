/**
 * Anyone's own pins: a JSONL manifest, one pin per line (format: docs/manifest.md).
 * Each line is validated on its own; a bad line is reported with its number and skipped,
 * the rest of the manifest still loads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PinParamsSchema, PRODUCT_AVAILABILITY } from '@/contract/api';
import { canonicalLanguageTag, isEnglishTag, LANGUAGE_TAG_HINT } from '../language-tag';
import { engagement, manifestPopularity } from '../popularity';
import { normalizeTags } from '../text';
import {
  TEXT_FIELDS,
  type FieldLanguages,
  type SourceItem,
  type SourceScan,
  type VideoInput,
} from '../types';

export const MANIFEST_DEFAULTS = {
  category: 'Uncategorized',
  source: { name: 'manifest', attribution: 'Own collection', url: null },
  license: { name: 'Unspecified', url: '' },
} as const;

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//iu;

/** A BCP 47 tag, canonicalized ("iw" → "he"); anything else is refused with the tag quoted. */
const LanguageTagSchema = z
  .string()
  .max(35)
  .transform((tag, ctx) => {
    const canonical = canonicalLanguageTag(tag);
    if (canonical === null) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(tag)} is ${LANGUAGE_TAG_HINT}` });
      return z.NEVER;
    }
    return canonical;
  });

const FieldLanguagesSchema = z
  .object({
    title: LanguageTagSchema.optional(),
    description: LanguageTagSchema.optional(),
    tags: LanguageTagSchema.optional(),
  })
  .strict();

/**
 * The language of the pin's text: one tag for title, description and tags, or one per field
 * (a field left out of the object is English). Default: English. Dispatched on the value's type
 * rather than a union, so a bad tag is reported as such rather than as "Invalid input".
 */
const LanguageSchema = z
  .union([z.string(), z.record(z.string(), z.unknown())], {
    error: 'a language tag ("es") or one per field ({"title": "ja", "tags": "ja"})',
  })
  .transform((value, ctx): string | z.infer<typeof FieldLanguagesSchema> => {
    const result =
      typeof value === 'string'
        ? LanguageTagSchema.safeParse(value)
        : FieldLanguagesSchema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
    return z.NEVER;
  });

/** A file path, never a URL: the indexer reads local files only. */
const filePath = (what: string) =>
  z
    .string()
    .min(1)
    .max(1000)
    .refine((s) => !URL_SCHEME.test(s), `must be a file path: ${what} URLs are not downloaded`);

const withExtension = (what: string, extensions: readonly string[]) =>
  filePath(what).refine(
    (s) => extensions.includes(path.extname(s).toLowerCase()),
    `must be a ${extensions.join(' or ')} file`,
  );

/** ISO 4217 codes as ICU knows them (Node's Intl): "EUR", "JPY", "CHF"… */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
/** Decimals a price in this currency may have (JPY 0, EUR 2, BHD 3), from CLDR through Intl. */
export const currencyDecimals = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;
/** Above any real pin's price; also keeps prices exact as doubles. */
export const MAX_PRICE = 1_000_000_000;

const ProductLineSchema = z
  .object({
    price: z.number().nonnegative().max(MAX_PRICE),
    currency: z
      .string()
      .refine(
        (c) => /^[A-Z]{3}$/u.test(c) && CURRENCIES.has(c),
        'an ISO 4217 currency code in upper case ("EUR", "USD", "JPY")',
      ),
    merchant: z.string().trim().min(1).max(100),
    availability: z.enum(PRODUCT_AVAILABILITY, {
      error: `one of ${PRODUCT_AVAILABILITY.join(', ')}`,
    }),
    link: z
      .string()
      .max(2000)
      .refine((s) => URL.canParse(s) && /^https?:$/u.test(new URL(s).protocol), 'an http(s) URL'),
    /** A made-up price for demo content: always labelled "Demo price". */
    demo: z.boolean().optional(),
  })
  .strict()
  .superRefine((product, ctx) => {
    const decimals = currencyDecimals(product.currency);
    const scaled = product.price * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) > 1e-6) {
      ctx.addIssue({
        code: 'custom',
        path: ['price'],
        message: `${product.price} has more decimals than ${product.currency} allows (${decimals})`,
      });
    }
  });

/** Longest clip a pin may hold: pins are glanceable, and the whole file is copied into the index. */
export const MAX_VIDEO_SECONDS = 600;
export const VIDEO_EXTENSIONS = ['.webm', '.mp4'] as const;

const VideoLineSchema = z
  .object({
    /** The clip, relative to the manifest (or absolute). */
    file: withExtension('video', VIDEO_EXTENSIONS),
    /** A WebVTT captions file for the clip. */
    captions: withExtension('captions', ['.vtt']).optional(),
    /** The captions' language; default the pin's (`lang`), else English. */
    captionsLang: LanguageTagSchema.optional(),
    /** Seconds into the clip of the poster frame; default a tenth of the clip, at most 1 s in. */
    posterAt: z.number().nonnegative().max(MAX_VIDEO_SECONDS).optional(),
    // Measured from the file at ingest; when given, they must agree with it (a check on the manifest).
    duration: z.number().positive().max(MAX_VIDEO_SECONDS).optional(),
    width: z.number().int().positive().max(8192).optional(),
    height: z.number().int().positive().max(8192).optional(),
  })
  .strict();

export const ManifestLineSchema = z
  .object({
    id: PinParamsSchema.shape.id,
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).optional(),
    tags: z.array(z.string().max(60)).max(50).optional(),
    category: z.string().trim().min(1).max(80).optional(),
    lang: LanguageSchema.optional(),
    /** Required but for a video pin, whose card shows its poster frame when it has no image. */
    image: filePath('image').optional(),
    width: z.number().int().positive().max(100_000).optional(),
    height: z.number().int().positive().max(100_000).optional(),
    saves: z.number().int().nonnegative().optional(),
    clicks: z.number().int().nonnegative().optional(),
    source: z
      .object({
        name: z.string().trim().min(1).max(60).optional(),
        attribution: z.string().trim().min(1).max(200),
        url: z.string().max(2000).nullable().optional(),
      })
      .strict()
      .optional(),
    license: z
      .object({ name: z.string().trim().min(1).max(100), url: z.string().max(2000) })
      .strict()
      .optional(),
    product: ProductLineSchema.optional(),
    video: VideoLineSchema.optional(),
  })
  .strict()
  .superRefine((line, ctx) => {
    if (line.product && line.video) {
      ctx.addIssue({
        code: 'custom',
        path: ['video'],
        message: 'a pin is a product or a video, not both',
      });
    }
    if (line.image === undefined && !line.video) {
      ctx.addIssue({
        code: 'custom',
        path: ['image'],
        message: 'required (only a video pin may leave it out: its poster frame is then its image)',
      });
    }
  });
export type ManifestLine = z.infer<typeof ManifestLineSchema>;

/** The fields of a pin that are not in English, by language tag; null when all are English. */
export function fieldLanguages(lang: ManifestLine['lang']): FieldLanguages | null {
  if (lang === undefined) return null;
  const out: FieldLanguages = {};
  for (const field of TEXT_FIELDS) {
    const tag = typeof lang === 'string' ? lang : lang[field];
    if (tag !== undefined && !isEnglishTag(tag)) out[field] = tag;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** A video line's files made absolute, and what the file must turn out to be (ingest/video.ts). */
function videoInput(
  video: NonNullable<ManifestLine['video']>,
  baseDir: string,
  lang: ManifestLine['lang'],
): VideoInput {
  const pinLang = typeof lang === 'string' ? lang : (lang?.title ?? 'en');
  return {
    file: path.resolve(baseDir, video.file),
    ...(video.captions
      ? {
          captions: {
            file: path.resolve(baseDir, video.captions),
            lang: video.captionsLang ?? pinLang,
          },
        }
      : {}),
    ...(video.posterAt === undefined ? {} : { posterAt: video.posterAt }),
    expect: {
      ...(video.duration === undefined ? {} : { duration: video.duration }),
      ...(video.width === undefined ? {} : { width: video.width }),
      ...(video.height === undefined ? {} : { height: video.height }),
    },
  };
}

export type ParsedLine = { line: number; pin: ManifestLine } | { line: number; error: string };

/** Validates every non-blank line; never throws on content. */
export function parseManifest(text: string): ParsedLine[] {
  const out: ParsedLine[] = [];
  text.split(/\r?\n/u).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      out.push({ line, error: `invalid JSON (${(error as Error).message})` });
      return;
    }
    const result = ManifestLineSchema.safeParse(json);
    if (result.success) {
      out.push({ line, pin: result.data });
    } else {
      const issue = result.error.issues[0]!;
      out.push({ line, error: `${issue.path.join('.') || 'line'}: ${issue.message}` });
    }
  });
  return out;
}

export function scanManifest({
  manifestPath,
  limit,
}: {
  manifestPath: string;
  limit?: number;
}): SourceScan {
  const absolute = path.resolve(manifestPath);
  const baseDir = path.dirname(absolute);
  const parsed = parseManifest(fs.readFileSync(absolute, 'utf8'));
  const valid = parsed
    .filter((p): p is { line: number; pin: ManifestLine } => 'pin' in p)
    .slice(0, limit);
  const maxEngagement = Math.max(0, ...valid.map(({ pin }) => engagement(pin)));
  const ref = (line: number) => `${path.basename(absolute)}:${line}`;

  const items: SourceItem[] = valid.map(({ line, pin }) => {
    const langs = fieldLanguages(pin.lang);
    return {
      source: 'manifest',
      ref: ref(line),
      imagePath: pin.image === undefined ? null : path.resolve(baseDir, pin.image),
      ...(pin.width && pin.height ? { aspect: pin.height / pin.width } : {}),
      ...(pin.video ? { video: videoInput(pin.video, baseDir, pin.lang) } : {}),
      draft: {
        id: pin.id,
        title: pin.title,
        description: pin.description ?? '',
        tags: normalizeTags(pin.tags ?? []),
        category: pin.category ?? MANIFEST_DEFAULTS.category,
        source: {
          name: pin.source?.name ?? MANIFEST_DEFAULTS.source.name,
          attribution: pin.source?.attribution ?? MANIFEST_DEFAULTS.source.attribution,
          url: pin.source?.url ?? null,
        },
        license: pin.license ?? { ...MANIFEST_DEFAULTS.license },
        popularity: manifestPopularity(pin, maxEngagement),
        ...(langs ? { langs } : {}),
        ...(pin.product
          ? {
              product: {
                price: pin.product.price,
                currency: pin.product.currency,
                merchant: pin.product.merchant,
                availability: pin.product.availability,
                url: pin.product.link,
                demo: pin.product.demo ?? false,
              },
            }
          : {}),
      },
    };
  });
  const rejected = parsed
    .filter((p): p is { line: number; error: string } => 'error' in p)
    .map(({ line, error }) => ({
      ref: ref(line),
      skip: { skip: 'invalid manifest line' as const, detail: `line ${line}: ${error}` },
    }));
  return { items, rejected };
}
