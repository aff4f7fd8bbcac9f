/** What the background notices say (notices.tsx), as pure functions. */
import type { IndexingStatus } from '@/contract/indexing';
import type { SavedAnswer } from './cache-policy';

const fmtInt = (n: number) => n.toLocaleString('en-US');

export function indexingText(status: IndexingStatus): string {
  const percent = status.total > 0 ? Math.floor((100 * status.done) / status.total) : 0;
  switch (status.state) {
    case 'building':
      return status.phase === 'write'
        ? 'Adding more images: almost done (writing the index).'
        : `Adding more images in the background: ${fmtInt(status.done)} of ${fmtInt(status.total)} (${percent} %). Searches show them once they are in.`;
    case 'done':
      return `All ${fmtInt(status.total)} images are in: new searches include them.`;
    case 'failed':
      return 'Adding more images stopped; the images already here keep working.';
  }
}

export function savedText(answer: SavedAnswer, now = new Date()): string {
  if (!answer.savedAt) return 'Saved offline: this page is the copy kept on this device.';
  const at = new Date(answer.savedAt);
  const sameDay = at.toDateString() === now.toDateString();
  const when = sameDay
    ? at.toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' })
    : at.toLocaleDateString('en-US', { day: 'numeric', month: 'short' });
  return `Saved offline: this page is the copy kept on this device (${when}).`;
}
