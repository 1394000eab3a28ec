import { PaperVenue } from '../../electron/core/brokers/paper/paperVenue';
import { Decimal, dec } from '../../electron/core/domain/decimal';
import { rulesOf } from '../../electron/core/domain/instrument';
import { sampleInstruments } from '../../electron/core/marketdata/sampleInstruments';
import { AccountView } from '../../electron/core/oms/accountView';
import { PAPER_CAPABILITIES, type FaultPoint, type PreTradeCheck } from '../../electron/core/oms/orderManager';
import { omsCore } from './omsCore';
import { openDatabase, type Db } from '../../electron/core/store/database';
import { AccountRepo } from '../../electron/core/store/repos/accountRepo';
import { ManualPrices } from './manualPrices';

/** The real OMS, paper venue and store on a SQLite file, with prices moved by hand. */
export function omsHarness(dbPath: string, opts: { slippageBps?: number; feeBps?: number; checks?: PreTradeCheck[]; cash?: string; prices?: ManualPrices; faultPoint?: (name: FaultPoint) => void } = {}) {
  const db: Db = openDatabase(dbPath);
  const prices = opts.prices ?? new ManualPrices();
  const rules = new Map(sampleInstruments().map((i) => [i.symbol, rulesOf(i)]));
  const accounts = new AccountRepo(db);
  const cash = dec(opts.cash ?? '100000');
  accounts.ensure({ id: 'paper', name: 'Paper', venue: 'paper', mode: 'paper', currency: 'USD', startingCash: cash, dayStartDate: '2026-11-20', at: 0 });
  const venue = new PaperVenue({ db, accountId: 'paper', startingCash: cash, prices, rules: (s) => rules.get(s), slippageBps: opts.slippageBps ?? 0, feeBps: opts.feeBps ?? 0 });
  const lastPrice = (s: string): Decimal | null => {
    const p = prices.lastPrice(s);
    return p === null ? null : dec(p);
  };
  const { oms, orders, fills, audit } = omsCore(db, {
    accountId: 'paper',
    broker: venue,
    capabilities: PAPER_CAPABILITIES,
    rules: (s) => rules.get(s),
    lastPrice,
    now: () => prices.marketTime(),
    checks: opts.checks,
    faultPoint: opts.faultPoint,
  });
  const view = new AccountView({ accounts, mark: lastPrice, marketDay: () => '2026-11-20', now: () => prices.marketTime() });
  const close = async () => {
    oms.close();
    await venue.close();
    db.close();
  };
  return { db, prices, venue, oms, orders, fills, audit, accounts, view, close };
}
