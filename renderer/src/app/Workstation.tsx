import { useRef, useState } from 'react';
import { AccountSummaryPanel } from '../features/account/components/AccountSummaryPanel';
import { useAccountSummary } from '../features/account/api/getAccountSummary';
import { useInstrument, useInstruments } from '../features/market/api/getInstruments';
import { PriceChart } from '../features/market/components/PriceChart';
import { Watchlist, type WatchlistHandle } from '../features/market/components/Watchlist';
import { useFills } from '../features/orders/api/listFills';
import { OpenOrders } from '../features/orders/components/OpenOrders';
import { OrderDetailDialog } from '../features/orders/components/OrderDetailDialog';
import { OrderHistory } from '../features/orders/components/OrderHistory';
import { OrderTicket, type OrderTicketHandle } from '../features/orders/components/OrderTicket';
import { PositionsTable } from '../features/positions/components/PositionsTable';
import { Kbd } from '../components/Kbd';
import { EmptyState } from '../components/States';
import { priceDecimals } from '../lib/format';
import { Panel } from './Panel';
import { ConnectionsView } from './ConnectionsView';
import { StatusBar } from './StatusBar';
import { TopBar, type View } from './TopBar';
import { ConnectionBanner } from './ConnectionIndicator';
import { useConnectionStatus } from './useConnectionStatus';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';

const NO_FILLS: never[] = [];

/**
 * The paper session screen, and the Connections view behind the top bar's second tab.
 * Features do not import each other: this shell owns the selected symbol and the open
 * order, and hands each panel what it needs.
 */
export function Workstation() {
  const [view, setView] = useState<View>('trading');
  const instruments = useInstruments();
  const [chosenSymbol, setSelectedSymbol] = useState<string | null>(null);
  // Until the user picks one, the first symbol is shown, so the chart is never an empty frame.
  const selectedSymbol = chosenSymbol ?? instruments.data?.[0]?.symbol ?? null;
  const [shownOrderId, setShownOrderId] = useState<string | null>(null);
  const instrument = useInstrument(selectedSymbol);
  const account = useAccountSummary();
  const fills = useFills(selectedSymbol);
  const connection = useConnectionStatus();
  const watchlistRef = useRef<WatchlistHandle>(null);
  const ticketRef = useRef<OrderTicketHandle>(null);

  useKeyboardShortcuts({
    focusSearch: () => watchlistRef.current?.focusSearch(),
    buy: () => ticketRef.current?.focusSide('buy'),
    sell: () => ticketRef.current?.focusSide('sell'),
  }, view === 'trading');

  const currency = account.data?.currency ?? 'USD';
  const canSend = connection.state === 'connected' || connection.state === 'connecting';

  return (
    <div className="workstation">
      <TopBar account={account.data} view={view} onViewChange={setView} />
      <ConnectionBanner />
      {view === 'connections' ? (
        <ConnectionsView />
      ) : (
        <main className="workspace">
          <Panel
            title="Watchlist"
            className="area-watchlist"
            actions={
              <span className="panel__hint">
                <Kbd>/</Kbd> search
              </span>
            }
          >
            <Watchlist ref={watchlistRef} selectedSymbol={selectedSymbol} onSelect={setSelectedSymbol} />
          </Panel>

          <Panel
            title={instrument ? `${instrument.symbol} · ${instrument.name}` : 'Chart'}
            className="area-chart"
            resetKey={selectedSymbol}
          >
            {selectedSymbol ? (
              <PriceChart
                symbol={selectedSymbol}
                decimals={priceDecimals(instrument?.tickSize)}
                fills={fills.data ?? NO_FILLS}
              />
            ) : (
              <EmptyState>Pick a symbol in the watchlist to see its chart.</EmptyState>
            )}
          </Panel>

          <div className="area-side">
            <Panel
              title="Order ticket"
              className="panel--ticket"
              actions={
                <span className="panel__hint">
                  <Kbd>B</Kbd> buy <Kbd>S</Kbd> sell
                </span>
              }
            >
              <OrderTicket
                ref={ticketRef}
                symbol={selectedSymbol}
                instrument={instrument}
                buyingPower={account.data?.buyingPower}
                currency={currency}
                canSend={canSend}
              />
            </Panel>
            <Panel title="Account" className="panel--account">
              <AccountSummaryPanel />
            </Panel>
          </div>

          <div className="area-bottom">
            <Panel title="Positions" className="area-positions">
              <PositionsTable currency={currency} selectedSymbol={selectedSymbol} onSelectSymbol={setSelectedSymbol} />
            </Panel>
            <Panel title="Open orders" className="area-open-orders">
              <OpenOrders onShowOrder={setShownOrderId} />
            </Panel>
            <Panel title="Order history" className="area-history">
              <OrderHistory onShowOrder={setShownOrderId} />
            </Panel>
          </div>
        </main>
      )}
      <StatusBar showKeys={view === 'trading'} />
      {shownOrderId && view === 'trading' ? <OrderDetailDialog orderId={shownOrderId} onClose={() => setShownOrderId(null)} /> : null}
    </div>
  );
}
