/**
 * Anyone's own pins: a JSONL manifest, one pin per line (format: docs/manifest.md).
 * Each line is validated on its own; a bad line is reported with its number and skipped,
 * the rest of the manifest still loads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PinParamsSchema } from '@/contract/api';
import { canonicalLanguageTag, isEnglishTag, LANGUAGE_TAG_HINT } from '../language-tag';
import { engagement, manifestPopularity } from '../popularity';
import { normalizeTags } from '../text';
import { TEXT_FIELDS, type FieldLanguages, type SourceItem, type SourceScan } from '../types';

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

export const ManifestLineSchema = z
  .object({
    id: PinParamsSchema.shape.id,
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).optional(),
    tags: z.array(z.string().max(60)).max(50).optional(),
    category: z.string().trim().min(1).max(80).optional(),
    lang: LanguageSchema.optional(),
    image: z
      .string()
      .min(1)
      .refine((s) => !URL_SCHEME.test(s), 'must be a file path: image URLs are not downloaded'),
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
  })
  .strict();
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
      imagePath: path.resolve(baseDir, pin.image),
      ...(pin.width && pin.height ? { aspect: pin.height / pin.width } : {}),
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
