/**
 * Visual search in the closeup (a lazy chunk of its own: nothing of it, nor the image model and
 * its runtime, loads until a reader asks for it). Three parts:
 * - AreaSelector: pick an area of the pin's picture with the pointer (drag) or the keyboard
 *   (arrow keys move it, Shift + arrow keys resize it, Enter searches, Escape cancels), announced
 *   in a live region;
 * - rememberLocalPicture: a picture from this device, embedded here (only the embedding is kept,
 *   in this tab's session, and sent);
 * - LooksLikeThis: runs the image encoder (src/lib/rerank/image-encoder, a worker) on the area or
 *   takes the local picture's embedding, asks the server for pins that look like it and shows
 *   them, with the model's download progress and clear errors on the way.
 */
import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import type { Pin, VisualMatch } from '@/contract/api';
import { ApiError } from '@/lib/api-client/api-client';
import { t } from '@/lib/i18n/i18n';
import { getImageEncoder, type EncoderStatus } from '@/lib/rerank/image-encoder/encoder-main';
import { Link } from '@/lib/url-state/link';
import { pinHref } from '@/lib/url-state/routes';
import { useLocationSnapshot } from '@/lib/url-state/use-location';
import {
  areaInPixels,
  fileLookStorageKey,
  fitArea,
  lookValue,
  MIN_SIDE,
  parseLookValue,
  percent,
  type Area,
  type Look,
} from './look-param';
import { postVisualSearch } from './visual-search-api';
import './visual-search.css';

/** Thousandths an arrow key moves or resizes the area by. */
const STEP = 50;

function describeArea(area: Area): string {
  return t(
    'Selected area: {width}% wide, {height}% high, {left}% from the left, {top}% from the top.',
    {
      width: percent(area.w),
      height: percent(area.h),
      left: percent(area.x),
      top: percent(area.y),
    },
  ) as string;
}

/** The area from one corner to the other, in thousandths of the element's box. */
function areaBetween(a: { x: number; y: number }, b: { x: number; y: number }): Area {
  return fitArea({
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    w: Math.max(MIN_SIDE, Math.abs(a.x - b.x)),
    h: Math.max(MIN_SIDE, Math.abs(a.y - b.y)),
  });
}

export function AreaSelector({
  pin,
  initial,
  onSearch,
  onCancel,
}: {
  pin: Pin;
  initial: Area;
  onSearch: (area: Area) => void;
  onCancel: () => void;
}) {
  const [area, setArea] = useState(initial);
  const [announced, setAnnounced] = useState('');
  const boxRef = useRef<HTMLDivElement>(null);
  const dragFrom = useRef<{ x: number; y: number } | null>(null);
  const instructionsId = useId();

  useEffect(() => {
    boxRef.current?.focus({ preventScroll: true });
  }, []);

  const change = (next: Area) => {
    setArea(next);
    setAnnounced(describeArea(next));
  };

  const pointAt = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * 1000,
      y: ((event.clientY - rect.top) / rect.height) * 1000,
    };
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.focus({ preventScroll: true });
    event.currentTarget.setPointerCapture(event.pointerId);
    dragFrom.current = pointAt(event);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (dragFrom.current) setArea(areaBetween(dragFrom.current, pointAt(event)));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!dragFrom.current) return;
    const next = areaBetween(dragFrom.current, pointAt(event));
    dragFrom.current = null;
    change(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-STEP, 0],
      ArrowRight: [STEP, 0],
      ArrowUp: [0, -STEP],
      ArrowDown: [0, STEP],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      // In a right-to-left page, left and right still mean the picture's left and right.
      const [dx, dy] = move;
      change(
        event.shiftKey
          ? fitArea({ ...area, w: area.w + dx, h: area.h + dy })
          : fitArea({ ...area, x: area.x + dx, y: area.y + dy }),
      );
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onSearch(area);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <div className="area-selector">
      <div
        ref={boxRef}
        className="area-selector__picture"
        role="application"
        aria-roledescription={t('area selector') as string}
        aria-label={t('Area of “{title}” to search', { title: pin.title }) as string}
        aria-describedby={instructionsId}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (dragFrom.current = null)}
        data-area={lookValue({ kind: 'area', area })}
      >
        <img
          src={pin.imageUrl2x}
          alt=""
          width={pin.width * 2}
          height={pin.height * 2}
          draggable={false}
          style={{ backgroundColor: pin.dominantColor }}
        />
        <div
          className="area-selector__area"
          aria-hidden="true"
          style={{
            left: `${area.x / 10}%`,
            top: `${area.y / 10}%`,
            width: `${area.w / 10}%`,
            height: `${area.h / 10}%`,
          }}
        />
      </div>
      <p id={instructionsId} className="area-selector__help">
        {t(
          'Drag over the picture to select an area. With the keyboard: arrow keys move the area, Shift and arrow keys resize it, Enter searches, Escape cancels.',
        )}
      </p>
      <p className="sr-only" role="status" aria-live="polite">
        {announced}
      </p>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={() => onSearch(area)}>
          {t('Search this area')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('Cancel')}
        </button>
      </div>
    </div>
  );
}

