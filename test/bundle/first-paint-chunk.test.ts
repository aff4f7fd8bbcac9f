import { describe, expect, it } from 'vitest';
import {
  firstPaintGroup,
  firstPaintModules,
  staticClosure,
  type ModuleGraph,
} from '../../vite.config';

/**
 * index.html → main.tsx → app.tsx → {react, store}; store → vanilla (also the lab's);
 * main.tsx imports pin-page.tsx only dynamically (not an importedId). rerank-lab.html → lab.ts →
 * {rerank.ts, vanilla}. A cycle (app ↔ router) must not loop.
 */
const IMPORTS: Record<string, string[]> = {
  '/index.html': ['/main.tsx'],
  '/main.tsx': ['/app.tsx'],
  '/app.tsx': ['/react', '/store.ts', '/router.ts'],
  '/router.ts': ['/app.tsx'],
  '/store.ts': ['/react', '/vanilla'],
  '/pin-page.tsx': ['/react', '/store.ts'],
  '/rerank-lab.html': ['/lab.ts'],
  '/lab.ts': ['/rerank.ts', '/vanilla'],
  '/react': [],
  '/vanilla': [],
  '/rerank.ts': [],
};

function graph(): ModuleGraph & { lookups: number } {
  const g = {
    lookups: 0,
    getModuleInfo(id: string) {
      g.lookups += 1;
      const importedIds = IMPORTS[id];
      return importedIds ? { importedIds } : null;
    },
  };
  return g;
}

describe('the first paint group', () => {
  it('reaches through static imports only, cycles included', () => {
    expect([...staticClosure(graph(), '/index.html')].sort()).toEqual([
      '/app.tsx',
      '/index.html',
      '/main.tsx',
      '/react',
      '/router.ts',
      '/store.ts',
      '/vanilla',
    ]);
  });

  it('takes what only the app page reaches: not its lazy chunks, not what the lab shares', () => {
    expect([...firstPaintModules(graph(), '/index.html', ['/rerank-lab.html'])].sort()).toEqual([
      '/app.tsx',
      '/index.html',
      '/main.tsx',
      '/react',
      '/router.ts',
      '/store.ts',
    ]);
  });

  it('names those modules for the entry’s chunk and walks the graph once per build', () => {
    const group = firstPaintGroup({
      name: 'main',
      entry: '/index.html',
      otherEntries: ['/rerank-lab.html'],
    });
    const g = graph();
    const names = Object.keys(IMPORTS).map((id) => [id, group.name(id, g)]);
    expect(Object.fromEntries(names)).toEqual({
      '/index.html': 'main',
      '/main.tsx': 'main',
      '/app.tsx': 'main',
      '/router.ts': 'main',
      '/store.ts': 'main',
      '/react': 'main',
      '/pin-page.tsx': null,
      '/rerank-lab.html': null,
      '/lab.ts': null,
      '/vanilla': null,
      '/rerank.ts': null,
    });
    const lookupsForOneWalk = g.lookups;
    group.name('/app.tsx', g);
    expect(g.lookups).toBe(lookupsForOneWalk);
    expect(group.includeDependenciesRecursively).toBe(false);
  });
});
