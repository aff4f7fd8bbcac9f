import { describe, expect, it } from 'vitest';
import { areaInPixels, fitArea, lookSearch, parseLook } from './look-param';

describe('the look parameter', () => {
  it('reads an area and a local picture, and nothing else', () => {
    expect(parseLook('?look=r:100,200,300,400')).toEqual({
      kind: 'area',
      area: { x: 100, y: 200, w: 300, h: 400 },
    });
    expect(parseLook('?look=f:abc123de')).toEqual({ kind: 'file', key: 'abc123de' });
    for (const bad of [
      '',
      '?look=',
      '?look=r:1,2,3',
      '?look=r:-1,0,10,10',
      '?look=f:../x',
      '?look=x:1',
    ])
      expect(parseLook(bad)).toBeNull();
  });

  it('keeps an area inside the picture and not smaller than the minimum', () => {
    expect(fitArea({ x: 900, y: 990, w: 400, h: 10 })).toEqual({ x: 600, y: 950, w: 400, h: 50 });
    expect(parseLook('?look=r:0,0,5000,5000')).toEqual({
      kind: 'area',
      area: { x: 0, y: 0, w: 1000, h: 1000 },
    });
  });

  it('writes the parameter beside the others and removes it', () => {
    const search = lookSearch('?ep=wasm', { kind: 'area', area: { x: 1, y: 2, w: 300, h: 400 } });
    expect(search).toBe('?ep=wasm&look=r%3A1%2C2%2C300%2C400');
    expect(parseLook(search)).toEqual({ kind: 'area', area: { x: 1, y: 2, w: 300, h: 400 } });
    expect(lookSearch(search, null)).toBe('?ep=wasm');
  });

  it('turns an area into pixels of the picture', () => {
    expect(areaInPixels({ x: 500, y: 0, w: 500, h: 1000 }, 200, 100)).toEqual({
      sx: 100,
      sy: 0,
      sw: 100,
      sh: 100,
    });
  });
});
