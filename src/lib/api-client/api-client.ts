/**
 * The one place the SPA talks HTTP to the Inspo backend. Every response is
 * validated with the contract's zod schema, so a component never sees data
 * the types lie about; every request takes an AbortSignal so a stale answer
 * (the user typed on) is cancelled instead of racing the fresh one, and has a
 * deadline, so a backend that stops answering ends in an error with Retry
 * instead of a skeleton that spins forever.
 */
import type { z } from 'zod';
import type { ErrorResponse } from '@/contract/api';
import { buildApiUrl, type QueryValue } from './api-url';
import { takeFirstViewAnswer } from './first-view';
import { loadContract } from './load-contract';

/** Codes from the contract plus the ones that only exist on the client side of the wire. */
export type ApiErrorCode =
  ErrorResponse['error']['code'] | 'network' | 'offline' | 'timeout' | 'http' | 'invalid_response';

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
export const OFFLINE_ERROR_MESSAGE = 'You’re offline. Connect to the internet, then try again.';
export const TIMEOUT_ERROR_MESSAGE =
  'The Inspo server is taking too long to answer. Try again in a moment.';
export const INVALID_RESPONSE_MESSAGE = 'The server sent a response this app does not understand.';

/**
 * Deadline for one request, body included. The API answers in milliseconds (search p95 is
 * budgeted at 20 ms on a million pins); past this the server or the network is stuck.
 */
export const REQUEST_TIMEOUT_MS = 10_000;

/** The first answer's own check waits this long: past the first results' render. */
const DEFERRED_CHECK_MS = 3_000;

const loadSchema = <S extends z.ZodType>(schema: S | (() => Promise<S>)): Promise<S> =>
  typeof schema === 'function' ? schema() : Promise.resolve(schema);

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** `navigator.onLine === false` is reliable (true only means "an interface is up"). */
function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/**
 * The caller's signal plus a deadline. Hand-rolled rather than AbortSignal.any +
 * AbortSignal.timeout: it works in every browser the build targets and its timer
 * is cleared as soon as the request is done.
 */
function withDeadline(signal: AbortSignal | undefined, ms: number) {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(TIMEOUT_ERROR_MESSAGE, 'TimeoutError'));
  }, ms);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** A body that is not JSON reads as undefined; an aborted read (deadline, cancel) rethrows. */
async function readJson(response: Response, signal: AbortSignal): Promise<unknown> {
  try {
    return await response.json();
  } catch (error) {
    if (signal.aborted) throw error;
    return undefined;
  }
}

/** What a failed fetch or body read becomes: a cancellation passes through unchanged. */
function requestFailure(
  error: unknown,
  { cancelled, timedOut }: { cancelled: boolean; timedOut: boolean },
): unknown {
  // TanStack Query treats an AbortError as a cancellation, not a failure.
  if (cancelled || isAbort(error)) return error;
  if (timedOut) {
    return new ApiError({
      status: 0,
      code: 'timeout',
      message: TIMEOUT_ERROR_MESSAGE,
      cause: error,
    });
  }
  return isOffline()
    ? new ApiError({ status: 0, code: 'offline', message: OFFLINE_ERROR_MESSAGE, cause: error })
    : new ApiError({ status: 0, code: 'network', message: NETWORK_ERROR_MESSAGE, cause: error });
}

export interface ApiGetParams<S extends z.ZodType> {
  path: string;
  params?: Record<string, QueryValue>;
  /** The response schema, or a loader for it (so zod can live in a lazy chunk). */
  schema: S | (() => Promise<S>);
  signal?: AbortSignal;
  /** The request's deadline (body included); REQUEST_TIMEOUT_MS unless a caller knows better. */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export async function apiGet<S extends z.ZodType>({
  path,
  params,
  schema,
  signal,
  timeoutMs = REQUEST_TIMEOUT_MS,
  fetchImpl = fetch,
}: ApiGetParams<S>): Promise<z.output<S>> {
  const url = buildApiUrl(path, params);
  // A results page's first answer may have come with the page itself (first-view.ts). The route
  // that produced it parses its own output with this very schema (no response schema transforms
  // anything), and it came in the page's own response, so it is shown at once: checking it again
  // here would put the contract chunk's download and start-up on the first results' path. It is
  // checked again a little later, off that path.
  const early = takeFirstViewAnswer(url);
  if (early !== undefined) {
    // A failed check is an unhandled rejection: reported in the console, as a bug to fix.
    setTimeout(() => void loadSchema(schema).then((s) => s.parse(early)), DEFERRED_CHECK_MS);
    return early as z.output<S>;
  }

  // Start loading the validators while the request is in flight.
  const schemaReady = loadSchema(schema);
  const contractReady = loadContract();
  schemaReady.catch(() => {});
  contractReady.catch(() => {});

  const deadline = withDeadline(signal, timeoutMs);
  let response: Response;
  let body: unknown;
  try {
    response = await fetchImpl(url, {
      signal: deadline.signal,
      headers: { accept: 'application/json' },
    });
    body = await readJson(response, deadline.signal);
  } catch (error) {
    throw requestFailure(error, {
      cancelled: signal?.aborted === true,
      timedOut: deadline.timedOut(),
    });
  } finally {
    deadline.done();
  }
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
