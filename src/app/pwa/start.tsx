/**
 * What the app does once the first view is done with the network (main.tsx loads this chunk
 * then): the service worker, the first run's indexing notice and the notices' own React root.
 * None of it is on the first paint's path (scripts/check-bundle-budget.ts).
 */
import type { QueryClient } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { watchIndexing } from './indexing-watch';
import { createNoticeStore } from './notice-store';
import { Notices } from './notices';
import { registerServiceWorker } from './register-sw';

export function start(queryClient: QueryClient): void {
  const store = createNoticeStore();
  const host = document.createElement('div');
  document.body.append(host);
  createRoot(host).render(<Notices store={store} />);
  registerServiceWorker(store).catch((error: unknown) => {
    console.warn('Service worker not registered:', error);
  });
  void watchIndexing({ store, queryClient });
}
