import { useId, type ReactNode } from 'react';
import { PanelErrorBoundary } from './ErrorBoundary';

interface PanelProps {
  title: string;
  /** Small controls or hints on the right of the header. */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A titled region of the workstation with its own error boundary. */
export function Panel({ title, actions, className, children }: PanelProps) {
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
        <PanelErrorBoundary title={title}>{children}</PanelErrorBoundary>
      </div>
    </section>
  );
}
