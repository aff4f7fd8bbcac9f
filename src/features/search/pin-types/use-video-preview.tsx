/**
 * The card's side of the inline preview: shown while the pointer is over the card or focus is
 * in it, unless the reader asks for reduced motion; the preview element itself is a lazy chunk.
 * A card without a clip gets no handlers at all.
 */
import { lazy, Suspense, useCallback, useState, type FocusEvent, type ReactNode } from 'react';
import type { Video } from '@/contract/api';
import { prefersReducedMotion } from './reduced-motion';

const VideoPreview = lazy(() => import('./video-preview'));

export interface VideoPreviewHandlers {
  onPointerEnter?: () => void;
  onPointerLeave?: () => void;
  onFocus?: () => void;
  onBlur?: (event: FocusEvent<HTMLElement>) => void;
}

export function useVideoPreview(video: Video | undefined): {
  handlers: VideoPreviewHandlers;
  preview: ReactNode;
} {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const onPointerEnter = useCallback(() => setHovered(true), []);
  const onPointerLeave = useCallback(() => setHovered(false), []);
  const onFocus = useCallback(() => setFocused(true), []);
  const onBlur = useCallback((event: FocusEvent<HTMLElement>) => {
    // Focus moving between the card and its own buttons keeps the preview going.
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocused(false);
  }, []);
  if (!video) return { handlers: {}, preview: null };
  const active = (hovered || focused) && !prefersReducedMotion();
  return {
    handlers: { onPointerEnter, onPointerLeave, onFocus, onBlur },
    preview: active ? (
      <Suspense fallback={null}>
        <VideoPreview video={video} />
      </Suspense>
    ) : null,
  };
}
