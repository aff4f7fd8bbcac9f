/**
 * A video card's muted inline preview, a lazy chunk: loaded the first time a reader
 * points at or focuses a video card, never on the first paint. It plays only while at least
 * half of it is on screen (IntersectionObserver) and never while the reader asks for reduced
 * motion (the card does not even mount it then; a change of the setting pauses it). It is
 * decorative: the card's image and title say what the pin is, so it is hidden from assistive
 * technology and from the tab order.
 */
import { useEffect, useRef } from 'react';
import type { Video } from '@/contract/api';
import { REDUCED_MOTION_QUERY } from './reduced-motion';

/** Share of the preview that must be on screen for it to play. */
const VISIBLE_SHARE = 0.5;

export default function VideoPreview({ video }: { video: Video }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const motion = window.matchMedia(REDUCED_MOTION_QUERY);
    let visible = false;
    const update = () => {
      if (visible && !motion.matches) {
        // A refused play (the browser's autoplay policy) leaves the poster: nothing to report.
        element.play().catch(() => undefined);
      } else element.pause();
    };
    const observer = new IntersectionObserver(
      ([entry]) => {
        visible = Boolean(entry?.isIntersecting && entry.intersectionRatio >= VISIBLE_SHARE);
        update();
      },
      { threshold: [0, VISIBLE_SHARE, 1] },
    );
    observer.observe(element);
    motion.addEventListener('change', update);
    return () => {
      observer.disconnect();
      motion.removeEventListener('change', update);
      element.pause();
    };
  }, []);
  return (
    <video
      ref={ref}
      className="pin-card__preview"
      data-preview=""
      src={video.url}
      poster={video.poster}
      muted
      loop
      playsInline
      preload="auto"
      aria-hidden="true"
      tabIndex={-1}
    />
  );
}
