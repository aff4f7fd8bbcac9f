import { useEffect, useRef } from 'react';
import type { Pin } from '@/contract/api';
import { SaveButton } from './card-extras';
import { logDwell } from '../store/engagement-actions';

/**
 * Time on the closeup, counted while the tab is visible, logged when the reader
 * leaves (navigation, or the page going away).
 */
function useDwell(pin: Pin): void {
  const pinRef = useRef(pin);
  useEffect(() => {
    pinRef.current = pin;
  });
  useEffect(() => {
    let total = 0;
    let visibleSince: number | null =
      document.visibilityState === 'visible' ? performance.now() : null;
    let flushed = false;
    const pause = () => {
      if (visibleSince !== null) total += performance.now() - visibleSince;
      visibleSince = null;
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') visibleSince ??= performance.now();
      else pause();
    };
    const flush = () => {
      if (flushed) return;
      flushed = true;
      pause();
      logDwell(pinRef.current, total);
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [pin.id]);
}

export function CloseupExtras({ pin }: { pin: Pin }) {
  useDwell(pin);
  return (
    <div className="closeup-actions">
      <SaveButton pin={pin} />
    </div>
  );
}
