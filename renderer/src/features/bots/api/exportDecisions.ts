import { useMutation } from '@tanstack/react-query';
import { api, type ApiError } from '../../../api';

export interface DecisionExport {
  fileName: string;
  contentType: 'application/x-ndjson';
  count: number;
  text: string;
}

export function exportDecisions(botId: string): Promise<DecisionExport> {
  return api.invoke('bots.exportDecisions', { botId });
}

/** The whole decision log as JSON Lines, for the UI to save through a Blob link. */
export function useExportDecisions() {
  return useMutation<DecisionExport, ApiError | Error, string>({ mutationFn: exportDecisions, retry: false });
}
