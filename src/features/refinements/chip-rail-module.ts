/**
 * The chip rail as a lazy chunk: it shows only once a search has answered, so the first paint
 * (its 100 KB budget, scripts/check-bundle-budget.ts) does without it. A results page starts
 * the fetch with its search (app/prefetch-first-view.ts), other pages when idle (main.tsx).
 */
import { lazyModule } from '@/lib/lazy/lazy-module';

export const chipRailModule = lazyModule(() => import('./chip-rail'));
