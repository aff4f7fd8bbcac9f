/**
 * A visual search in the closeup's URL, so Back leaves it and a link shares it:
 *   /pin/<id>?look=r:<x>,<y>,<w>,<h>   an area of the pin's picture, in thousandths of its size
 *   /pin/<id>?look=f:<key>             a local picture: only its embedding is kept, on this
 *                                      device (sessionStorage, key below); the picture is not
 * Pure: no React, no DOM.
 */
export const LOOK_PARAM = 'look';
const SCALE = 1000;
/** The smallest area, a side in thousandths: smaller gives the model too few pixels to go on. */
export const MIN_SIDE = 50;

/** An area in thousandths of the picture's width and height (integers, inside 0..1000). */
export interface Area {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Look = { kind: 'area'; area: Area } | { kind: 'file'; key: string };

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));

/** Kept inside the picture and at least MIN_SIDE on each side, as integers. */
export function fitArea({ x, y, w, h }: Area): Area {
  const width = clamp(Math.round(w), MIN_SIDE, SCALE);
  const height = clamp(Math.round(h), MIN_SIDE, SCALE);
  return {
    x: clamp(Math.round(x), 0, SCALE - width),
    y: clamp(Math.round(y), 0, SCALE - height),
    w: width,
    h: height,
  };
}

export const WHOLE_PICTURE: Area = { x: 0, y: 0, w: SCALE, h: SCALE };
/** Where a new selection starts: the middle of the picture. */
export const START_AREA: Area = { x: 200, y: 200, w: 600, h: 600 };

export function parseLook(search: string): Look | null {
  const value = new URLSearchParams(search).get(LOOK_PARAM);
  return value ? parseLookValue(value) : null;
}

/** The parameter's value (lookValue's inverse); null when it is not one. */
export function parseLookValue(value: string): Look | null {
  const area = /^r:(\d{1,4}),(\d{1,4}),(\d{1,4}),(\d{1,4})$/.exec(value);
  if (area) {
    const [x, y, w, h] = area.slice(1).map(Number) as [number, number, number, number];
    return { kind: 'area', area: fitArea({ x, y, w, h }) };
  }
  const file = /^f:([a-z0-9]{6,16})$/.exec(value);
  return file ? { kind: 'file', key: file[1]! } : null;
}

export function lookValue(look: Look): string {
  if (look.kind === 'file') return `f:${look.key}`;
  const { x, y, w, h } = fitArea(look.area);
  return `r:${x},${y},${w},${h}`;
}

/** The closeup's path with this look (or none), other parameters kept. */
export function lookSearch(search: string, look: Look | null): string {
  const params = new URLSearchParams(search);
  if (look) params.set(LOOK_PARAM, lookValue(look));
  else params.delete(LOOK_PARAM);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The area in the picture's pixels (for createImageBitmap), at least one pixel each way. */
export function areaInPixels(area: Area, width: number, height: number) {
  const sx = Math.floor((area.x / SCALE) * width);
  const sy = Math.floor((area.y / SCALE) * height);
  return {
    sx,
    sy,
    sw: Math.max(1, Math.min(width - sx, Math.round((area.w / SCALE) * width))),
    sh: Math.max(1, Math.min(height - sy, Math.round((area.h / SCALE) * height))),
  };
}

/** Percent for people: "60" for 600 thousandths. */
export const percent = (thousandths: number): number => Math.round(thousandths / 10);

/** A local picture's embedding, kept for this tab's session under `inspo.look.<key>`. */
export const fileLookStorageKey = (key: string) => `inspo.look.${key}`;
