import { useMutation } from '@tanstack/react-query';
import type { InputOf, SizingResult } from '../../../../../shared/contract';
import { api, type ApiError } from '../../../api';

export type SizingInput = InputOf<'sizing.compute'>;

export function computeSizing(input: SizingInput): Promise<SizingResult> {
  return api.invoke('sizing.compute', input);
}

/**
 * The ticket's "Size" helper: asked on demand with the values typed, never cached (equity
 * and prices move). A mutation, so each press is one question and one answer.
 */
export function useComputeSizing() {
  return useMutation<SizingResult, ApiError | Error, SizingInput>({
    mutationFn: computeSizing,
    retry: false,
  });
}
