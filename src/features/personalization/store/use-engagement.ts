/** Selectors over the engagement store: components subscribe to the one fact they draw. */
import { useMemo } from 'react';
import { useEngagementStore } from './engagement-store';

const HIDDEN_SEPARATOR = '\n';

export function useIsSaved(pinId: string): boolean {
  return useEngagementStore((s) => s.events.some((e) => e.type === 'save' && e.pinId === pinId));
}

/** A string key keeps the selector's result stable while other events come and go. */
export function useHiddenIds(): ReadonlySet<string> {
  const key = useEngagementStore((s) =>
    s.events
      .filter((e) => e.type === 'hide')
      .map((e) => e.pinId)
      .join(HIDDEN_SEPARATOR),
  );
  return useMemo(() => new Set(key === '' ? [] : key.split(HIDDEN_SEPARATOR)), [key]);
}

export function useHistoryEpoch(): number {
  return useEngagementStore((s) => s.epoch);
}
