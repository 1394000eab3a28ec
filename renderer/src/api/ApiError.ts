import type { ApiErrorShape, ErrorCode } from '../../../shared/contract';

/**
 * A failed reply from the engine, thrown by `api.invoke` so TanStack Query sees a rejection.
 * It keeps the envelope's code and per-field messages so forms can show them inline.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: Readonly<Record<string, string>>;

  constructor(shape: ApiErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.fields = shape.fields ?? {};
  }

  /** Worth trying again later: the engine or the transport was not there. */
  get isTransient(): boolean {
    return this.code === 'UNAVAILABLE' || this.code === 'RATE_LIMITED';
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** A short text for any error a query or mutation may reject with. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
