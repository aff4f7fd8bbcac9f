/**
 * Export and import of the engagement log as JSONL (one EngagementEvent per
 * line: the format the trainer reads). Import is all-or-nothing: any bad line
 * and nothing changes; the errors name the lines.
 */
import type { EngagementEvent } from '@/ranking/engagement';
import type { ModuleEvent } from '@/ranking/module-engagement';

/** Larger files are not an engagement log from this app. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** Errors listed in the panel; the rest are counted. */
export const MAX_LISTED_ERRORS = 5;

export function exportFileName(now: Date): string {
  return `inspo-activity-${now.toISOString().slice(0, 10)}.jsonl`;
}

export async function toJsonl(
  events: readonly EngagementEvent[],
  moduleEvents: readonly ModuleEvent[] = [],
): Promise<string> {
  const { serializeEngagementJsonl } = await import('@/ranking/engagement');
  return serializeEngagementJsonl(events, moduleEvents);
}

export type ImportResult =
  | { ok: true; events: EngagementEvent[]; moduleEvents: ModuleEvent[] }
  | { ok: false; errors: string[] };

export async function parseImport(text: string, byteLength: number): Promise<ImportResult> {
  if (byteLength > MAX_IMPORT_BYTES)
    return {
      ok: false,
      errors: [
        `The file is ${Math.round(byteLength / 1024)} KB; the limit is ${MAX_IMPORT_BYTES / 1024} KB.`,
      ],
    };
  const { parseEngagementJsonl } = await import('@/ranking/engagement');
  const { events, moduleEvents, errors } = parseEngagementJsonl(text);
  if (errors.length > 0) {
    const listed = errors.slice(0, MAX_LISTED_ERRORS).map((e) => `Line ${e.line}: ${e.message}`);
    const more = errors.length - listed.length;
    return { ok: false, errors: more > 0 ? [...listed, `…and ${more} more bad lines.`] : listed };
  }
  if (events.length + moduleEvents.length === 0)
    return { ok: false, errors: ['The file has no events.'] };
  return { ok: true, events, moduleEvents };
}

/** Starts a download of `text` without a server round trip. */
export function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
