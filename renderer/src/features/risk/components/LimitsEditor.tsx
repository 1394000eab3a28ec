import { useId, useState, type FormEvent } from 'react';
import type { RiskLimits, RiskScope } from '../../../../../shared/contract';
import { describeError, isApiError } from '../../../api';
import { ErrorState, LoadingState } from '../../../components/States';
import { useRiskLimits } from '../api/getRiskLimits';
import { scopeKey } from '../api/riskKeys';
import { useSaveRiskLimits } from '../api/saveRiskLimits';
import {
  DRAWDOWN_FIELDS,
  LIMIT_SECTIONS,
  drawdownErrors,
  toFormValues,
  toLimitsInput,
  type LimitField,
  type LimitsErrors,
  type LimitsFormValues,
} from '../lib/limitsForm';

interface LimitsEditorProps {
  accountId: string;
  accountName: string;
  currency: string;
}

/**
 * The limits of the selected account, or of one bot (a bot's limits add to its account's:
 * the stricter of the two applies). The engine checks the whole set when it is saved and
 * refuses negative or contradictory limits field by field; nothing is saved then.
 */
export function LimitsEditor({ accountId, accountName, currency }: LimitsEditorProps) {
  const formId = useId();
  const [kind, setKind] = useState<'account' | 'bot'>('account');
  const [botDraft, setBotDraft] = useState('');
  const [botId, setBotId] = useState<string | null>(null);
  const scope: RiskScope | null = kind === 'account' ? { accountId } : botId ? { botId } : null;

  const showBot = (event: FormEvent) => {
    event.preventDefault();
    const id = botDraft.trim();
    setBotId(id === '' ? null : id);
  };

  return (
    <div className="risk-limits">
      <div className="risk-limits__scope">
        <fieldset className="segmented risk-limits__kind" aria-label="Limits of">
          <label className={`segmented__option${kind === 'account' ? ' is-checked' : ''}`}>
            <input type="radio" name={`${formId}-kind`} checked={kind === 'account'} onChange={() => setKind('account')} />
            Account: {accountName}
          </label>
          <label className={`segmented__option${kind === 'bot' ? ' is-checked' : ''}`}>
            <input type="radio" name={`${formId}-kind`} checked={kind === 'bot'} onChange={() => setKind('bot')} />
            A bot
          </label>
        </fieldset>
        {kind === 'bot' ? (
          <form className="risk-limits__bot" onSubmit={showBot} aria-label="Bot to edit">
            <label htmlFor={`${formId}-bot`}>Bot id</label>
            <input
              id={`${formId}-bot`}
              className="input input--compact"
              autoComplete="off"
              spellCheck={false}
              placeholder="e.g. ma-cross-1"
              value={botDraft}
              onChange={(event) => setBotDraft(event.target.value)}
            />
            <button type="submit" className="button button--small">
              Show limits
            </button>
          </form>
        ) : null}
      </div>
      {scope ? (
        <LimitsLoader key={scopeKey(scope)} scope={scope} currency={currency} />
      ) : (
        <p className="state state--empty">Enter a bot’s id and press Show limits. A bot’s limits apply on top of its account’s; the stricter wins.</p>
      )}
    </div>
  );
}

function LimitsLoader({ scope, currency }: { scope: RiskScope; currency: string }) {
  const limits = useRiskLimits(scope);
  const [saved, setSaved] = useState(false);
  // Here rather than in the form, which is remounted with the saved values.
  const save = useSaveRiskLimits();
  if (limits.isPending) return <LoadingState>Loading limits…</LoadingState>;
  if (limits.isError) return <ErrorState error={limits.error} what="the limits" onRetry={() => void limits.refetch()} />;
  return (
    <>
      {/* Remounted with the engine's values after each save. */}
      <LimitsForm key={limits.dataUpdatedAt} scope={scope} limits={limits.data} currency={currency} save={save} onSaved={setSaved} />
      {saved ? (
        <p className="form-confirmation risk-limits__saved" role="status">
          Saved. Orders are checked against these limits from now on.
        </p>
      ) : null}
    </>
  );
}

const UNIT_TEXT = (unit: LimitField['unit'], currency: string) =>
  unit === 'money' ? currency : unit === 'pct' ? '%' : unit === 'count' ? 'orders' : 'units';

