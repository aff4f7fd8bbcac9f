/**
 * The results page's modules (generated on the server, src/server/modules): each a
 * labelled region with a heading and one row of tiles in a carousel. A lazy chunk
 * (module-blocks.ts). Tiles are links (Tab reaches each; focusing one scrolls it into view); the
 * carousel's scroll buttons are always drawn, and turned off at either end.
 */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { ModulePin, ModuleTile } from '@/contract/api';
import type { ModuleClickAction, ModuleEvent } from '@/ranking/module-engagement';
import type { PageModule } from '@/ranking/page-modules';
import { useSearchPersonalization } from '@/features/search/personalization-port';
import { PinBadge } from '@/features/search/pin-types/pin-badge';
import { prefersReducedMotion } from '@/features/search/pin-types/reduced-motion';
import { afterNextPaint } from '@/lib/dom/after-next-paint';
import { t } from '@/lib/i18n/i18n';
import { Link } from '@/lib/url-state/link';
import { pinHref, searchHref } from '@/lib/url-state/routes';
import './modules.css';

/** A press of a scroll button moves this share of the visible row. */
const SCROLL_SHARE = 0.8;
/** Share of a module that must be on screen for it to count as seen. */
const SEEN_SHARE = 0.5;

/**
 * Modules already logged as seen, and as used, in this page view: a page view's modules are one
 * array of objects (decided once per feed, search-page.tsx), so Back to the same page, or the
 * block mounted again, logs nothing twice; a click counts once per view (module-ranking.ts).
 */
const seenModules = new WeakSet<PageModule>();
const usedModules = new WeakSet<PageModule>();

function moduleTitle(module: PageModule, q: string): string {
  switch (module.kind) {
    case 'narrow':
      return t('Narrow it down');
    case 'related':
      return t('Related searches');
    case 'shop':
      return t('Shop {query}', { query: q });
    case 'watch':
      return t('Watch');
    case 'saves':
      return t('From your saves');
  }
}

