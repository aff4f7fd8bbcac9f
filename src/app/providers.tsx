import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ErrorBoundary } from './error-boundary';
import { PersonalizationProvider } from './personalization-provider';
import { createQueryClient } from './query-client';

export function AppProviders({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  return (
    <ErrorBoundary>
      <QueryClientProvider client={client}>
        <PersonalizationProvider>{children}</PersonalizationProvider>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
