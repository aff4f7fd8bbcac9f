/**
 * Runs async tasks one after another. onnxruntime sessions must not run
 * concurrently (a second `run()` while one is in flight fails or races on the
 * WASM heap), so every run of a session goes through one of these.
 * A failed task does not stop the queue; its caller gets the rejection.
 */
export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks queued or running. */
  readonly pending: number;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      pending += 1;
      const result = tail.then(task).finally(() => {
        pending -= 1;
      });
      // The next task waits for this one to settle, whatever the outcome.
      tail = result.catch(() => undefined);
      return result;
    },
    get pending() {
      return pending;
    },
  };
}
