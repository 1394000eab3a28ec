/**
 * A bot configuration checked in the wizard's terms: every problem is reported against
 * the field that has it (`params.fast`, `symbols.2`, `mode` ...), all at once.
 *
 * Modes and accounts (the decision, spelled out):
 * - live needs a live account whose live trading is enabled, and `confirmLive: true`;
 * - paper needs a paper account: on a live account a bot either trades live or runs in
 *   shadow mode (decides and logs, sends nothing). A "paper" bot on a live account would be
 *   ambiguous about whether it sends real orders, so it is refused with that advice;
 * - shadow is allowed on any account.
 */
import type { BotConfig, ParsedInputOf } from '../../../shared/contract';
import { ApiError } from '../api/errors';
import type { TradingRules } from '../domain/instrument';
import { NO_LIMITS, applyLimitsInput } from '../risk/limits';
import { resolveParams, type ParamValues, type StrategyDefinition } from '../strategies/api';
import type { BarFeed } from './barFeed';
import { sizingProblems } from './botSizing';
import type { StrategyCatalog } from './strategyCatalog';
import { isTimeZone } from './tradingHours';

export type BotConfigParsed = ParsedInputOf<'bots.create'>;

export interface ValidationDeps {
  catalog: StrategyCatalog;
  account: (accountId: string) => { name: string; mode: 'paper' | 'live'; state?: string; stateDetail?: string | null; reason?: string | null } | undefined;
  /** Why the account may not trade now (live not enabled, key missing), or null. */
  permission: (accountId: string) => string | null;
  rules: (accountId: string, symbol: string) => TradingRules | undefined;
  feedFor: (accountId: string) => BarFeed | null;
}

export function botLimits(input: NonNullable<BotConfigParsed['risk']>) {
  return applyLimitsInput(NO_LIMITS, input);
}

/** Checks each parameter alone (kind and range), then their relations. */
function paramProblems(def: StrategyDefinition, given: Readonly<Record<string, unknown>>, fields: Record<string, string>): ParamValues | null {
  const alone: StrategyDefinition = { ...def, validate: undefined };
  let ok = true;
  for (const key of Object.keys(given)) {
    try {
      resolveParams(alone, { [key]: given[key] });
    } catch (err) {
      fields[`params.${key}`] = (err as Error).message;
      ok = false;
    }
  }
  if (!ok) return null;
  try {
    return resolveParams(def, given);
  } catch (err) {
    fields.params = (err as Error).message;
    return null;
  }
}

/** Why an account has no bars for bots, in words. */
export function noFeedReason(account: { state?: string; stateDetail?: string | null; reason?: string | null }): string {
  const why = account.stateDetail ?? account.reason;
  if (account.state && account.state !== 'connected') return `the account is not connected (${account.state}${why ? `: ${why}` : ''})`;
  return why ? `its connection cannot be opened (${why})` : 'its connection cannot be opened';
}

export function validateBotConfig(input: BotConfigParsed, d: ValidationDeps, identity: { id: string; version: number }): BotConfig {
  const fields: Record<string, string> = {};
  const def = d.catalog.get(input.strategyId);
  let params: ParamValues | null = null;
  if (!def) fields.strategyId = `There is no strategy "${input.strategyId}"`;
  else params = paramProblems(def, input.params, fields);

  const account = d.account(input.accountId);
  if (!account) fields.accountId = 'There is no such account';
  const feed = account ? d.feedFor(input.accountId) : null;
  if (account && !feed) fields.accountId = `No market data source delivers bars for ${account.name}: ${noFeedReason(account)}; bots cannot run on it`;
  if (feed && !feed.timeframes().includes(input.timeframe)) {
    fields.timeframe = `${feed.source} has no ${input.timeframe} bars; it has ${feed.timeframes().join(', ')}`;
  }
  const seen = new Set<string>();
  input.symbols.forEach((symbol, i) => {
    const field = `symbols.${i}`;
    if (seen.has(symbol)) fields[field] = `${symbol} is listed twice`;
    seen.add(symbol);
    if (!account || fields[field]) return;
    if (!d.rules(input.accountId, symbol)) fields[field] = `${account.name} cannot trade ${symbol}: it has no trading rules for it (not listed, or the account is not connected)`;
    else if (feed && !feed.hasSymbol(symbol)) fields[field] = `${feed.source} has no bars for ${symbol}`;
  });

  if (account) {
    if (input.mode === 'live') {
      if (account.mode === 'paper') fields.mode = `A live bot needs a live account: ${account.name} is a paper account. Choose paper or shadow.`;
      else {
        const why = d.permission(input.accountId);
        if (why) fields.mode = `${why}: enable live trading for the account first, or choose shadow`;
        else if (input.confirmLive !== true) fields.confirmLive = `This bot will trade real money on ${account.name}: confirm live trading to save it`;
      }
    } else if (input.mode === 'paper' && account.mode === 'live') {
      fields.mode = `${account.name} is a live account: a bot on it trades live or runs in shadow mode (decides, logs, sends nothing). Choose shadow to try it.`;
    }
  }

  Object.assign(fields, sizingProblems(input.sizing));
  if (input.risk) {
    try {
      botLimits(input.risk);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      for (const [k, v] of Object.entries(err.fields ?? { _: err.message })) fields[`risk.${k}`] = v;
    }
  }
  if (input.tradingHours && !isTimeZone(input.tradingHours.timeZone)) {
    fields['tradingHours.timeZone'] = `"${input.tradingHours.timeZone}" is not a time zone this computer knows (e.g. America/New_York)`;
  }

  const problems = Object.values(fields);
  if (problems.length || !params) {
    throw new ApiError('BAD_REQUEST', problems.length ? `The bot cannot be saved: ${problems.join('; ')}` : 'The bot cannot be saved', fields);
  }
  return {
    id: identity.id,
    version: identity.version,
    name: input.name,
    strategyId: input.strategyId,
    params: { ...params },
    symbols: [...input.symbols],
    timeframe: input.timeframe,
    accountId: input.accountId,
    mode: input.mode,
    sizing: { method: input.sizing.method, params: { ...input.sizing.params } },
    risk: input.risk ?? null,
    tradingHours: input.tradingHours ?? null,
    cooldownBars: input.cooldownBars,
    maxOpenPositions: input.maxOpenPositions,
  };
}
