/**
 * A typed pin's closeup parts, in the closeup's own lazy chunk (pin-route.tsx):
 * the clip with the browser's own controls (and its captions track when the manifest gave one),
 * paused when scrolled off screen; a product's offer with a link out.
 */
import { useEffect, useRef } from 'react';
import type { Pin, Product, ProductAvailability, Video } from '@/contract/api';
import { currentLocale, t } from '@/lib/i18n/i18n';
import { formatPrice } from './format';

/** The clip, never started by itself: the reader presses play. */
export function CloseupVideo({ pin, video }: { pin: Pin; video: Video }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    // Playing on while scrolled away (reading the details, the related pins) would be sound
    // and motion nobody is watching.
    const observer = new IntersectionObserver(([entry]) => {
      if (entry && !entry.isIntersecting && !element.paused) element.pause();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const captions = video.captions;
  return (
    <video
      ref={ref}
      controls
      playsInline
      preload="metadata"
      poster={video.poster}
      width={video.width}
      height={video.height}
      aria-label={pin.title}
      style={{ backgroundColor: pin.dominantColor }}
    >
      <source src={video.url} type={video.mimeType} />
      {captions && (
        <track
          kind="captions"
          src={captions.url}
          srcLang={captions.lang}
          label={languageName(captions.lang)}
          default
        />
      )}
    </video>
  );
}

/** "English", "Deutsch"…: a captions track's label in the interface's language. */
function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([currentLocale()], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

const availabilityLabel = (availability: ProductAvailability): string => {
  switch (availability) {
    case 'in_stock':
      return t('In stock');
    case 'out_of_stock':
      return t('Out of stock');
    case 'preorder':
      return t('Preorder');
    case 'backorder':
      return t('Backorder');
    case 'discontinued':
      return t('Discontinued');
  }
};

/** Links out only to the web: ingest accepts http(s) links alone, and the page checks again. */
const WEB_LINK = /^https?:\/\//iu;

/** The offer: price (a made-up one says so), merchant, availability, and where to buy it. */
export function ProductDetails({ product }: { product: Product }) {
  return (
    <section className="closeup__offer" aria-labelledby="closeup-offer">
      <h2 className="closeup__subheading" id="closeup-offer">
        {t('Price')}
      </h2>
      <p className="closeup__price" data-price="">
        {formatPrice(product, currentLocale())}
      </p>
      {product.demo && <p className="closeup__demo">{t('Demo price')}</p>}
      <dl className="closeup__facts">
        <dt>{t('Merchant')}</dt>
        <dd>{product.merchant}</dd>
        <dt>{t('Availability')}</dt>
        <dd>{availabilityLabel(product.availability)}</dd>
      </dl>
      {WEB_LINK.test(product.url) && (
        <a
          className="button closeup__offer-link"
          href={product.url}
          target="_blank"
          rel="noopener noreferrer"
        >
          {/* A demo offer's link is where the item comes from (its source and licence), not a shop:
              "View at Inspo demo shop" would promise a shop that is not there. */}
          {product.demo
            ? t('Where this item comes from')
            : t('View at {merchant}', { merchant: product.merchant })}
        </a>
      )}
    </section>
  );
}
