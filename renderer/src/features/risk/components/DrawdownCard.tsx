import type { RiskLimits, RiskStatus } from '../../../../../shared/contract';
import { SignedMoney } from '../../../components/Numbers';
import { formatMoney, formatQty } from '../../../lib/format';
import { LEVEL_TEXT } from '../lib/describeRisk';

interface DrawdownCardProps {
  status: RiskStatus;
  currency: string;
  /** The account's limits, for the levels' thresholds; undefined while they load. */
  limits: RiskLimits | undefined;
}

/** The drawdown level with equity, its peak and the distance from it. */
export function DrawdownCard({ status, currency, limits }: DrawdownCardProps) {
  const levels = limits?.drawdown;
  return (
    <div className="risk-drawdown">
      <div className="risk-drawdown__level">
        <span className={`risk-level risk-level--${status.drawdownLevel}`}>
          <span className="sr-only">Drawdown level: </span>
          {status.drawdownLevel.toUpperCase()}
        </span>
        <span className="risk-drawdown__level-text">{LEVEL_TEXT[status.drawdownLevel]}</span>
      </div>
      <dl className="risk-figures">
        <div>
          <dt>Equity</dt>
          <dd className="num">{formatMoney(status.equity, currency)}</dd>
        </div>
        <div>
          <dt>Peak</dt>
          <dd className="num">{formatMoney(status.equityPeak, currency)}</dd>
        </div>
        <div>
          <dt>Drawdown</dt>
          <dd className="num">{formatQty(status.drawdownPct)}%</dd>
        </div>
        <div>
          <dt>Today’s P&amp;L</dt>
          <dd>
            <SignedMoney value={status.dayPnl} currency={currency} />
          </dd>
        </div>
      </dl>
      <p className="risk-drawdown__levels">
        {levels
          ? `Levels from the peak: caution ${levels.cautionPct}%, warning ${levels.warningPct}%, critical ${levels.criticalPct}%, emergency ${levels.emergencyPct}%.`
          : limits
            ? 'No drawdown levels are set: set them in the limits to cut sizes and stop new positions as equity falls from its peak.'
            : null}
      </p>
    </div>
  );
}
