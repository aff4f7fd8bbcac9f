import { describe, expect, it } from 'vitest';
import { firstViewChunks } from '../../scripts/lib/first-view-chunks';

const ROOT = '/repo';
const chunk = (
  fileName: string,
  facade: string | null,
  imports: string[] = [],
  isEntry = false,
) => ({
  fileName,
  facadeModuleId: facade === null ? null : `${ROOT}/${facade}`,
  imports,
  isEntry,
});

describe('firstViewChunks', () => {
  const chunks = [
    chunk('assets/main-a.js', 'index.html', ['assets/runtime-b.js'], true),
    chunk('assets/runtime-b.js', null),
    chunk('assets/api-c.js', 'src/contract/api.ts'),
    chunk('assets/pool-d.js', 'src/feed/pool.ts', ['assets/shared-e.js', 'assets/runtime-b.js']),
    chunk('assets/shared-e.js', null),
    chunk('assets/closeup-f.js', 'src/closeup.ts', ['assets/shared-e.js']),
  ];

  it('lists the chunks of the modules and what they import, less what the entry loads anyway', () => {
    expect(firstViewChunks(chunks, ['src/contract/api.ts', 'src/feed/pool.ts'], ROOT)).toEqual([
      'assets/api-c.js',
      'assets/pool-d.js',
      'assets/shared-e.js',
    ]);
  });

  it('fails the build when a module is no longer a chunk of its own', () => {
    expect(() => firstViewChunks(chunks, ['src/gone.ts'], ROOT)).toThrow(
      /no chunk for src\/gone\.ts/,
    );
  });
});