function LimitsForm({
  scope,
  limits,
  currency,
  save,
  onSaved,
}: {
  scope: RiskScope;
  limits: RiskLimits;
  currency: string;
  save: ReturnType<typeof useSaveRiskLimits>;
  onSaved(saved: boolean): void;
}) {
  const formId = useId();
  const [values, setValues] = useState<LimitsFormValues>(() => toFormValues(limits));
  const [clientErrors, setClientErrors] = useState<LimitsErrors>({});
  const serverErrors: LimitsErrors = save.error && isApiError(save.error) ? save.error.fields : {};
  const errors: LimitsErrors = { ...clientErrors, ...serverErrors };
  const errorId = (field: string) => `${formId}-${field}-error`;

  const edit = (patch: Partial<LimitsFormValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    onSaved(false);
    if (save.isError) save.reset();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = toLimitsInput(values);
    if ('errors' in result) {
      setClientErrors(result.errors);
      return;
    }
    setClientErrors({});
    save.mutate({ scope, limits: result.input }, { onSuccess: () => onSaved(true) });
  };

  const fieldProps = (field: string) => ({
    id: `${formId}-${field}`,
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? errorId(field) : undefined,
  });
  const ddErrors = drawdownErrors(errors);

  return (
    <form className="risk-limits__form" aria-label="Risk limits" noValidate onSubmit={onSubmit}>
      <p className="risk-limits__explain">Leave a field empty for no limit. Money is in {currency}; percentages are percent (5 = 5%).</p>
      {LIMIT_SECTIONS.map((section) => (
        <fieldset key={section.title} className="risk-limits__section">
          <legend>{section.title}</legend>
          {section.fields.map((field) => (
            <div key={field.key} className="risk-limits__field">
              <label htmlFor={`${formId}-${field.key}`} title={field.hint}>
                {field.label}
              </label>
              <div className="risk-limits__input">
                <input
                  {...fieldProps(field.key)}
                  className="input num"
                  inputMode="decimal"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="no limit"
                  value={values.numbers[field.key]}
                  onChange={(event) => edit({ numbers: { ...values.numbers, [field.key]: event.target.value } })}
                />
                <span className="risk-limits__unit">{UNIT_TEXT(field.unit, currency)}</span>
              </div>
              {errors[field.key] ? (
                <p id={errorId(field.key)} className="field-error">
                  {errors[field.key]}
                </p>
              ) : null}
            </div>
          ))}
        </fieldset>
      ))}

      <fieldset className="risk-limits__section">
        <legend>Drawdown levels (% from the equity peak)</legend>
        <div className="risk-limits__levels">
          {DRAWDOWN_FIELDS.map((field) => {
            const name = `drawdown.${field.key}`;
            const invalid = Boolean(errors[name] || errors.drawdown);
            return (
              <div key={field.key} className="risk-limits__field">
                <label htmlFor={`${formId}-${name}`}>{field.label}</label>
                <div className="risk-limits__input">
                  <input
                    id={`${formId}-${name}`}
                    className="input num"
                    inputMode="decimal"
                    autoComplete="off"
                    placeholder="—"
                    aria-invalid={invalid ? true : undefined}
                    aria-describedby={invalid ? errorId('drawdown') : undefined}
                    value={values.drawdown[field.key]}
                    onChange={(event) => edit({ drawdown: { ...values.drawdown, [field.key]: event.target.value } })}
                  />
                  <span className="risk-limits__unit">%</span>
                </div>
              </div>
            );
          })}
        </div>
        {ddErrors.length > 0 ? (
          <p id={errorId('drawdown')} className="field-error">
            {ddErrors.join(' ')}
          </p>
        ) : null}
        <div className="risk-limits__row">
          <div className="risk-limits__field">
            <label htmlFor={`${formId}-cautionSizeFactor`} title="In caution, order sizes are cut to this fraction of the limits">
              Caution size factor
            </label>
            <input
              {...fieldProps('cautionSizeFactor')}
              className="input num"
              inputMode="decimal"
              value={values.cautionSizeFactor}
              onChange={(event) => edit({ cautionSizeFactor: event.target.value })}
            />
            {errors.cautionSizeFactor ? (
              <p id={errorId('cautionSizeFactor')} className="field-error">
                {errors.cautionSizeFactor}
              </p>
            ) : null}
          </div>
          <div className="risk-limits__field">
            <label htmlFor={`${formId}-duplicateWindowSec`} title="The ticket asks before the same symbol, side and quantity again within this many seconds">
              Duplicate window (s)
            </label>
            <input
              {...fieldProps('duplicateWindowSec')}
              className="input num"
              inputMode="numeric"
              value={values.duplicateWindowSec}
              onChange={(event) => edit({ duplicateWindowSec: event.target.value })}
            />
            {errors.duplicateWindowSec ? (
              <p id={errorId('duplicateWindowSec')} className="field-error">
                {errors.duplicateWindowSec}
              </p>
            ) : null}
          </div>
        </div>
      </fieldset>

      <fieldset className="risk-limits__section">
        <legend>Market hours</legend>
        <label className="risk-limits__check">
          <input
            type="checkbox"
            checked={values.enforceMarketHours}
            onChange={(event) => edit({ enforceMarketHours: event.target.checked })}
          />
          US equities only during the session (New York time, holidays)
        </label>
        <label className="risk-limits__check">
          <input
            type="checkbox"
            checked={values.enforceMarketHours && values.allowExtendedHours}
            disabled={!values.enforceMarketHours}
            onChange={(event) => edit({ allowExtendedHours: event.target.checked })}
          />
          Allow extended hours
        </label>
      </fieldset>

      {save.isError ? (
        <p className="form-error" role="alert">
          Nothing was saved. {describeError(save.error)}
        </p>
      ) : null}
      {Object.keys(clientErrors).length > 0 ? (
        <p className="form-error" role="alert">
          Nothing was sent: fix the fields marked in red.
        </p>
      ) : null}
      <div className="risk-limits__actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save limits'}
        </button>
        <button
          type="button"
          className="button"
          disabled={save.isPending}
          onClick={() => {
            setValues(toFormValues(limits));
            setClientErrors({});
            save.reset();
            onSaved(false);
          }}
        >
          Revert
        </button>
      </div>
    </form>
  );
}
