import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { BotDetail, BotMode, SizingMethod, StrategyInfo, StrategyParamSpec, Timeframe, TradingAccount } from '../../../../../shared/contract';
import { isApiError } from '../../../api';
import { ErrorState, LoadingState } from '../../../components/States';
import { useStrategies } from '../api/listStrategies';
import { useSaveBot } from '../api/saveBot';
import { MODE_LABEL } from '../lib/botLabels';
import { BOT_SIZING_METHODS, sizingParamsOf } from '../lib/botSizingMethods';
import {
  RISK_FIELDS,
  WEEKDAYS,
  defaultParams,
  emptyValues,
  initialSizing,
  parseSymbols,
  toConfigInput,
  valuesFromConfig,
  type WizardValues,
} from '../lib/wizardForm';

const TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1h', '4h', '1D', '1W'];

const MODE_HELP: Record<BotMode, string> = {
  paper: 'Trades on a paper account: simulated money.',
  shadow: 'Decides and logs like live, never sends an order.',
  live: 'Sends real orders with real money.',
};

/** Modes an account allows: paper accounts run paper or shadow; live accounts shadow, and live once live trading is enabled. */
function modesFor(account: TradingAccount | undefined): BotMode[] {
  if (!account) return ['paper', 'shadow'];
  if (account.mode === 'paper') return ['paper', 'shadow'];
  return account.canTrade ? ['shadow', 'live'] : ['shadow'];
}

interface BotWizardProps {
  /** Editing an existing bot (a new version), or creating one. */
  editing: BotDetail | null;
  accounts: readonly TradingAccount[];
  defaultAccountId: string;
  onSaved(detail: BotDetail): void;
  onCancel(): void;
}

export function BotWizard(props: BotWizardProps) {
  const strategies = useStrategies();
  if (strategies.isPending) return <LoadingState>Loading strategies…</LoadingState>;
  if (strategies.isError) return <ErrorState error={strategies.error} what="the strategies" onRetry={() => void strategies.refetch()} />;
  return <WizardForm {...props} strategies={strategies.data} />;
}

