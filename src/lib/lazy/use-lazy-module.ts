import { useEffect, useSyncExternalStore } from 'react';
import type { LazyModule, LazyModuleState } from './lazy-module';

/**
 * The module's state. Starts its fetch when the component mounts wanting it, or when `wanted`
 * turns on; a failed fetch is tried again then (never in a loop: only on those edges).
 */
export function useLazyModule<T>(module: LazyModule<T>, wanted = true): LazyModuleState<T> {
  const state = useSyncExternalStore(module.subscribe, module.getState);
  useEffect(() => {
    const { status } = module.getState();
    if (wanted && (status === 'idle' || status === 'failed')) module.load().catch(() => undefined);
  }, [module, wanted]);
  return state;
}
