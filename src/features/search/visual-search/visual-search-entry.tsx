/**
 * The closeup's way into visual search: "Search inside this image" (an area of the pin's
 * picture) and "Search with an image" (a picture from this device, chosen or dropped), and the
 * "Looks like this" results when the URL holds a search (look-param.ts). Everything else (the
 * selector, the encoder, the request) is the lazy visual-search-panel chunk, loaded when used.
 */
import { useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { Pin } from '@/contract/api';
import { t } from '@/lib/i18n/i18n';
import { lazyModule } from '@/lib/lazy/lazy-module';
import { useLazyModule } from '@/lib/lazy/use-lazy-module';
import { navigate } from '@/lib/url-state/history-store';
import { useLocationSnapshot } from '@/lib/url-state/use-location';
import { lookSearch, parseLook, START_AREA, type Look } from './look-param';

export const visualSearchModule = lazyModule(() => import('./visual-search-panel'));

export function useLook(): Look | null {
  const { search } = useLocationSnapshot();
  return useMemo(() => parseLook(search), [search]);
}

function goTo(look: Look): void {
  const { pathname, search } = window.location;
  navigate(`${pathname}${lookSearch(search, look)}`);
}

/** The closeup's picture (`children`), with the visual search tools under it. */
export function VisualSearchMedia({ pin, children }: { pin: Pin; children: ReactNode }) {
  const [selecting, setSelecting] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [dropping, setDropping] = useState(false);
  const startRef = useRef<HTMLButtonElement>(null);
  // Not fetched until a tool is used.
  const panel = useLazyModule(visualSearchModule, false);
  const look = useLook();

  const withPanel = async <T,>(run: (module: typeof import('./visual-search-panel')) => T) => {
    setFailed(null);
    try {
      return run(await visualSearchModule.load());
    } catch (error) {
      setFailed(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  };

  const searchPicture = (file: File | undefined) => {
    if (!file) return;
    if (!file.type.startsWith('image/')) {
      setFailed(t('That file isn’t a picture this browser can read.') as string);
      return;
    }
    void withPanel((module) => goTo(module.rememberLocalPicture(file)));
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDropping(false);
    searchPicture(event.dataTransfer.files[0]);
  };

  if (selecting && panel.status === 'loaded')
    return (
      <panel.value.AreaSelector
        pin={pin}
        initial={look?.kind === 'area' ? look.area : START_AREA}
        onSearch={(area) => {
          setSelecting(false);
          goTo({ kind: 'area', area });
        }}
        onCancel={() => {
          setSelecting(false);
          requestAnimationFrame(() => startRef.current?.focus());
        }}
      />
    );

  return (
    <>
      {children}
      <div
        className={`visual-tools${dropping ? ' visual-tools--dropping' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDropping(true);
        }}
        onDragLeave={() => setDropping(false)}
        onDrop={onDrop}
      >
        {!pin.video && (
          <button
            ref={startRef}
            type="button"
            className="button"
            onClick={() => void withPanel(() => setSelecting(true))}
          >
            {t('Search inside this image')}
          </button>
        )}
        <label className="button visual-tools__file">
          {t('Search with an image')}
          <input
            type="file"
            accept="image/*"
            className="visual-tools__input"
            onChange={(event) => {
              searchPicture(event.currentTarget.files?.[0]);
              event.currentTarget.value = '';
            }}
          />
        </label>
        <p className="visual-tools__note">
          {t('Your picture stays on this device: only its embedding (a list of numbers) is sent.')}
        </p>
        {failed && (
          <p role="alert" className="visual-tools__error">
            {failed}
          </p>
        )}
      </div>
    </>
  );
}

/** "Looks like this" for the search in the URL (its chunk loads with it). */
export function LookResults({ pin, look }: { pin: Pin; look: Look }) {
  const panel = useLazyModule(visualSearchModule);
  if (panel.status === 'loaded') return <panel.value.LooksLikeThis pin={pin} look={look} />;
  if (panel.status === 'failed')
    return (
      <p role="alert" className="feed-state">
        {t('Couldn’t search by image.')}
      </p>
    );
  return null;
}
