/** What the background notices say (notices.tsx), as pure functions. */
import type { IndexingStatus } from '@/contract/indexing';
import { currentLocale, formatNumber, t } from '@/lib/i18n/i18n';
import type { SavedAnswer } from './cache-policy';

export function indexingText(status: IndexingStatus): string {
  const percent = status.total > 0 ? Math.floor((100 * status.done) / status.total) : 0;
  switch (status.state) {
    case 'building':
      return status.phase === 'write'
        ? t('Adding more images: almost done (writing the index).')
        : t(
            'Adding more images in the background: {done} of {total} ({percent} %). Searches show them once they are in.',
            { done: formatNumber(status.done), total: formatNumber(status.total), percent: formatNumber(percent) },
          );
    case 'done':
      return t('All {total} images are in: new searches include them.', { total: formatNumber(status.total) });
    case 'failed':
      return t('Adding more images stopped; the images already here keep working.');
  }
}

export function savedText(answer: SavedAnswer, now = new Date()): string {
  if (!answer.savedAt) return t('Saved offline: this page is the copy kept on this device.');
  const at = new Date(answer.savedAt);
  const sameDay = at.toDateString() === now.toDateString();
  const when = sameDay
    ? at.toLocaleTimeString(currentLocale(), { hour: '2-digit', minute: '2-digit' })
    : at.toLocaleDateString(currentLocale(), { day: 'numeric', month: 'short' });
  return t('Saved offline: this page is the copy kept on this device ({when}).', { when });
}
