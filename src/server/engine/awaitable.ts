/**
 * One implementation for a wrapper over both kinds of engine (types.ts): the embedded engine
 * answers at once, a cluster engine with a promise. `after(x, f)` applies `f` to a value now, or
 * to a promise's value when it settles, so a wrapper written with it stays synchronous over a
 * synchronous engine (the benchmarks and the trainer rely on that) and asynchronous over a
 * network one.
 */
import type { Awaitable } from './types';

export function isPromiseLike<T>(value: Awaitable<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export function after<T, U>(value: Awaitable<T>, f: (v: T) => Awaitable<U>): Awaitable<U> {
  return isPromiseLike(value) ? value.then(f) : f(value);
}
