import { useCallback, useRef, useState } from 'react';
import { AccountSummaryPanel } from '../features/account/components/AccountSummaryPanel';
import { useAccountSummary } from '../features/account/api/getAccountSummary';
import { useTradingAccounts } from '../features/accounts/api/listTradingAccounts';
import { AccountBanner } from '../features/accounts/components/AccountBanner';
import { AuditLog } from '../features/audit/components/AuditLog';
import { ReconcileView } from '../features/reconcile/components/ReconcileView';
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
import { TOOL_VIEWS } from './toolViews';
import { ConnectionBanner } from './ConnectionIndicator';
import { useConnectionStatus } from './useConnectionStatus';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';

const NO_FILLS: never[] = [];
const NO_ACCOUNTS: never[] = [];

/** The engine's id of the local paper account, where the app starts every time. */
const PAPER_ACCOUNT_ID = 'paper';

/**
 * The trading screen for the selected account, and the Reconciliation, Audit and
 * Connections views behind the top bar's tabs. Features do not import each other: this
 * shell owns the selected account, symbol and open order, and hands each panel what it needs.
 */
export function Workstation() {
  const [view, setView] = useState<View>('trading');
  const toolView = TOOL_VIEWS.find((v) => v.id === view);
  const instruments = useInstruments();
  const [chosenSymbol, setSelectedSymbol] = useState<string | null>(null);
  // Until the user picks one, the first symbol is shown, so the chart is never an empty frame.
  const selectedSymbol = chosenSymbol ?? instruments.data?.[0]?.symbol ?? null;
  const [shownOrderId, setShownOrderId] = useState<string | null>(null);
  const instrument = useInstrument(selectedSymbol);

  // The account the trading view follows. Every start is on the paper account: a real-money
  // account is only ever chosen by hand. If the chosen one disappears (its connection was
  // deleted), the view falls back to paper.
  const tradingAccounts = useTradingAccounts();
  const accounts = tradingAccounts.data ?? NO_ACCOUNTS;
  const [chosenAccountId, setChosenAccountId] = useState(PAPER_ACCOUNT_ID);
  const accountId =
    tradingAccounts.data && !accounts.some((a) => a.accountId === chosenAccountId) ? PAPER_ACCOUNT_ID : chosenAccountId;
  const selectedAccount = accounts.find((a) => a.accountId === accountId);
  const isPaper = accountId === PAPER_ACCOUNT_ID;
  const accountName = useCallback(
    (id: string) => accounts.find((a) => a.accountId === id)?.name ?? id,
    [accounts],
  );

  // Broker accounts trade their venue's symbols, typed in the ticket (the watchlist holds the
  // paper session's sample symbols); each account keeps its own.
  const [brokerSymbols, setBrokerSymbols] = useState<Record<string, string>>({});
  const ticketSymbol = isPaper ? selectedSymbol : (brokerSymbols[accountId] ?? '');
  const setTicketSymbol = (symbol: string) => {
    if (isPaper) setSelectedSymbol(symbol);
    else setBrokerSymbols((current) => ({ ...current, [accountId]: symbol }));
  };

  const account = useAccountSummary(accountId);
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
  const engineReachable = connection.state === 'connected' || connection.state === 'connecting';
  const accountConnected = !selectedAccount || selectedAccount.state === 'connected';

  return (
    <div className="workstation">
      <TopBar
        accounts={accounts}
        account={selectedAccount}
        onSelectAccount={setChosenAccountId}
        view={view}
        onViewChange={setView}
      />
      <ConnectionBanner />
      {view === 'trading' ? <AccountBanner account={selectedAccount} /> : null}
      {toolView ? (
        <main className="tool-view" aria-label={`${toolView.label} view`}>
          {toolView.render({
            account: selectedAccount,
            accounts,
            openTrading: (symbol) => {
              if (symbol) setSelectedSymbol(symbol);
              setView('trading');
            },
          })}
        </main>
      ) : view === 'connections' ? (
        <ConnectionsView />
      ) : view === 'reconcile' ? (
        <main className="tool-view" aria-label="Reconciliation view">
          <Panel title="Reconciliation" className="tool-view__panel">
            <ReconcileView accountName={accountName} />
          </Panel>
        </main>
      ) : view === 'audit' ? (
        <main className="tool-view" aria-label="Audit view">
          <Panel title="Audit log" className="tool-view__panel">
            <AuditLog subjectName={(subject) => accounts.find((a) => a.accountId === subject)?.name ?? null} />
          </Panel>
        </main>
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
                accountId={accountId}
                account={selectedAccount}
                symbol={ticketSymbol}
                onSymbolChange={isPaper ? undefined : setTicketSymbol}
                instrument={isPaper ? instrument : undefined}
                buyingPower={account.data?.buyingPower}
                currency={currency}
                engineReachable={engineReachable}
              />
            </Panel>
            <Panel title="Account" className="panel--account" resetKey={accountId}>
              <AccountSummaryPanel accountId={accountId} connected={accountConnected} />
            </Panel>
          </div>

          <div className="area-bottom">
            <Panel title="Positions" className="area-positions" resetKey={accountId}>
              <PositionsTable
                accountId={accountId}
                currency={currency}
                selectedSymbol={ticketSymbol}
                onSelectSymbol={setTicketSymbol}
              />
            </Panel>
            <Panel title="Open orders" className="area-open-orders" resetKey={accountId}>
              <OpenOrders accountId={accountId} canModify={selectedAccount?.canModify ?? false} onShowOrder={setShownOrderId} />
            </Panel>
            <Panel title="Order history" className="area-history" resetKey={accountId}>
              <OrderHistory accountId={accountId} onShowOrder={setShownOrderId} />
            </Panel>
          </div>
        </main>
      )}
      <StatusBar showKeys={view === 'trading'} />
      {shownOrderId && view === 'trading' ? (
        <OrderDetailDialog orderId={shownOrderId} accountName={accountName} onClose={() => setShownOrderId(null)} />
      ) : null}
    </div>
  );
}
