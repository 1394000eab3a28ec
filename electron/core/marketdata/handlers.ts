/**
 * The market data channels, wired to the service. Inputs arrive parsed by the dispatcher;
 * failures the user should read leave as ApiErrors (NOT_FOUND, BAD_REQUEST, CONFLICT,
 * RATE_LIMITED, UNAVAILABLE) with the venue's words kept.
 *
 * Backfill and gap detection use regular hours for US equities: the contract's
 * `market.backfill.start` and `market.gaps` carry no session yet (see README.md here,
 * contract proposals); the service takes one.
 */
import type { Handlers } from '../api/dispatcher';
import type { MarketDataService } from './service';
import { translate } from './service';

type MarketDataChannel =
  | 'market.sources'
  | 'market.search'
  | 'market.backfill.start'
  | 'market.backfill.cancel'
  | 'market.backfill.resume'
  | 'market.backfill.list'
  | 'market.gaps'
  | 'market.subscribe'
  | 'market.unsubscribe'
  | 'chart.layout.get'
  | 'chart.layout.save'
  | 'chart.presets.list'
  | 'chart.presets.save'
  | 'chart.presets.delete';

const DEFAULT_SESSION = 'regular';

export function marketDataHandlers(md: MarketDataService): Pick<Handlers, MarketDataChannel | 'market.bars'> {
  return {
    'market.bars': (input) => md.bars(input),
    'market.sources': () => md.listSources(),
    'market.search': (input) => md.search(input.source, input.market, input.query, input.limit),
    'market.backfill.start': (input) =>
      translate(() => md.backfill.start({ source: input.source, symbols: input.symbols, from: input.from, to: input.to, session: DEFAULT_SESSION })),
    'market.backfill.cancel': (input) => md.backfill.cancel(input.jobId),
    'market.backfill.resume': (input) => md.backfill.resume(input.jobId),
    'market.backfill.list': () => md.backfill.list(),
    'market.gaps': (input) => md.gaps(input.source, input.symbol, input.from, input.to, DEFAULT_SESSION),
    'market.subscribe': async (input) => {
      await md.subscribe({ source: input.source, symbol: input.symbol, trades: input.trades, book: input.book });
      return { subscribed: true as const };
    },
    'market.unsubscribe': (input) => {
      md.unsubscribe(input.source, input.symbol);
      return { unsubscribed: true as const };
    },
    'chart.layout.get': (input) => md.layout(input.key),
    'chart.layout.save': (input) => md.saveLayout(input.key, input.layout),
    'chart.presets.list': () => md.presets(),
    'chart.presets.save': (input) => md.savePreset(input),
    'chart.presets.delete': (input) => md.deletePreset(input.name),
  };
}
