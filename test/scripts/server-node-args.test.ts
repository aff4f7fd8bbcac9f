import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_ARGS } from '../../scripts/lib/server-node-args.mjs';

/** Every way the server is started passes the same Node flags (scripts/lib/server-node-args.mjs). */
describe('server Node flags', () => {
  it('are set, and npm run serve passes each of them before the entry', () => {
    expect(SERVER_NODE_ARGS).toContain('--max-semi-space-size=128');
    const serve = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.serve!;
    const words = serve.split(/\s+/);
    for (const flag of SERVER_NODE_ARGS) {
      expect(words).toContain(flag);
      expect(words.indexOf(flag)).toBeLessThan(words.indexOf('src/server/main.ts'));
    }
  });

  it('are what npm start and the server benchmarks pass', () => {
    // Imported, and spread into the child's arguments.
    for (const file of ['scripts/start.mjs', 'bench/load-mixed.ts', 'bench/corpus-scale.ts'])
      expect(fs.readFileSync(file, 'utf8'), file).toMatch(/import \{ SERVER_NODE_ARGS \}[^]*\.\.\.\(?[^,\]]*SERVER_NODE_ARGS/);
  });
});
