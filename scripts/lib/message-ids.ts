/**
 * The interface's message ids: every `t('…')` literal in src/ (the English text is the id,
 * src/lib/i18n/i18n.ts). The catalogue test checks each locale against this list.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const CALL = /\bt\(\s*'((?:[^'\\]|\\.)*)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'server' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

export function messageIds(srcDir: string): Set<string> {
  const ids = new Set<string>();
  for (const file of sourceFiles(srcDir))
    for (const m of readFileSync(file, 'utf8').matchAll(CALL)) ids.add(m[1]!.replace(/\\(.)/g, '$1'));
  return ids;
}
