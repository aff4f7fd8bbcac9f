import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorBoundary } from './error-boundary';
import { PersonalizationProvider } from './personalization-provider';

/** `client` is made by main.tsx, which starts the first view's requests before rendering. */
export function AppProviders({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <ErrorBoundary>
      <QueryClientProvider client={client}>
        <PersonalizationProvider>{children}</PersonalizationProvider>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
