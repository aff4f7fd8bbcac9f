/**
 * What the grid needs of the results page's modules before their chunk is in: their height, so
 * the layout leaves them their rows from the first paint (no layout shift when they are drawn),
 * and the lazy chunk that draws them (search-modules.tsx), fetched when a response has modules.
 * The first paint (its 100 KB budget) does without the modules' code.
 */
import type { PageModule } from '@/ranking/page-modules';
import { lazyModule } from '@/lib/lazy/lazy-module';
import type { FeedBlock } from '../feed/masonry-feed';

/** Every module's box, in px: heading and one row of tiles (modules.css fits in it). */
export const MODULE_BLOCK_HEIGHT = 300;

export const searchModulesModule = lazyModule(() => import('./search-modules'));

export const moduleKey = (module: Pick<PageModule, 'kind'>): string => module.kind;

export const moduleBlocks = (modules: readonly PageModule[]): FeedBlock[] =>
  modules.map((module) => ({
    key: moduleKey(module),
    afterRow: module.slot,
    height: MODULE_BLOCK_HEIGHT,
  }));
