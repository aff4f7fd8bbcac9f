/**
 * The All · Products · Videos tabs as a lazy chunk: the first paint (its 100 KB budget) does
 * without their code. Their box is drawn at once, at its final height (search.css), and a
 * results page starts the chunk's fetch with its search (app/prefetch-first-view.ts), other
 * pages when idle (main.tsx), so the tabs are rarely seen missing and never move anything.
 */
import { lazyModule } from '@/lib/lazy/lazy-module';

export const resultTabsModule = lazyModule(() => import('./result-tabs'));