function WizardForm({ editing, accounts, defaultAccountId, onSaved, onCancel, strategies }: BotWizardProps & { strategies: StrategyInfo[] }) {
  const formId = useId();
  const save = useSaveBot();
  const [values, setValues] = useState<WizardValues>(() =>
    editing ? valuesFromConfig(editing.config) : emptyValues(strategies.find((s) => s.id === 'ma-cross') ?? strategies[0], defaultAccountId),
  );
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const strategy = strategies.find((s) => s.id === values.strategyId);
  const account = accounts.find((a) => a.accountId === values.accountId);
  const modes = modesFor(account);
  const accountOptions = accounts.length ? accounts : [{ accountId: 'paper', name: 'Paper account', mode: 'paper' } as TradingAccount];

  const update = (patch: Partial<WizardValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    // An edited field's refusal goes away; the others stay until the next save.
    setFieldErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch)) {
        for (const errorKey of Object.keys(next)) if (errorKey === key || errorKey.startsWith(`${key}.`)) delete next[errorKey];
      }
      return next;
    });
  };

  const errorOf = (...keys: string[]): string | undefined => {
    for (const key of keys) if (fieldErrors[key]) return fieldErrors[key];
    return undefined;
  };

  const symbolErrors = useMemo(
    () =>
      Object.entries(fieldErrors)
        .filter(([key]) => key === 'symbols' || key.startsWith('symbols.'))
        .map(([key, text]) => {
          const index = Number(key.split('.')[1]);
          const symbol = Number.isInteger(index) ? parseSymbols(values.symbols)[index] : undefined;
          return symbol && !text.includes(symbol) ? `${symbol}: ${text}` : text;
        }),
    [fieldErrors, values.symbols],
  );

  /** Refusals the form has no field for (shown together at the bottom). */
  const KNOWN = /^(name|strategyId|params|symbols|timeframe|accountId|mode|confirmLive|sizing|risk|tradingHours|cooldownBars|maxOpenPositions)(\.|$)/;
  const otherErrors = Object.entries(fieldErrors).filter(([key]) => !KNOWN.test(key));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    setFieldErrors({});
    save.mutate(
      { botId: editing?.summary.id, config: toConfigInput(values, strategy) },
      {
        onSuccess: (detail) => onSaved(detail),
        onError: (error) => {
          if (isApiError(error) && Object.keys(error.fields).length) {
            setFieldErrors({ ...error.fields });
            setMessage('The engine refused this bot: see the fields marked below.');
          } else setMessage(error.message);
        },
      },
    );
  };

  const paramInput = (spec: StrategyParamSpec) => {
    const id = `${formId}-param-${spec.name}`;
    const error = errorOf(`params.${spec.name}`);
    const value = values.params[spec.name];
    const range =
      spec.kind === 'int' || spec.kind === 'float'
        ? [spec.min !== undefined ? `min ${spec.min}` : null, spec.max !== undefined ? `max ${spec.max}` : null, spec.step !== undefined ? `step ${spec.step}` : null]
            .filter(Boolean)
            .join(' · ')
        : null;
    const setParam = (v: string | boolean) => update({ params: { ...values.params, [spec.name]: v } } as Partial<WizardValues>);
    let control: ReactNode;
    if (spec.kind === 'bool') {
      control = <input id={id} type="checkbox" checked={value === true} onChange={(e) => setParam(e.target.checked)} aria-invalid={error ? true : undefined} />;
    } else if (spec.kind === 'enum') {
      control = (
        <select id={id} value={String(value ?? '')} onChange={(e) => setParam(e.target.value)} aria-invalid={error ? true : undefined}>
          {(spec.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    } else {
      control = (
        <input
          id={id}
          type="number"
          inputMode={spec.kind === 'int' ? 'numeric' : 'decimal'}
          min={spec.min}
          max={spec.max}
          step={spec.step ?? (spec.kind === 'int' ? 1 : 'any')}
          value={String(value ?? '')}
          onChange={(e) => setParam(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint`}
        />
      );
    }
    return (
      <div className="field" key={spec.name}>
        <label htmlFor={id}>{spec.label}</label>
        {control}
        <span id={`${id}-hint`} className="field__hint">
          {[range, spec.help].filter(Boolean).join(' — ')}
        </span>
        {error ? <FieldError text={error} /> : null}
      </div>
    );
  };

  return (
    <form className="bot-wizard" aria-label={editing ? `Edit bot ${editing.summary.name}` : 'New bot'} onSubmit={onSubmit} noValidate>
      <div className="bot-wizard__grid">
        <fieldset>
          <legend>Strategy</legend>
          <Field id={`${formId}-name`} label="Name" error={errorOf('name')}>
            <input id={`${formId}-name`} value={values.name} maxLength={64} onChange={(e) => update({ name: e.target.value })} />
          </Field>
          <Field id={`${formId}-strategy`} label="Strategy" error={errorOf('strategyId')}>
            <select
              id={`${formId}-strategy`}
              value={values.strategyId}
              onChange={(e) => {
                const next = strategies.find((s) => s.id === e.target.value);
                update({ strategyId: e.target.value, params: defaultParams(next) });
              }}
            >
              {strategies.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
          {strategy ? (
            <p className="bot-wizard__description">
              {strategy.description} <span className="muted">Warm-up: {strategy.warmupBars} bars with the defaults.</span>
            </p>
          ) : null}
        </fieldset>

        <fieldset aria-label="Parameters">
          <legend>Parameters</legend>
          <div className="bot-wizard__params">{strategy?.params.map(paramInput)}</div>
          {errorOf('params') ? <FieldError text={errorOf('params')!} /> : null}
        </fieldset>

        <fieldset>
          <legend>Market</legend>
          <Field id={`${formId}-account`} label="Account" error={errorOf('accountId')}>
            <select
              id={`${formId}-account`}
              value={values.accountId}
              onChange={(e) => {
                const next = accounts.find((a) => a.accountId === e.target.value);
                const allowed = modesFor(next);
                update({ accountId: e.target.value, ...(allowed.includes(values.mode) ? {} : { mode: allowed[0]!, confirmLive: false }) });
              }}
            >
              {accountOptions.map((a) => (
                <option key={a.accountId} value={a.accountId}>
                  {a.name} ({a.mode === 'live' ? 'LIVE' : 'PAPER'})
                </option>
              ))}
            </select>
          </Field>
          <Field id={`${formId}-symbols`} label="Symbols" hint="Comma separated, e.g. ACME, BOLT" error={symbolErrors.join('; ') || undefined}>
            <input id={`${formId}-symbols`} value={values.symbols} onChange={(e) => update({ symbols: e.target.value })} autoComplete="off" />
          </Field>
          <Field id={`${formId}-timeframe`} label="Timeframe" error={errorOf('timeframe')}>
            <select id={`${formId}-timeframe`} value={values.timeframe} onChange={(e) => update({ timeframe: e.target.value as Timeframe })}>
              {TIMEFRAMES.map((tf) => (
                <option key={tf} value={tf}>
                  {tf}
                </option>
              ))}
            </select>
          </Field>
          <div className="field" role="radiogroup" aria-label="Mode">
            <span className="field__label">Mode</span>
            <div className="mode-choice">
              {modes.map((mode) => (
                <label key={mode} className={`mode-choice__option mode-choice__option--${mode}`} title={MODE_HELP[mode]}>
                  <input
                    type="radio"
                    name={`${formId}-mode`}
                    value={mode}
                    checked={values.mode === mode}
                    onChange={() => update({ mode, confirmLive: false })}
                  />
                  {MODE_LABEL[mode]}
                </label>
              ))}
            </div>
            <span className="field__hint">{MODE_HELP[values.mode]}</span>
            {errorOf('mode') ? <FieldError text={errorOf('mode')!} /> : null}
          </div>
          {values.mode === 'live' ? (
            <div className="live-confirm">
              <label className="check">
                <input type="checkbox" checked={values.confirmLive} onChange={(e) => update({ confirmLive: e.target.checked })} />
                I understand this bot will send real orders with real money on {account?.name ?? 'this account'}.
              </label>
              {errorOf('confirmLive') ? <FieldError text={errorOf('confirmLive')!} /> : null}
            </div>
          ) : null}
        </fieldset>

        <fieldset>
          <legend>Sizing and risk</legend>
          <Field id={`${formId}-sizing`} label="Sizing rule (one unit of target)" error={errorOf('sizing.method', 'sizing')}>
            <select
              id={`${formId}-sizing`}
              value={values.sizingMethod}
              onChange={(e) => {
                const method = e.target.value as SizingMethod;
                update({ sizingMethod: method, sizingParams: initialSizing(method) });
              }}
            >
              {BOT_SIZING_METHODS.map((m) => (
                <option key={m.method} value={m.method}>
                  {m.label}
                </option>
              ))}
            </select>
          </Field>
          <div className="bot-wizard__params">
            {sizingParamsOf(values.sizingMethod).map((p) => (
              <Field key={p.name} id={`${formId}-sizing-${p.name}`} label={p.label} error={errorOf(`sizing.params.${p.name}`)}>
                <input
                  id={`${formId}-sizing-${p.name}`}
                  inputMode="decimal"
                  value={values.sizingParams[p.name] ?? ''}
                  onChange={(e) => update({ sizingParams: { ...values.sizingParams, [p.name]: e.target.value } } as Partial<WizardValues>)}
                />
              </Field>
            ))}
          </div>
          <p className="field__hint">Bot limits, on top of the account&apos;s (the stricter applies). Empty: no bot limit.</p>
          <div className="bot-wizard__params">
            {RISK_FIELDS.map((r) => (
              <Field key={r.name} id={`${formId}-risk-${r.name}`} label={r.label} error={errorOf(`risk.${r.name}`)}>
                <input
                  id={`${formId}-risk-${r.name}`}
                  inputMode="decimal"
                  value={values.risk[r.name]}
                  onChange={(e) => update({ risk: { ...values.risk, [r.name]: e.target.value } } as Partial<WizardValues>)}
                />
              </Field>
            ))}
          </div>
          {Object.entries(fieldErrors)
            .filter(([key]) => key.startsWith('risk.') && !RISK_FIELDS.some((r) => `risk.${r.name}` === key))
            .map(([key, text]) => (
              <FieldError key={key} text={text} />
            ))}
        </fieldset>

        <fieldset>
          <legend>Timing</legend>
          <div className="bot-wizard__params">
            <Field id={`${formId}-cooldown`} label="Cooldown (bars)" hint="After an order, wait before opening or growing again" error={errorOf('cooldownBars')}>
              <input
                id={`${formId}-cooldown`}
                type="number"
                min={0}
                max={10000}
                step={1}
                value={values.cooldownBars}
                onChange={(e) => update({ cooldownBars: e.target.value })}
              />
            </Field>
            <Field id={`${formId}-maxopen`} label="Max open positions" hint="Empty: as many as it trades" error={errorOf('maxOpenPositions')}>
              <input
                id={`${formId}-maxopen`}
                type="number"
                min={1}
                max={1000}
                step={1}
                value={values.maxOpenPositions}
                onChange={(e) => update({ maxOpenPositions: e.target.value })}
              />
            </Field>
          </div>
          <label className="check">
            <input type="checkbox" checked={values.hoursEnabled} onChange={(e) => update({ hoursEnabled: e.target.checked })} />
            Trade only during set hours
          </label>
          {values.hoursEnabled ? (
            <>
              <div className="bot-wizard__params">
                <Field id={`${formId}-tz`} label="Time zone" error={errorOf('tradingHours.timeZone')}>
                  <input id={`${formId}-tz`} value={values.timeZone} onChange={(e) => update({ timeZone: e.target.value })} />
                </Field>
                <Field id={`${formId}-start`} label="From" error={errorOf('tradingHours.start')}>
                  <input id={`${formId}-start`} type="time" value={values.start} onChange={(e) => update({ start: e.target.value })} />
                </Field>
                <Field id={`${formId}-end`} label="Until" error={errorOf('tradingHours.end')}>
                  <input id={`${formId}-end`} type="time" value={values.end} onChange={(e) => update({ end: e.target.value })} />
                </Field>
              </div>
              <div className="weekdays" role="group" aria-label="Trading days">
                {WEEKDAYS.map(({ day, label }) => (
                  <label key={day} className="check">
                    <input
                      type="checkbox"
                      checked={values.days.includes(day)}
                      onChange={(e) => update({ days: e.target.checked ? [...values.days, day] : values.days.filter((d) => d !== day) })}
                    />
                    {label}
                  </label>
                ))}
              </div>
              {errorOf('tradingHours.days', 'tradingHours') ? <FieldError text={errorOf('tradingHours.days', 'tradingHours')!} /> : null}
            </>
          ) : null}
        </fieldset>
      </div>

      {message ? (
        <div className="form-error" role="alert" aria-label="Bot refused">
          <p>{message}</p>
          {otherErrors.length ? (
            <ul>
              {otherErrors.map(([key, text]) => (
                <li key={key}>
                  {key === '_' ? '' : `${key}: `}
                  {text}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div className="bot-wizard__actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className={`button button--primary ${values.mode === 'live' ? 'button--live' : ''}`} disabled={save.isPending}>
          {save.isPending ? 'Saving…' : editing ? 'Save new version' : 'Create bot'}
        </button>
      </div>
    </form>
  );
}

function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? <span className="field__hint">{hint}</span> : null}
      {error ? <FieldError text={error} /> : null}
    </div>
  );
}

function FieldError({ text }: { text: string }) {
  return (
    <p className="field-error" role="alert">
      {text}
    </p>
  );
}
