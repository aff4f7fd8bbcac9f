import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SuggestResponse } from '@/contract/api';
import { getSuggestions, SUGGEST_LIMIT, suggestQueryOptions } from './get-suggestions';
import { suggestKeys } from './suggest-keys';

interface PendingCall {
  q: string;
  signal: AbortSignal | undefined;
  respond: () => void;
}

const body = (q: string): SuggestResponse => ({
  suggestions: [{ text: `${q}-answer`, kind: 'tag', score: 1, matches: [[0, q.length]] }],
});

/** A fake /suggest whose answers the test releases one by one, in any order; honours aborts. */
function stubSuggestApi() {
  const calls: PendingCall[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(
      (url: string, init?: RequestInit) =>
        new Promise<Response>((resolve, reject) => {
          const q = new URL(url, 'http://x').searchParams.get('q') ?? '';
          const signal = init?.signal ?? undefined;
          signal?.addEventListener('abort', () =>
            reject(new DOMException('The operation was aborted.', 'AbortError')),
          );
          calls.push({ q, signal, respond: () => resolve(new Response(JSON.stringify(body(q)))) });
        }),
    ),
  );
  const call = (q: string) => {
    const found = calls.find((c) => c.q === q);
    if (!found) throw new Error(`no request for ${q}`);
    return found;
  };
  return { calls, call };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('suggestKeys', () => {
  it('nests general → specific with every fetcher variable', () => {
    expect(suggestKeys.all).toEqual(['suggest']);
    expect(suggestKeys.list('ca', 8)).toEqual(['suggest', 'list', { q: 'ca', limit: 8 }]);
    expect(suggestQueryOptions('ca').queryKey).toEqual(suggestKeys.list('ca', SUGGEST_LIMIT));
  });
});

describe('getSuggestions', () => {
  it('asks for the text and the limit (none for an empty box: popular searches)', async () => {
    const urls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        urls.push(url);
        return new Response(JSON.stringify(body('red ca')));
      }),
    );
    await expect(getSuggestions({ q: 'red ca' })).resolves.toEqual({
      q: 'red ca',
      ...body('red ca'),
    });
    await getSuggestions({ q: '' });
    expect(urls).toEqual(['/api/v1/suggest?q=red+ca&limit=8', '/api/v1/suggest?limit=8']);
  });
});

describe('suggestQueryOptions with a real QueryClient', () => {
  const setup = () => {
    const api = stubSuggestApi();
    const client = new QueryClient();
    const observer = new QueryObserver(client, suggestQueryOptions('ca'));
    const unsubscribe = observer.subscribe(() => {});
    return { ...api, client, observer, unsubscribe };
  };

  it('an older answer arriving last never replaces the newer one, and its request is aborted', async () => {
    const { call, observer, client, unsubscribe } = setup();
    await vi.waitFor(() => call('ca'));
    observer.setOptions(suggestQueryOptions('cat'));
    await vi.waitFor(() => call('cat'));

    // While "cat" loads, "ca"'s list is kept (no flicker) — here there is none yet.
    expect(observer.getCurrentResult().data).toBeUndefined();
    expect(call('ca').signal?.aborted).toBe(true);

    call('cat').respond();
    call('ca').respond(); // too late: aborted, and keyed under "ca" anyway
    await vi.waitFor(() => expect(observer.getCurrentResult().data?.q).toBe('cat'));
    await new Promise((r) => setTimeout(r, 0));
    expect(observer.getCurrentResult().data?.suggestions[0]?.text).toBe('cat-answer');
    expect(client.getQueryData(suggestKeys.list('ca', SUGGEST_LIMIT))).toBeUndefined();
    unsubscribe();
  });

  it('keeps the previous list as a placeholder, then serves repeated prefixes from the cache', async () => {
    const { calls, call, observer, unsubscribe } = setup();
    await vi.waitFor(() => call('ca'));
    call('ca').respond();
    await vi.waitFor(() => expect(observer.getCurrentResult().data?.q).toBe('ca'));

    observer.setOptions(suggestQueryOptions('cat'));
    await vi.waitFor(() => call('cat'));
    const pending = observer.getCurrentResult();
    expect([pending.data?.q, pending.isPlaceholderData]).toEqual(['ca', true]);
    call('cat').respond();
    await vi.waitFor(() => expect(observer.getCurrentResult().isPlaceholderData).toBe(false));

    // Backspace to "ca": straight from the cache, no request.
    observer.setOptions(suggestQueryOptions('ca'));
    const cached = observer.getCurrentResult();
    expect([cached.data?.q, cached.isPlaceholderData, cached.isFetching]).toEqual([
      'ca',
      false,
      false,
    ]);
    expect(calls.map((c) => c.q)).toEqual(['ca', 'cat']);
    unsubscribe();
  });
});
