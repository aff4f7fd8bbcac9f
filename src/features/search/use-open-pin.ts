import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Pin } from '@/contract/api';
import { getAppHistory, navigate } from '@/lib/url-state/history-store';
import { pinHref } from '@/lib/url-state/routes';
import { getScrollMemory } from '@/lib/url-state/scroll-memory';
import { primePinCache } from './api/get-pin';
import { useSearchPersonalization } from './personalization-port';

/**
 * Opens a pin's closeup, remembering which card it was so Back can focus it again.
 * `query` is the search the card came from ('' elsewhere), for the engagement log.
 */
export function useOpenPin(query = ''): (pin: Pin) => void {
  const client = useQueryClient();
  const { onOpen } = useSearchPersonalization();
  return useCallback(
    (pin: Pin) => {
      getScrollMemory().rememberFocus(getAppHistory().getSnapshot().key, pin.id);
      primePinCache(client, pin);
      onOpen(pin, query);
      navigate(pinHref(pin.id));
    },
    [client, onOpen, query],
  );
}
