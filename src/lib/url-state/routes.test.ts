import { describe, expect, it } from 'vitest';
import { normalizeQuery, parseRoute, pinHref, routeHref, searchHref, type Route } from './routes';

describe('parseRoute', () => {
  it.each<[string, string, Route]>([
    ['/', '', { name: 'home' }],
    ['', '', { name: 'home' }],
    ['/search', '?q=cat', { name: 'search', q: 'cat', refine: [], exact: false }],
    ['/search/', '?q=cat', { name: 'search', q: 'cat', refine: [], exact: false }],
    ['/search', '?q=red+car', { name: 'search', q: 'red car', refine: [], exact: false }],
    [
      '/search',
      '?q=%20%20big%20%20%20dog%20',
      { name: 'search', q: 'big dog', refine: [], exact: false },
    ],
    [
      '/search',
      '?q=cat&refine=red&refine=cute',
      { name: 'search', q: 'cat', refine: ['red', 'cute'], exact: false },
    ],
    [
      '/search',
      '?q=cat&refine=&refine=%20',
      { name: 'search', q: 'cat', refine: [], exact: false },
    ],
    ['/search', '?q=caf%C3%A9', { name: 'search', q: 'café', refine: [], exact: false }],
    ['/search', '?q=%E2%80%9Cx%E2%80%9D', { name: 'search', q: '“x”', refine: [], exact: false }],
    ['/search', '', { name: 'home' }],
    ['/search', '?q=%20', { name: 'home' }],
    ['/search', '?q=buterfly&exact=1', { name: 'search', q: 'buterfly', refine: [], exact: true }],
    [
      '/search',
      '?q=buterfly&exact=true',
      { name: 'search', q: 'buterfly', refine: [], exact: false },
    ],
    ['/pin/openmoji-1F600', '', { name: 'pin', id: 'openmoji-1F600' }],
    ['/pin/a%2Eb', '', { name: 'pin', id: 'a.b' }],
    ['/pin/', '', { name: 'not-found', path: '/pin' }],
    ['/pin/a/b', '', { name: 'not-found', path: '/pin/a/b' }],
    ['/pin/%E0%A4%A', '', { name: 'not-found', path: '/pin/%E0%A4%A' }],
    ['/nope', '?q=cat', { name: 'not-found', path: '/nope' }],
  ])('%s%s', (pathname, search, expected) => {
    expect(parseRoute(pathname, search)).toEqual(expected);
  });

  it('caps refinements at 8 and the query at 200 characters', () => {
    const refine = Array.from({ length: 10 }, (_, i) => `refine=r${i}`).join('&');
    const route = parseRoute('/search', `?q=${'a'.repeat(250)}&${refine}`);
    expect(route).toEqual({
      name: 'search',
      q: 'a'.repeat(200),
      refine: ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'],
      exact: false,
    });
  });
});

describe('routeHref', () => {
  it.each<[Route, string]>([
    [{ name: 'home' }, '/'],
    [{ name: 'search', q: 'cat', refine: [], exact: false }, '/search?q=cat'],
    [
      { name: 'search', q: 'red car', refine: ['a&b', 'c'], exact: false },
      '/search?q=red+car&refine=a%26b&refine=c',
    ],
    [
      { name: 'search', q: 'buterfly', refine: ['color:red'], exact: true },
      '/search?q=buterfly&refine=color%3Ared&exact=1',
    ],
    [{ name: 'pin', id: 'openmoji-1F600' }, '/pin/openmoji-1F600'],
    [{ name: 'pin', id: 'a b/c' }, '/pin/a%20b%2Fc'],
    [{ name: 'not-found', path: '/nope' }, '/nope'],
  ])('%j → %s', (route, href) => {
    expect(routeHref(route)).toBe(href);
  });

  it.each<Route>([
    { name: 'home' },
    { name: 'search', q: 'café “quoted” & more', refine: ['x y', 'z'], exact: false },
    { name: 'search', q: 'buterfly', refine: ['category:Animals & nature'], exact: true },
    { name: 'pin', id: 'openclipart-123.svg' },
  ])('round-trips %j', (route) => {
    const url = new URL(routeHref(route), 'http://localhost');
    expect(parseRoute(url.pathname, url.search)).toEqual(route);
  });

  it('shorthands', () => {
    expect(searchHref('dog')).toBe('/search?q=dog');
    expect(searchHref('dog', ['brown'])).toBe('/search?q=dog&refine=brown');
    expect(searchHref('dgo', [], { exact: true })).toBe('/search?q=dgo&exact=1');
    expect(pinHref('x')).toBe('/pin/x');
  });
});

describe('normalizeQuery', () => {
  it('trims and collapses whitespace', () => {
    expect(normalizeQuery('  a \t b\n ')).toBe('a b');
  });
});
