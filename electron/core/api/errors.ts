import type { ErrorCode } from '../../../shared/contract';

/**
 * An error the engine means to show to the user. Anything else that is thrown is a bug:
 * it is logged in full in main and crosses the boundary only as INTERNAL with a generic text.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const invalidOrder = (message: string, field?: string) =>
  new ApiError('INVALID_ORDER', message, field ? { [field]: message } : undefined);
export const notFound = (message: string) => new ApiError('NOT_FOUND', message);
export const conflict = (message: string) => new ApiError('CONFLICT', message);
