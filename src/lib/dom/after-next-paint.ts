/** A hidden tab paints no frames: run the task anyway after this long. */
export const NO_FRAME_FALLBACK_MS = 250;

/**
 * Runs `task` in a task of its own once the browser has painted the coming frame, so the
 * response to what the reader just did is on screen before heavier work starts. That first
 * paint is what interaction-to-next-paint (INP) measures.
 */
export function afterNextPaint(task: () => void): void {
  let ran = false;
  const run = () => {
    if (ran) return;
    ran = true;
    task();
  };
  // A rAF callback runs just before the paint; a timeout set from it runs after.
  requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, NO_FRAME_FALLBACK_MS);
}
