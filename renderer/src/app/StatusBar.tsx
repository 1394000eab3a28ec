import { useAppInfo } from '../features/session/api/getAppInfo';
import { Kbd } from '../components/Kbd';

/** Where the data lives, the version, the keys, and the chart library's attribution. */
export function StatusBar({ showKeys = true }: { showKeys?: boolean }) {
  const info = useAppInfo();
  return (
    <footer className="statusbar">
      <span className="statusbar__item">
        {info.data ? `${info.data.name} ${info.data.version}` : 'Trading Workstation'}
      </span>
      {info.data ? (
        <span className="statusbar__item statusbar__path" title="Your orders and fills are stored here">
          Data: {info.data.dataDir}
        </span>
      ) : null}
      {showKeys ? (
        <span className="statusbar__item statusbar__keys">
          <Kbd>/</Kbd> search <Kbd>B</Kbd> buy <Kbd>S</Kbd> sell <Kbd>Enter</Kbd> send <Kbd>Esc</Kbd> clear
        </span>
      ) : null}
      <span className="statusbar__spacer" />
      <a className="statusbar__item" href="https://www.tradingview.com/" target="_blank" rel="noreferrer noopener">
        Charts by TradingView Lightweight Charts™
      </a>
    </footer>
  );
}
