import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint, NO_FRAME_FALLBACK_MS } from './after-next-paint';

describe('afterNextPaint', () => {
  let frames: FrameRequestCallback[];
  beforeEach(() => {
    vi.useFakeTimers();
    frames = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('runs the task in a new task after the next frame, once', () => {
    const task = vi.fn();
    afterNextPaint(task);
    vi.advanceTimersByTime(NO_FRAME_FALLBACK_MS - 1);
    expect(task).not.toHaveBeenCalled(); // no frame yet
    frames.shift()!(0);
    expect(task).not.toHaveBeenCalled(); // not inside the frame: after its paint
    vi.advanceTimersByTime(0);
    expect(task).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(NO_FRAME_FALLBACK_MS);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('runs the task anyway when no frame comes (a hidden tab)', () => {
    const task = vi.fn();
    afterNextPaint(task);
    vi.advanceTimersByTime(NO_FRAME_FALLBACK_MS);
    expect(task).toHaveBeenCalledTimes(1);
    frames.shift()!(0);
    vi.advanceTimersByTime(0);
    expect(task).toHaveBeenCalledTimes(1);
  });
});
