/**
 * The one place the SPA talks HTTP to the Inspo backend. Every response is
 * validated with the contract's zod schema, so a component never sees data
 * the types lie about; every request takes an AbortSignal so a stale answer
 * (the user typed on) is cancelled instead of racing the fresh one.
 */
import type { z } from 'zod';
import type { ErrorResponse } from '@/contract/api';
import { API_PREFIX } from './contract-constants';
import { loadContract } from './load-contract';

/** Codes from the contract plus the ones that only exist on the client side of the wire. */
export type ApiErrorCode = ErrorResponse['error']['code'] | 'network' | 'http' | 'invalid_response';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ApiErrorCode;

  constructor({
    status,
    code,
    message,
    cause,
  }: {
    status: number;
    code: ApiErrorCode;
    message: string;
    cause?: unknown;
  }) {
    super(message, { cause });
    this.status = status;
    this.code = code;
  }
}

export const NETWORK_ERROR_MESSAGE =
  'Could not reach the Inspo server. Check your connection and try again.';
export const INVALID_RESPONSE_MESSAGE = 'The server sent a response this app does not understand.';

export type QueryValue = string | number | readonly string[] | null | undefined;

/** `/api/v1` + path + query string; arrays repeat the key, null/undefined/'' are left out. */
export function buildApiUrl(path: string, params: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    const values = typeof value === 'string' || typeof value === 'number' ? [String(value)] : value;
    for (const v of values) if (v !== '') search.append(key, v);
  }
  const qs = search.toString();
  return `${API_PREFIX}${path}${qs ? `?${qs}` : ''}`;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch (error) {
    if (isAbort(error)) throw error;
    return undefined;
  }
}

export interface ApiGetParams<S extends z.ZodType> {
  path: string;
  params?: Record<string, QueryValue>;
  /** The response schema, or a loader for it (so zod can live in a lazy chunk). */
  schema: S | (() => Promise<S>);
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
}

export async function apiGet<S extends z.ZodType>({
  path,
  params,
  schema,
  signal,
  fetchImpl = fetch,
}: ApiGetParams<S>): Promise<z.output<S>> {
  // Start loading the validators while the request is in flight.
  const schemaReady = typeof schema === 'function' ? schema() : Promise.resolve(schema);
  const contractReady = loadContract();
  schemaReady.catch(() => {});
  contractReady.catch(() => {});

  let response: Response;
  try {
    response = await fetchImpl(buildApiUrl(path, params), {
      signal,
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    if (isAbort(error)) throw error; // TanStack Query treats this as a cancellation, not a failure
    throw new ApiError({
      status: 0,
      code: 'network',
      message: NETWORK_ERROR_MESSAGE,
      cause: error,
    });
  }

  const body = await readJson(response);
  if (!response.ok) {
    const { ErrorResponseSchema } = await contractReady;
    const parsed = ErrorResponseSchema.safeParse(body);
    if (parsed.success) {
      throw new ApiError({ status: response.status, ...parsed.data.error });
    }
    throw new ApiError({
      status: response.status,
      code: 'http',
      message: `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
    });
  }

  const parsed = (await schemaReady).safeParse(body);
  if (!parsed.success) {
    throw new ApiError({
      status: response.status,
      code: 'invalid_response',
      message: INVALID_RESPONSE_MESSAGE,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** The message to show a person for any error a query can produce. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Please try again.';
}
