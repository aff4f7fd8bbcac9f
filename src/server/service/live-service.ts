/**
 * A service that can be replaced while the server runs: the first run serves the first source's
 * index and swaps in the complete one when the background build is done (src/server/ingest/
 * background-build.ts).
 *
 * `view` stands for whatever instance is current. Routes keep references they took once at
 * registration (`engine.pools`, `suggest.suggester`), so the view is late-bound all the way
 * down: a property that holds an object is itself a view of `current[key]`, and a method is
 * called on the instance current at the moment of the call, with that instance as `this`
 * (private class fields keep working). One request reads one instance: routes call the engine
 * synchronously, and a swap runs in a task of its own, never between two of a handler's calls.
 */

export interface LiveService<T extends object> {
  /** Stands for the current instance, whichever that is when it is used. */
  readonly view: T;
  readonly current: T;
  /** Makes `next` current and returns the instance it replaces (the caller closes it). */
  swap(next: T): T;
}

type AnyFunction = (...args: unknown[]) => unknown;

/** A view of the object `resolve()` returns at each access. */
export function lateBound<T extends object>(resolve: () => T): T {
  const children = new Map<PropertyKey, object>();
  return new Proxy({} as T, {
    get(_target, key) {
      const target = resolve();
      const value: unknown = Reflect.get(target, key);
      if (typeof value === 'function') {
        return (...args: unknown[]) => {
          const now = resolve();
          return (Reflect.get(now, key) as AnyFunction).apply(now, args);
        };
      }
      if (typeof value === 'object' && value !== null) {
        let child = children.get(key);
        if (!child) {
          child = lateBound(() => Reflect.get(resolve(), key) as object);
          children.set(key, child);
        }
        return child;
      }
      return value;
    },
    has: (_target, key) => Reflect.has(resolve(), key),
    ownKeys: () => Reflect.ownKeys(resolve()),
    getOwnPropertyDescriptor(_target, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(resolve(), key);
      // A proxy may only report a property as non-configurable if its target has it that way.
      return descriptor && { ...descriptor, configurable: true };
    },
    set: () => false,
    deleteProperty: () => false,
  });
}

export function liveService<T extends object>(initial: T): LiveService<T> {
  let current = initial;
  return {
    view: lateBound(() => current),
    get current() {
      return current;
    },
    swap(next) {
      const previous = current;
      current = next;
      return previous;
    },
  };
}
