import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useQueryErrorResetBoundary } from '@tanstack/react-query';

interface BoundaryProps {
  children: ReactNode;
  /** Renders the way back; `reset` remounts the children. */
  fallback: (error: Error, reset: () => void) => ReactNode;
  onReset?: () => void;
  /** A crashed boundary tries again when this changes. */
  resetKey?: string | null;
}

interface BoundaryState {
  error: Error | null;
}

/** Catches a render failure so one broken panel does not blank the whole workstation. */
export class ErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('panel crashed', error, info.componentStack);
  }

  override componentDidUpdate(previous: BoundaryProps): void {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.reset();
  }

  reset = (): void => {
    this.props.onReset?.();
    this.setState({ error: null });
  };

  override render(): ReactNode {
    const { error } = this.state;
    return error ? this.props.fallback(error, this.reset) : this.props.children;
  }
}

/** A panel's boundary: says what failed and offers "Reload panel", which also retries its queries. */
export function PanelErrorBoundary({
  title,
  resetKey,
  children,
}: {
  title: string;
  resetKey?: string | null;
  children: ReactNode;
}) {
  const { reset } = useQueryErrorResetBoundary();
  return (
    <ErrorBoundary
      onReset={reset}
      resetKey={resetKey}
      fallback={(error, retry) => (
        <div className="panel-crash" role="alert">
          <p className="panel-crash__title">{title} stopped working.</p>
          <p className="panel-crash__detail">{error.message}</p>
          <button type="button" className="button" onClick={retry}>
            Reload panel
          </button>
        </div>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}

/** The last line of defence around the whole app. */
export function AppErrorBoundary({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary
      fallback={(error, retry) => (
        <main className="app-crash" role="alert">
          <h1>The workstation hit an unexpected error</h1>
          <p>{error.message}</p>
          <p>Your orders and positions are kept by the engine; reloading the window does not affect them.</p>
          <div className="app-crash__actions">
            <button type="button" className="button" onClick={retry}>
              Try again
            </button>
            <button type="button" className="button" onClick={() => window.location.reload()}>
              Reload window
            </button>
          </div>
        </main>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}
