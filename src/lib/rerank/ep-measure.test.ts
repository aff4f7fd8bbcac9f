import { describe, expect, it } from 'vitest';
import type { ExecutionProvider } from './ep';
import type { EpChoice } from './ep-choice';
import { measureBothEps, type MeasurableModel } from './ep-measure';

/** A session that only says which EP it is on and whether it was let go. */
const fakeSession = (ep: ExecutionProvider) => ({ ep, released: false });
type FakeSession = ReturnType<typeof fakeSession>;

const unmeasured: EpChoice = {
  kind: 'unmeasured',
  ep: 'wasm',
  adapter: 'gpu-a',
  modelVersion: 'm1',
};

/** A loaded model; `loadMs` stands for the info a caller's model has beyond what is measured. */
type FakeModel = MeasurableModel<FakeSession> & { info: { loadMs: number } };

function loadedOn(session: FakeSession, choice: EpChoice = unmeasured): FakeModel {
  return { session, info: { ep: session.ep, choice, modelVersion: 'm1', loadMs: 3 } };
}

/** Runs measureBothEps with fixed medians per EP; `open` fails for the EPs in `failing`. */
function measure(
  loaded: FakeModel,
  ms: Record<ExecutionProvider, number>,
  failing: ExecutionProvider[] = [],
) {
  const opened: FakeSession[] = [];
  const run = measureBothEps(loaded, {
    open: async (ep) => {
      if (failing.includes(ep)) throw new Error(`${ep} cannot run it`);
      const session = fakeSession(ep);
      opened.push(session);
      return session;
    },
    time: async (session) => ms[session.ep],
    rows: 7,
    release: (session) => {
      session.released = true;
    },
    now: () => 1_000,
  });
  return { run, opened };
}

describe('measureBothEps (the reranker and the image encoder measure EPs with it)', () => {
  it('times both EPs and keeps the clearly faster one, letting the other go', async () => {
    const wasm = fakeSession('wasm');
    const { run, opened } = measure(loadedOn(wasm), { wasm: 10, webgpu: 2 });
    const { loaded, measurement } = await run;
    expect(measurement).toMatchObject({
      modelVersion: 'm1',
      adapter: 'gpu-a',
      rows: 7,
      wasmMs: 10,
      webgpuMs: 2,
      measuredAt: 1_000,
    });
    expect(measurement).not.toHaveProperty('webgpuError');
    expect(loaded.session).toBe(opened[0]);
    expect(loaded.info).toMatchObject({ ep: 'webgpu', loadMs: 3 });
    expect(loaded.info.choice).toEqual({ kind: 'measured', ep: 'webgpu', measurement });
    expect(wasm.released).toBe(true);
    expect(opened[0]!.released).toBe(false);
  });

  it('keeps WASM when WebGPU is not faster by the margin', async () => {
    const wasm = fakeSession('wasm');
    const { run, opened } = measure(loadedOn(wasm), { wasm: 10, webgpu: 9.5 });
    const { loaded } = await run;
    expect(loaded.session).toBe(wasm);
    expect(loaded.info.ep).toBe('wasm');
    expect(opened[0]!.released).toBe(true);
  });

  it('records why WebGPU could not run the model, and keeps WASM', async () => {
    const wasm = fakeSession('wasm');
    const { run } = measure(loadedOn(wasm), { wasm: 10, webgpu: 1 }, ['webgpu']);
    const { loaded, measurement } = await run;
    expect(measurement.webgpuMs).toBeNull();
    expect(measurement.webgpuError).toContain('webgpu cannot run it');
    expect(loaded.session).toBe(wasm);
    expect(wasm.released).toBe(false);
  });

  it('fails when the WASM session cannot be opened (a loaded WebGPU session needs it)', async () => {
    const { run } = measure(loadedOn(fakeSession('webgpu')), { wasm: 1, webgpu: 1 }, ['wasm']);
    await expect(run).rejects.toThrow('wasm cannot run it');
  });

  it('has nothing to choose with a forced EP or without an adapter', async () => {
    const forced = loadedOn(fakeSession('webgpu'), { kind: 'forced', ep: 'webgpu' });
    await expect(measure(forced, { wasm: 1, webgpu: 1 }).run).rejects.toThrow('forced by ?ep=');
    const none = loadedOn(fakeSession('wasm'), { kind: 'no-adapter', ep: 'wasm', reason: 'none' });
    await expect(measure(none, { wasm: 1, webgpu: 1 }).run).rejects.toThrow('no WebGPU adapter');
  });
});