function Carousel({ children, onScrolled }: { children: ReactNode; onScrolled: () => void }) {
  const rowRef = useRef<HTMLUListElement>(null);
  // Which way the row can still scroll, on the screen: right to left it starts at its right end.
  const [edges, setEdges] = useState({ canLeft: false, canRight: false });
  const update = useCallback(() => {
    const row = rowRef.current;
    if (!row) return;
    // scrollLeft runs from 0 towards negative values right to left.
    const rtl = getComputedStyle(row).direction === 'rtl';
    const scrolled = Math.abs(row.scrollLeft) > 1;
    const more = Math.abs(row.scrollLeft) + row.clientWidth < row.scrollWidth - 1;
    setEdges({ canLeft: rtl ? more : scrolled, canRight: rtl ? scrolled : more });
  }, []);
  useEffect(() => {
    update();
    const row = rowRef.current;
    if (!row || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(row);
    return () => observer.disconnect();
  }, [update]);
  const scroll = (sign: 1 | -1) => {
    const row = rowRef.current;
    if (!row) return;
    onScrolled();
    row.scrollBy({
      left: sign * row.clientWidth * SCROLL_SHARE,
      behavior: prefersReducedMotion() ? 'auto' : 'smooth',
    });
  };
  return (
    <div className="module-carousel">
      <button
        type="button"
        className="module-carousel__button module-carousel__button--left"
        aria-label={t('Scroll left')}
        disabled={!edges.canLeft}
        onClick={() => scroll(-1)}
      >
        <span aria-hidden="true">‹</span>
      </button>
      <ul ref={rowRef} className="module-carousel__row" onScroll={update}>
        {children}
      </ul>
      <button
        type="button"
        className="module-carousel__button module-carousel__button--right"
        aria-label={t('Scroll right')}
        disabled={!edges.canRight}
        onClick={() => scroll(1)}
      >
        <span aria-hidden="true">›</span>
      </button>
    </div>
  );
}

function Cover({ pin }: { pin: ModulePin }) {
  return (
    <span className="module-tile__media" style={{ backgroundColor: pin.dominantColor }}>
      <img
        src={pin.imageUrl}
        srcSet={`${pin.imageUrl} 1x, ${pin.imageUrl2x} 2x`}
        width={pin.width}
        height={pin.height}
        alt=""
        loading="lazy"
        decoding="async"
      />
    </span>
  );
}

function SearchTile({
  tile,
  exact,
  onOpen,
}: {
  tile: ModuleTile;
  exact: boolean;
  onOpen: () => void;
}) {
  return (
    <li className="module-tile">
      <Link
        className="module-tile__link"
        href={searchHref(tile.q, tile.refine, { exact })}
        onClick={onOpen}
      >
        <Cover pin={tile.cover} />
        <span className="module-tile__label">{tile.label}</span>
        <span className="module-tile__count">
          {t('{count, plural, one {# idea} other {# ideas}}', { count: tile.count })}
        </span>
      </Link>
    </li>
  );
}

function PinTile({ pin, onOpen }: { pin: ModulePin; onOpen: () => void }) {
  return (
    <li className="module-tile module-tile--pin">
      <Link className="module-tile__link" href={pinHref(pin.id)} onClick={onOpen}>
        <Cover pin={pin} />
        <span className="module-tile__label">{pin.title}</span>
        <PinBadge pin={pin} />
      </Link>
    </li>
  );
}

export interface SearchModuleBlockProps {
  module: PageModule;
  /** The query the page shows (the Shop heading names it). */
  q: string;
  /** The page's `exact`: narrowing keeps it. */
  exact: boolean;
}

/** Logs the module as seen once half of it has been on screen, once per page view. */
function useModuleView(module: PageModule, q: string) {
  const ref = useRef<HTMLElement>(null);
  const { modules: device } = useSearchPersonalization();
  const onModuleEvent = useCallback(
    (event: Omit<ModuleEvent, 'v' | 'at'>) =>
      void device?.load().then(
        (m) => m.logModuleEvent(event),
        () => undefined, // the log's chunk failed: nothing to log into
      ),
    [device],
  );
  useEffect(() => {
    const element = ref.current;
    if (!element || seenModules.has(module) || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting) || seenModules.has(module)) return;
        seenModules.add(module);
        observer.disconnect();
        onModuleEvent({ type: 'module-view', kind: module.kind, query: q, slot: module.slot });
      },
      { threshold: SEEN_SHARE },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [module, q, onModuleEvent]);
  const used = useCallback(
    (action: ModuleClickAction) => {
      if (usedModules.has(module)) return;
      usedModules.add(module);
      onModuleEvent({
        type: 'module-click',
        kind: module.kind,
        query: q,
        slot: module.slot,
        action,
      });
    },
    [module, q, onModuleEvent],
  );
  return { ref, used };
}

/**
 * Whether this page has painted since the chunk came in. On a load with the chunk cached, it is
 * in by the time the first page's cards are committed; drawn in that same commit, its blocks
 * (a carousel of tiles each, their images) held back the paint of the first cards, the page's
 * largest contentful paint, by a long task (bench/web-vitals.ts, mobile warm). Their boxes stand
 * at their final size from the first paint, so drawing them a frame later moves nothing.
 */
let pagePainted = false;

export function SearchModuleBlock(props: SearchModuleBlockProps) {
  const [painted, setPainted] = useState(pagePainted);
  useEffect(() => {
    if (!painted)
      afterNextPaint(() => {
        pagePainted = true;
        setPainted(true);
      });
  }, [painted]);
  return painted ? <ModuleBlock {...props} /> : null;
}

function ModuleBlock({ module, q, exact }: SearchModuleBlockProps) {
  const headingId = useId();
  const { ref, used } = useModuleView(module, q);
  const onOpen = () => used('open');
  return (
    <section
      ref={ref}
      className={`search-module search-module--${module.kind}`}
      aria-labelledby={headingId}
      data-module={module.kind}
    >
      <h2 id={headingId} className="search-module__title">
        {moduleTitle(module, q)}
      </h2>
      <Carousel onScrolled={() => used('scroll')}>
        {'tiles' in module
          ? module.tiles.map((tile) => (
              <SearchTile
                key={`${tile.q}\n${tile.refine.join('\n')}`}
                tile={tile}
                exact={module.kind === 'narrow' && exact}
                onOpen={onOpen}
              />
            ))
          : module.pins.map((pin) => <PinTile key={pin.id} pin={pin} onOpen={onOpen} />)}
      </Carousel>
    </section>
  );
}
