import { useEffect } from 'react';

export const APP_NAME = 'Inspo';

/** `cat – Inspo`; the bare app name when there is nothing more specific. */
export function documentTitle(subject?: string | null): string {
  const s = subject?.trim();
  return s ? `${s} – ${APP_NAME}` : APP_NAME;
}

export function useDocumentTitle(subject?: string | null): void {
  const title = documentTitle(subject);
  useEffect(() => {
    document.title = title;
  }, [title]);
}
