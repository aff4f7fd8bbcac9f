/** Selectors over the engagement store: components subscribe to the one fact they draw. */
import { useMemo } from 'react';
import { useEngagementSelector } from './engagement-module';

const HIDDEN_SEPARATOR = '\n';

export function useIsSaved(pinId: string): boolean {
  return useEngagementSelector(
    (s) => s.events.some((e) => e.type === 'save' && e.pinId === pinId),
    false,
  );
}

/** A string key keeps the selector's result stable while other events come and go. */
export function useHiddenIds(): ReadonlySet<string> {
  const key = useEngagementSelector(
    (s) =>
      s.events
        .filter((e) => e.type === 'hide')
        .map((e) => e.pinId)
        .join(HIDDEN_SEPARATOR),
    '',
  );
  return useMemo(() => new Set(key === '' ? [] : key.split(HIDDEN_SEPARATOR)), [key]);
}

export function useHistoryEpoch(): number {
  return useEngagementSelector((s) => s.epoch, 0);
}
