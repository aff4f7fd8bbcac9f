/**
 * Anyone's own pins: a JSONL manifest, one pin per line (format: docs/manifest.md).
 * Each line is validated on its own; a bad line is reported with its number and skipped,
 * the rest of the manifest still loads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PinParamsSchema } from '@/contract/api';
import { engagement, manifestPopularity } from '../popularity';
import { normalizeTags } from '../text';
import type { SourceItem, SourceScan } from '../types';

export const MANIFEST_DEFAULTS = {
  category: 'Uncategorized',
  source: { name: 'manifest', attribution: 'Own collection', url: null },
  license: { name: 'Unspecified', url: '' },
} as const;

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//iu;

export const ManifestLineSchema = z
  .object({
    id: PinParamsSchema.shape.id,
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).optional(),
    tags: z.array(z.string().max(60)).max(50).optional(),
    category: z.string().trim().min(1).max(80).optional(),
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

  const items: SourceItem[] = valid.map(({ line, pin }) => ({
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
    },
  }));
  const rejected = parsed
    .filter((p): p is { line: number; error: string } => 'error' in p)
    .map(({ line, error }) => ({
      ref: ref(line),
      skip: { skip: 'invalid manifest line' as const, detail: `line ${line}: ${error}` },
    }));
  return { items, rejected };
}
