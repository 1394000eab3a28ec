import type { PortfolioReport } from '../../../../../shared/contract';
import { SignedMoney } from '../../../components/Numbers';
import { formatMoney } from '../../../lib/format';

interface Tile {
  key: string;
  label: string;
  help: string;
  value: string;
  major?: boolean;
}

/**
 * Today's P&L and the total P&L are different numbers (today: since the market day began;
 * total: since the account or the scope began), so they are separate tiles, each labelled
 * with its period; realised, unrealised and fees beside them.
 */
export function PnlTiles({ pnl, currency }: { pnl: PortfolioReport['pnl']; currency: string }) {
  const tiles: Tile[] = [
    { key: 'today', label: 'Today’s P&L', help: 'Since the start of the current market day', value: pnl.today, major: true },
    { key: 'total', label: 'Total P&L', help: 'Since the start: realised plus unrealised, after fees', value: pnl.total, major: true },
    { key: 'realized', label: 'Realised', help: 'From closed quantities, after fees', value: pnl.realized },
    { key: 'unrealized', label: 'Unrealised', help: 'Open positions at the last price', value: pnl.unrealized },
  ];
  return (
    <dl className="pnl-tiles">
      {tiles.map((tile) => (
        <div key={tile.key} className={`pnl-tile${tile.major ? ' pnl-tile--major' : ''}`} data-testid={`pnl-${tile.key}`}>
          <dt title={tile.help}>
            {tile.label}
            <span className="pnl-tile__period">{tile.help}</span>
          </dt>
          <dd>
            <SignedMoney value={tile.value} currency={currency} />
          </dd>
        </div>
      ))}
      <div className="pnl-tile" data-testid="pnl-fees">
        <dt title="Commissions and fees paid, in the account currency">
          Fees paid
          <span className="pnl-tile__period">Since the start; already taken off the P&amp;L</span>
        </dt>
        <dd className="num">{formatMoney(pnl.fees, currency)}</dd>
      </div>
    </dl>
  );
}
