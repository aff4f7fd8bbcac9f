import { memo, type KeyboardEvent, type MouseEvent, type SyntheticEvent } from 'react';
import type { Pin } from '@/contract/api';
import type { Rect } from '@/lib/masonry/layout';
import { isPlainLeftClick } from '@/lib/url-state/link';
import { pinHref } from '@/lib/url-state/routes';
import { useSearchPersonalization } from '../personalization-port';
import { PinBadge } from '../pin-types/pin-badge';
import { useVideoPreview } from '../pin-types/use-video-preview';
import { cardTransform } from './card-transform';
import { t } from '@/lib/i18n/i18n';

export interface PinCardProps {
  pin: Pin;
  rect: Rect;
  captionHeight: number;
  /** Position in the feed, 0-based. */
  index: number;
  setSize: number;
  titleLevel: 2 | 3;
  idPrefix: string;
  onOpen: (pin: Pin) => void;
  /**
   * The image is likely the page's largest paint (the grid's first row at the top of a page):
   * fetched at once and ahead of the rest, not left to lazy loading.
   */
  priority?: boolean;
}

/** Set on the element directly (not React state): no re-render per image; CSS drops the placeholder. */
export function markLoaded(event: SyntheticEvent<HTMLImageElement>): void {
  event.currentTarget.dataset.loaded = '';
}

export function srcSet(pin: Pick<Pin, 'imageUrl' | 'imageUrl2x'>): string {
  return `${pin.imageUrl} 1x, ${pin.imageUrl2x} 2x`;
}

/** One result: a focusable article, absolutely placed by the masonry layout. */
export const PinCard = memo(function PinCard({
  pin,
  rect,
  captionHeight,
  index,
  setSize,
  titleLevel,
  idPrefix,
  onOpen,
  priority = false,
}: PinCardProps) {
  const { CardExtras } = useSearchPersonalization();
  // A video pin previews its clip, muted, while pointed at or focused (pin-types/).
  const { handlers: previewHandlers, preview } = useVideoPreview(pin.video);
  const titleId = `${idPrefix}-title-${index}`;
  const imageHeight = rect.height - captionHeight;
  const Heading = titleLevel === 2 ? 'h2' : 'h3';

  const onClick = (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented) return;
    onOpen(pin);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Enter' && event.target === event.currentTarget) {
      event.preventDefault();
      onOpen(pin);
    }
  };
  // The title is a real link so middle-click / "open in new tab" work; it is
  // out of the tab order because the article itself is the focus stop.
  const onLinkClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!isPlainLeftClick(event)) {
      event.stopPropagation();
      return;
    }
    event.preventDefault();
    onOpen(pin);
  };

  return (
    <article
      className="pin-card"
      tabIndex={0}
      aria-labelledby={titleId}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      data-pin-id={pin.id}
      data-feed-index={index}
      style={{
        transform: cardTransform(rect),
        width: rect.width,
        height: rect.height,
      }}
      onClick={onClick}
      onKeyDown={onKeyDown}
      {...previewHandlers}
    >
      {/* The placeholder colour sits on the <img> and is dropped once it loads: a background
          under a clipped image bleeds through the anti-aliased rounded corners. */}
      <div className="pin-card__media" style={{ height: imageHeight }}>
        <img
          src={pin.imageUrl}
          srcSet={srcSet(pin)}
          alt={pin.title}
          width={rect.width}
          height={imageHeight}
          loading={priority ? 'eager' : 'lazy'}
          fetchPriority={priority ? 'high' : 'auto'}
          decoding="async"
          draggable={false}
          style={{ backgroundColor: pin.dominantColor }}
          onLoad={markLoaded}
        />
        {preview}
        <PinBadge pin={pin} />
      </div>
      <Heading id={titleId} className="pin-card__title">
        <a href={pinHref(pin.id)} tabIndex={-1} onClick={onLinkClick}>
          {pin.title}
        </a>
      </Heading>
      <CardExtras pin={pin} />
    </article>
  );
});

/** A card the reader hid ("Not interested"): its slot keeps a notice with Undo until the next search. */
export function HiddenPinNotice({
  pin,
  rect,
  index,
  setSize,
  idPrefix,
  onUndo,
}: {
  pin: Pin;
  rect: Rect;
  index: number;
  setSize: number;
  idPrefix: string;
  onUndo: (pinId: string) => void;
}) {
  const textId = `${idPrefix}-hidden-${index}`;
  return (
    <article
      className="pin-card pin-card--hidden"
      tabIndex={0}
      aria-labelledby={textId}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      data-hidden-pin-id={pin.id}
      data-feed-index={index}
      style={{
        transform: cardTransform(rect),
        width: rect.width,
        height: rect.height,
      }}
    >
      <p id={textId} className="pin-card__hidden-text">
        {t('Hidden: you’ll see fewer ideas like “{title}”.', { title: pin.title })}
      </p>
      <button type="button" className="button" onClick={() => onUndo(pin.id)}>
        {t('Undo')}
      </button>
    </article>
  );
}

/** The reserved slot of an item whose page was dropped from memory: its colour, nothing else. */
export function PinPlaceholder({
  rect,
  captionHeight,
  color,
}: {
  rect: Rect;
  captionHeight: number;
  color: string;
}) {
  return (
    <div
      className="pin-card pin-card--placeholder"
      aria-hidden="true"
      style={{
        transform: cardTransform(rect),
        width: rect.width,
        height: rect.height,
      }}
    >
      <div
        className="pin-card__media"
        style={{ height: rect.height - captionHeight, backgroundColor: color }}
      />
    </div>
  );
}
