import { useId, type ReactNode } from 'react';
import { PanelErrorBoundary } from './ErrorBoundary';

interface PanelProps {
  title: string;
  /** Small controls or hints on the right of the header. */
  actions?: ReactNode;
  className?: string;
  /** When it changes, a crashed panel tries again by itself (e.g. the chart for another symbol). */
  resetKey?: string | null;
  children: ReactNode;
}

/** A titled region of the workstation with its own error boundary. */
export function Panel({ title, actions, className, resetKey, children }: PanelProps) {
  const headingId = useId();
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={headingId}>
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          {title}
        </h2>
        {actions ? <div className="panel__actions">{actions}</div> : null}
      </header>
      <div className="panel__body">
        <PanelErrorBoundary title={title} resetKey={resetKey}>
          {children}
        </PanelErrorBoundary>
      </div>
    </section>
  );
}
