/** A stand-in for Vite's dist/: an index.html and one hashed asset. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/assets/x-abc123.js"></script></head><body><div id="root"></div></body></html>\n';
/** Over the compression threshold, so compression is observable. */
export const ASSET_JS = `export const data = ${JSON.stringify('inspo '.repeat(500))};\n`;

export function createTempDist(): { distDir: string; remove(): void } {
  const distDir = mkdtempSync(join(tmpdir(), 'inspo-dist-'));
  mkdirSync(join(distDir, 'assets'));
  writeFileSync(join(distDir, 'index.html'), INDEX_HTML);
  writeFileSync(join(distDir, 'assets', 'x-abc123.js'), ASSET_JS);
  writeFileSync(join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return { distDir, remove: () => rmSync(distDir, { recursive: true, force: true }) };
}
