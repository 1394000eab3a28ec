import type { ComponentType, ReactNode } from 'react';

/**
 * The shell's titled panel (with its own error boundary), handed in by the tool view entry:
 * features do not import app/, and each area of a view still fails on its own.
 */
export type PanelComponent = ComponentType<{
  title: string;
  actions?: ReactNode;
  className?: string;
  resetKey?: string | null;
  children: ReactNode;
}>;
