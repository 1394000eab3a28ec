import type { ReactNode } from 'react';
import { describeError } from '../api';

/** A quiet line while data loads; says what is loading. */
export function LoadingState({ children }: { children: ReactNode }) {
  return (
    <div className="state state--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {children}
    </div>
  );
}

/** Why a read failed and a way to try again. */
export function ErrorState({ error, what, onRetry }: { error: unknown; what: string; onRetry?: () => void }) {
  return (
    <div className="state state--error" role="alert">
      <span>
        Could not load {what}: {describeError(error)}
      </span>
      {onRetry ? (
        <button type="button" className="button button--small" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

/** Nothing here yet, and what to do about it. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="state state--empty">{children}</div>;
}
