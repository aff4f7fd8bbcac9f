/** `type=` in the results URL: the All · Products · Videos tabs. */
import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, searchHref } from './routes';

describe('the type of a results page', () => {
  it('reads product and video, and reads anything else as All', () => {
    expect(parseRoute('/search', '?q=chair&type=product')).toEqual({
      name: 'search',
      q: 'chair',
      refine: [],
      exact: false,
      type: 'product',
    });
    expect(parseRoute('/search', '?q=chair&type=video')).toMatchObject({ type: 'video' });
    expect(parseRoute('/search', '?q=chair&type=shoes')).not.toHaveProperty('type');
    expect(parseRoute('/search', '?q=chair')).not.toHaveProperty('type');
  });

  it('writes it after the other parameters, and not at all for All', () => {
    expect(searchHref('chair', ['oak'], { exact: true, type: 'video' })).toBe(
      '/search?q=chair&refine=oak&exact=1&type=video',
    );
    expect(searchHref('chair', [], { type: undefined })).toBe('/search?q=chair');
    const route = parseRoute('/search', '?q=oak+chair&refine=red&type=product');
    const href = routeHref(route);
    expect(parseRoute('/search', href.slice(href.indexOf('?')))).toEqual(route);
  });
});
