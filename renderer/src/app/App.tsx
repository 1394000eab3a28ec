import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { AppErrorBoundary } from './ErrorBoundary';
import { createQueryClient } from './queryClient';
import { useLiveEvents } from './useLiveEvents';
import { Workstation } from './Workstation';

function LiveWorkstation() {
  useLiveEvents();
  return <Workstation />;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <AppErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <LiveWorkstation />
      </QueryClientProvider>
    </AppErrorBoundary>
  );
}
