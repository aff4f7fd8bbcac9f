/**
 * The interface's message ids: every `t('…')` literal in src/ (the English text is the id,
 * src/lib/i18n/i18n.ts). The catalogue test checks each locale against this list.
 *
 * Two catalogue parts: the core (catalogues/<locale>.json, loaded before a locale's first paint)
 * and `panels` (catalogues/panels/<locale>.json): the messages only the personalization panels
 * use, loaded with those lazy chunks (i18n.ts withMessages).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const CALL = /\bt\(\s*'((?:[^'\\]|\\.)*)'/g;

/** Folders (under src/) whose modules load the `panels` part: every one of them is a lazy chunk. */
export const PANEL_DIRS = ['features/personalization/activity', 'features/personalization/explain'];

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'server' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const idsOf = (files: readonly string[]): Set<string> => {
  const ids = new Set<string>();
  for (const file of files)
    for (const m of readFileSync(file, 'utf8').matchAll(CALL))
      ids.add(m[1]!.replace(/\\(.)/g, '$1'));
  return ids;
};

export function messageIds(srcDir: string): Set<string> {
  return idsOf(sourceFiles(srcDir));
}

/** Whether a file belongs to a panel folder (PANEL_DIRS). */
export const isPanelFile = (srcDir: string, file: string): boolean =>
  PANEL_DIRS.some((dir) => !path.relative(path.join(srcDir, dir), file).startsWith('..'));

/** The ids of each catalogue part: a message any other module uses is in the core. */
export function messageIdsByPart(srcDir: string): { core: Set<string>; panels: Set<string> } {
  const files = sourceFiles(srcDir);
  const core = idsOf(files.filter((f) => !isPanelFile(srcDir, f)));
  const panels = new Set(
    [...idsOf(files.filter((f) => isPanelFile(srcDir, f)))].filter((id) => !core.has(id)),
  );
  return { core, panels };
}
