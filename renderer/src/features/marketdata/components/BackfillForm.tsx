import { useState, type FormEvent, type ReactNode } from 'react';
import type { SourceInfo } from '../../../../../shared/contract';
import { describeError, isApiError } from '../../../api';
import { useStartBackfill } from '../api/startBackfill';
import { checkBackfill, type BackfillDraft, type BackfillErrors } from '../lib/backfillForm';

interface BackfillFormProps {
  source: SourceInfo;
  draft: BackfillDraft;
  onDraftChange(draft: BackfillDraft): void;
}

/**
 * Symbols and a range of days for the chosen source. The form refuses what it can judge
 * (no symbol, end before start, a start in the future) without asking; the engine's
 * refusals (an unknown symbol, its own clock's "future") are shown on the field they concern.
 */
export function BackfillForm({ source, draft, onDraftChange }: BackfillFormProps) {
  const start = useStartBackfill();
  const [errors, setErrors] = useState<BackfillErrors>({});
  const [started, setStarted] = useState<string | null>(null);

  const set = (patch: Partial<BackfillDraft>) => {
    onDraftChange({ ...draft, ...patch });
    setErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch) as Array<keyof BackfillDraft>) delete next[key];
      return next;
    });
    setStarted(null);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setStarted(null);
    const checked = checkBackfill(draft);
    if ('errors' in checked) {
      setErrors(checked.errors);
      start.reset();
      return;
    }
    setErrors({});
    const { symbols, from, to } = checked.range;
    start.mutate(
      { source: source.id, symbols, from, to },
      {
        onSuccess: (job) => setStarted(`Backfill of ${job.symbols.join(', ')} started.`),
        onError: (error) => setErrors(engineErrors(error)),
      },
    );
  };

  const formError = start.isError && !hasFieldError(engineErrors(start.error)) ? describeError(start.error) : null;

  return (
    <form className="backfill-form" aria-label="New backfill" noValidate onSubmit={onSubmit}>
      <Field id="backfill-symbols" label="Symbols" error={errors.symbols} wide>
        <input
          id="backfill-symbols"
          className="input"
          placeholder={source.markets.includes('us_equity') ? 'ACME, BOLT' : 'BTC/USDT, ETH/USDT'}
          value={draft.symbols}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={errors.symbols ? true : undefined}
          aria-describedby={errors.symbols ? 'backfill-symbols-error' : 'backfill-symbols-hint'}
          onChange={(event) => set({ symbols: event.target.value })}
        />
        {errors.symbols ? null : (
          <span id="backfill-symbols-hint" className="backfill-form__hint">
            Comma separated, or add them from the symbol search.
          </span>
        )}
      </Field>
      <Field id="backfill-from" label="First day" error={errors.from}>
        <input
          id="backfill-from"
          type="date"
          className="input"
          value={draft.from}
          aria-invalid={errors.from ? true : undefined}
          aria-describedby={errors.from ? 'backfill-from-error' : undefined}
          onChange={(event) => set({ from: event.target.value })}
        />
      </Field>
      <Field id="backfill-to" label="Last day" error={errors.to}>
        <input
          id="backfill-to"
          type="date"
          className="input"
          value={draft.to}
          aria-invalid={errors.to ? true : undefined}
          aria-describedby={errors.to ? 'backfill-to-error' : undefined}
          onChange={(event) => set({ to: event.target.value })}
        />
      </Field>
      <div className="backfill-form__actions">
        <button type="submit" className="button button--primary" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Start backfill'}
        </button>
        <span className="backfill-form__note">1-minute bars from {source.name}; higher timeframes are built from them.</span>
      </div>
      {formError ? (
        <p className="form-error backfill-form__message" role="alert">
          Could not start the backfill: {formError}
        </p>
      ) : null}
      {started ? (
        <p className="form-confirmation backfill-form__message" role="status">
          {started}
        </p>
      ) : null}
    </form>
  );
}

function Field({ id, label, error, wide, children }: { id: string; label: string; error: string | undefined; wide?: boolean; children: ReactNode }) {
  return (
    <div className={`field${wide ? ' backfill-form__wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** The engine's refusal on the field it concerns: its field errors, an unknown symbol on Symbols. */
function engineErrors(error: unknown): BackfillErrors {
  if (!isApiError(error)) return {};
  const out: BackfillErrors = {};
  for (const [field, message] of Object.entries(error.fields)) {
    if (field === 'from' || field === 'to') out[field] = message;
    else if (field.startsWith('symbols')) out.symbols = message;
  }
  if (error.code === 'NOT_FOUND' && /symbol/i.test(error.message)) out.symbols = error.message;
  return out;
}

function hasFieldError(errors: BackfillErrors): boolean {
  return Object.keys(errors).length > 0;
}
