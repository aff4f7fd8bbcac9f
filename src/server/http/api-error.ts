/**
 * The one error type route code throws. The error handler turns it (and every
 * other failure) into the contract's `{ error: { code, message } }` body.
 */
import type { z } from 'zod';
import type { ErrorCodeSchema, ErrorResponse } from '@/contract/api';

export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;

  constructor({
    statusCode,
    code,
    message,
  }: {
    statusCode: number;
    code: ErrorCode;
    message: string;
  }) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
  }
}

export function errorBody(code: ErrorCode, message: string): ErrorResponse {
  return { error: { code, message } };
}

/** The contract has one code per family; pick it from the HTTP status. */
export function codeForStatus(statusCode: number): ErrorCode {
  if (statusCode === 404) return 'not_found';
  if (statusCode === 429) return 'rate_limited';
  if (statusCode === 413 || statusCode === 414 || statusCode === 431) return 'payload_too_large';
  if (statusCode >= 500) return 'internal';
  return 'bad_request';
}

/** Pin ids are echoed back, so keep the message short even for odd ids. */
export function unknownPin(id: string): ApiError {
  return new ApiError({ statusCode: 404, code: 'not_found', message: `No pin with id "${id}".` });
}
