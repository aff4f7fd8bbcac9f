// Global styles first, so feature stylesheets (imported by the pages) come after them in the bundle.
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getAppHistory } from '@/lib/url-state/history-store';
import { installScrollMemory } from '@/lib/url-state/scroll-memory';
import { App } from './app';
import { AppProviders } from './providers';

installScrollMemory(getAppHistory());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <AppProviders>
      <App />
    </AppProviders>
  </StrictMode>,
);