/** "k3x9a0b2": a key for a local picture's embedding in this tab's session. */
const newKey = () => Math.random().toString(36).slice(2, 10).padEnd(8, '0');

/** Local pictures chosen on this page, until they are embedded (then only the embedding is kept). */
const pendingPictures = new Map<string, Blob>();
/** This page's local pictures' embeddings (sessionStorage may be unavailable). */
const localVectors = new Map<string, Float32Array>();

/**
 * A picture from this device, for the URL (`?look=f:<key>`): it is embedded here when the
 * results ask for it, and only its embedding is kept (this tab's session) and sent.
 */
export function rememberLocalPicture(file: Blob): Look {
  const key = newKey();
  pendingPictures.set(key, file);
  return { kind: 'file', key };
}

async function localVector(key: string): Promise<Float32Array | null> {
  const pending = pendingPictures.get(key);
  if (pending) {
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(pending);
    } catch {
      pendingPictures.delete(key);
      throw new Error(t('That file isn’t a picture this browser can read.') as string);
    }
    const { vector } = await getImageEncoder().embedBitmap(bitmap);
    pendingPictures.delete(key);
    localVectors.set(key, vector);
    try {
      sessionStorage.setItem(fileLookStorageKey(key), JSON.stringify(Array.from(vector)));
    } catch {
      // Storage refused: this page still has it in memory.
    }
    return vector;
  }
  const inMemory = localVectors.get(key);
  if (inMemory) return inMemory;
  try {
    const text = sessionStorage.getItem(fileLookStorageKey(key));
    const values: unknown = text ? JSON.parse(text) : null;
    return Array.isArray(values) && values.every((v) => typeof v === 'number')
      ? Float32Array.from(values)
      : null;
  } catch {
    return null;
  }
}

async function loadPicture(url: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.src = url;
  await image.decode();
  return image;
}

/**
 * The area is cut from the 1x thumbnail: the index embedded that very file (src/server/ingest/
 * image-embedding.ts), and the model is sensitive to the source's resolution. Cut from the 2x
 * file, a whole picture found its own pin first for 84 of 99 pins (onnxruntime-node, the test
 * index), against every one from the 1x file.
 */
async function embedArea(pin: Pin, area: Area): Promise<Float32Array> {
  const picture = await loadPicture(pin.imageUrl);
  const { sx, sy, sw, sh } = areaInPixels(area, picture.naturalWidth, picture.naturalHeight);
  const bitmap = await createImageBitmap(picture, sx, sy, sw, sh);
  return (await getImageEncoder().embedBitmap(bitmap)).vector;
}

function useEncoderStatus(): EncoderStatus {
  const encoder = getImageEncoder();
  return useSyncExternalStore(encoder.subscribe, encoder.getStatus);
}

const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);

type Phase =
  | { step: 'embedding' }
  | { step: 'searching' }
  | { step: 'done'; items: VisualMatch[]; nextCursor: string | null; vector: Float32Array }
  | { step: 'failed'; title: string; message: string; retry: boolean }
  | { step: 'gone' };

function failure(error: unknown): Extract<Phase, { step: 'failed' }> {
  if (error instanceof ApiError && error.code === 'unavailable')
    return {
      step: 'failed',
      title: t('Visual search isn’t available on this server.') as string,
      message: error.message,
      retry: false,
    };
  if (error instanceof ApiError)
    return {
      step: 'failed',
      title: t('Couldn’t search by image.') as string,
      message: error.message,
      retry: true,
    };
  return {
    step: 'failed',
    title: t('The image model couldn’t run in this browser.') as string,
    message: error instanceof Error ? error.message : String(error),
    retry: true,
  };
}

