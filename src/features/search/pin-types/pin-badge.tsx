/**
 * A typed pin's badge on its card: the price in the interface's locale, or a play
 * mark with the clip's length. Drawn over the image's corner; on the first paint, so small.
 */
import type { Pin } from '@/contract/api';
import { currentLocale, t } from '@/lib/i18n/i18n';
import { formatDuration, formatPrice, isoDuration } from './format';

export function PinBadge({ pin }: { pin: Pick<Pin, 'product' | 'video'> }) {
  if (pin.product) {
    return (
      <span className="pin-badge pin-badge--price" data-pin-badge="price">
        {formatPrice(pin.product, currentLocale())}
        {pin.product.demo && <span className="pin-badge__note">{t('Demo price')}</span>}
      </span>
    );
  }
  if (pin.video) {
    return (
      <span className="pin-badge pin-badge--video" data-pin-badge="video">
        <svg
          className="pin-badge__play"
          viewBox="0 0 10 10"
          width="10"
          height="10"
          aria-hidden="true"
        >
          <path d="M2 1 L9 5 L2 9 Z" fill="currentColor" />
        </svg>
        <span className="sr-only">{t('Video')}</span>
        <time dateTime={isoDuration(pin.video.durationMs)}>
          {formatDuration(pin.video.durationMs)}
        </time>
      </span>
    );
  }
  return null;
}
