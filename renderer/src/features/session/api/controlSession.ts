import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InputOf, SessionStatus } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';
import { appInfoQueryOptions } from './getAppInfo';

export type SessionControlInput = InputOf<'session.control'>;

export function useControlSession() {
  const queryClient = useQueryClient();
  return useMutation<SessionStatus, ApiError | Error, SessionControlInput>({
    mutationFn: (input) => api.invoke('session.control', input),
    onSuccess: (session) =>
      queryClient.setQueryData(appInfoQueryOptions().queryKey, (info) => (info ? { ...info, session } : info)),
  });
}
