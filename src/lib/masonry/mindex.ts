/** Index of the shortest column; ties go to the leftmost so the grid fills left to right. */
export function mindex(heights: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < heights.length; i += 1) {
    if ((heights[i] as number) < (heights[best] as number)) best = i;
  }
  return best;
}
