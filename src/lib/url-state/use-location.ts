import { useMemo, useSyncExternalStore } from 'react';
import { getAppHistory, type LocationSnapshot } from './history-store';
import { parseRoute, type Route } from './routes';

const subscribe = (listener: () => void) => getAppHistory().subscribe(listener);
const getSnapshot = () => getAppHistory().getSnapshot();

export function useLocationSnapshot(): LocationSnapshot {
  return useSyncExternalStore(subscribe, getSnapshot);
}

export function useRoute(): Route {
  const { pathname, search } = useLocationSnapshot();
  return useMemo(() => parseRoute(pathname, search), [pathname, search]);
}