function EncoderProgress() {
  const status = useEncoderStatus();
  if (status.state !== 'loading') return <>{t('Looking at the picture…')}</>;
  if (status.total)
    return (
      <>
        {t('Downloading the image model: {loaded} of {total} MB', {
          loaded: megabytes(status.loaded),
          total: megabytes(status.total),
        })}
        <progress className="look-results__progress" max={status.total} value={status.loaded} />
      </>
    );
  return (
    <>
      {t('Downloading the image model: {loaded} MB so far', { loaded: megabytes(status.loaded) })}
      <progress className="look-results__progress" />
    </>
  );
}

export function LooksLikeThis({ pin, look }: { pin: Pin; look: Look }) {
  // Effects key on the value: the same area (or picture) is the same search.
  const value = lookValue(look);
  const [phase, setPhase] = useState<Phase>({ step: 'embedding' });
  const [attempt, setAttempt] = useState(0);
  const [more, setMore] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { navigationType } = useLocationSnapshot();

  useEffect(() => {
    // A search the reader just asked for: take focus to its results, which replace the selector.
    if (navigationType === 'push') headingRef.current?.focus({ preventScroll: true });
  }, [navigationType, value]);

  useEffect(() => {
    const controller = new AbortController();
    let live = true;
    void (async () => {
      setPhase({ step: 'embedding' });
      const current = parseLookValue(value);
      try {
        const vector = !current
          ? null
          : current.kind === 'area'
            ? await embedArea(pin, current.area)
            : await localVector(current.key);
        if (!live) return;
        if (!vector) return setPhase({ step: 'gone' });
        setPhase({ step: 'searching' });
        const page = await postVisualSearch({
          vector,
          exclude: [pin.id],
          signal: controller.signal,
        });
        if (live)
          setPhase({ step: 'done', items: page.items, nextCursor: page.nextCursor, vector });
      } catch (error) {
        if (live && !controller.signal.aborted) setPhase(failure(error));
      }
    })();
    return () => {
      live = false;
      controller.abort();
    };
  }, [pin, value, attempt]);

  const loadMore = useCallback(async () => {
    if (phase.step !== 'done' || !phase.nextCursor || more) return;
    setMore(true);
    try {
      const page = await postVisualSearch({
        vector: phase.vector,
        exclude: [pin.id],
        cursor: phase.nextCursor,
      });
      setPhase({ ...phase, items: [...phase.items, ...page.items], nextCursor: page.nextCursor });
    } catch (error) {
      setPhase(failure(error));
    } finally {
      setMore(false);
    }
  }, [phase, more, pin.id]);

  return (
    <section className="look-results" aria-labelledby="look-results-heading" data-look={value}>
      <h2 id="look-results-heading" className="related__title" ref={headingRef} tabIndex={-1}>
        {t('Looks like this')}
      </h2>
      <p role="status" className="look-results__status">
        {phase.step === 'embedding' ? (
          <EncoderProgress />
        ) : phase.step === 'searching' ? (
          t('Finding pins that look like this…')
        ) : phase.step === 'done' ? (
          t('{count, plural, one {# pin looks like this} other {# pins look like this}}', {
            count: phase.items.length,
          })
        ) : null}
      </p>
      {phase.step === 'failed' && (
        <div role="alert" className="feed-state feed-state--error">
          <p className="feed-state__title">{phase.title}</p>
          <p className="feed-state__message">{phase.message}</p>
          {phase.retry && (
            <button
              type="button"
              className="button button--primary"
              onClick={() => setAttempt((n) => n + 1)}
            >
              {t('Retry')}
            </button>
          )}
        </div>
      )}
      {phase.step === 'gone' && (
        <p role="alert" className="feed-state">
          {t('This picture’s search is no longer on this device. Choose the picture again.')}
        </p>
      )}
      {phase.step === 'done' && (
        <>
          <ul className="look-grid">
            {phase.items.map((item) => (
              <li key={item.id} className="look-grid__item" data-pin-id={item.id}>
                <Link href={pinHref(item.id)} className="look-grid__link">
                  <img
                    src={item.imageUrl}
                    srcSet={`${item.imageUrl} 1x, ${item.imageUrl2x} 2x`}
                    alt=""
                    width={item.width}
                    height={item.height}
                    loading="lazy"
                    decoding="async"
                    style={{ backgroundColor: item.dominantColor }}
                  />
                  <span className="look-grid__title">{item.title}</span>
                </Link>
              </li>
            ))}
          </ul>
          {phase.nextCursor && (
            <button
              type="button"
              className="button"
              onClick={() => void loadMore()}
              aria-disabled={more || undefined}
            >
              {t('Load more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
