/**
 * POST /api/v1/visual-search from the page (lazy chunk: only a visual search loads it). Only the
 * picture's embedding is sent. Errors become ApiErrors, as the app's GETs do (api-client.ts).
 */
import { API_PREFIX } from '@/contract/constants';
import type { VisualSearchRequest, VisualSearchResponse } from '@/contract/api';
import {
  ApiError,
  NETWORK_ERROR_MESSAGE,
  OFFLINE_ERROR_MESSAGE,
} from '@/lib/api-client/api-client';
import { IMAGE_ENCODER_VERSION } from '@/lib/image-model/image-model';

export const VISUAL_SEARCH_PATH = `${API_PREFIX}/visual-search`;
/** Look-alikes per page. */
export const LOOK_PAGE_SIZE = 30;
/** Look-alikes ranked in all (pages of LOOK_PAGE_SIZE are cut from them). */
const LOOK_K = 120;

/**
 * Six decimals: a 1,280-value unit vector stays within 1e-6 of itself (far below the index's
 * int8 codes, 1/127) and its JSON is about 11 KB instead of 25.
 */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

export async function postVisualSearch({
  vector,
  exclude,
  cursor,
  signal,
}: {
  vector: Float32Array;
  exclude: readonly string[];
  cursor?: string;
  signal?: AbortSignal;
}): Promise<VisualSearchResponse> {
  const body: VisualSearchRequest = {
    vector: Array.from(vector, round),
    k: LOOK_K,
    limit: LOOK_PAGE_SIZE,
    exclude: [...exclude],
    model: IMAGE_ENCODER_VERSION,
    ...(cursor ? { cursor } : {}),
  };
  let response: Response;
  try {
    response = await fetch(VISUAL_SEARCH_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    throw new ApiError({
      status: 0,
      code: offline ? 'offline' : 'network',
      message: offline ? OFFLINE_ERROR_MESSAGE : NETWORK_ERROR_MESSAGE,
      cause: error,
    });
  }
  const { ErrorResponseSchema, VisualSearchResponseSchema } = await import('@/contract/api');
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = ErrorResponseSchema.safeParse(json);
    throw new ApiError({
      status: response.status,
      ...(parsed.success
        ? parsed.data.error
        : { code: 'http' as const, message: `The server answered ${response.status}.` }),
    });
  }
  return VisualSearchResponseSchema.parse(json);
}
