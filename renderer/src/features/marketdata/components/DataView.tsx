import { useState, type ComponentType, type ReactNode } from 'react';
import type { Instrument, SourceInfo } from '../../../../../shared/contract';
import { ErrorState, LoadingState } from '../../../components/States';
import { priceDecimals } from '../../../lib/format';
import { useSources } from '../api/listSources';
import { addSymbol, initialDraft, type BackfillDraft } from '../lib/backfillForm';
import { BackfillForm } from './BackfillForm';
import { BackfillJobs } from './BackfillJobs';
import { LiveMarket, type WatchedSymbol } from './LiveMarket';
import { SymbolSearch } from './SymbolSearch';
import '../marketdata.css';

export interface DataPanelProps {
  title: string;
  className?: string;
  actions?: ReactNode;
  children: ReactNode;
}

interface DataViewProps {
  /** The shell's titled panel (with its error boundary), so the view looks like the others. */
  Panel: ComponentType<DataPanelProps>;
  /** Shows a sample symbol on the trading view's chart. */
  openChart(symbol: string): void;
}

const SAMPLE = 'sample';

/**
 * Market data: the source, backfills with their progress, instrument search, and the live
 * trades and order book of one symbol. One source is chosen at the top for all three.
 */
export function DataView({ Panel, openChart }: DataViewProps) {
  const sources = useSources();
  const [sourceId, setSourceId] = useState(SAMPLE);
  const [draft, setDraft] = useState<BackfillDraft>(() => initialDraft());
  const [watched, setWatched] = useState<WatchedSymbol | null>(null);

  if (sources.isPending) return <LoadingState>Loading market data sources…</LoadingState>;
  if (sources.isError) return <ErrorState error={sources.error} what="market data sources" onRetry={() => void sources.refetch()} />;
  const source = sources.data.find((s) => s.id === sourceId) ?? sources.data[0];
  if (!source) return <ErrorState error={new Error('the engine lists no source')} what="market data sources" />;

  const chooseSource = (id: string) => {
    setSourceId(id);
    setWatched(null);
  };
  const watch = (instrument: Instrument) => setWatched({ symbol: instrument.symbol, decimals: priceDecimals(instrument.tickSize) });

  return (
    <div className="data-view">
      <div className="data-view__source" role="group" aria-label="Market data source">
        <label htmlFor="data-source">Source</label>
        <select id="data-source" className="input input--compact" value={source.id} onChange={(event) => chooseSource(event.target.value)}>
          {sources.data.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <SourceFacts source={source} />
      </div>
      <div className="data-view__grid">
        <Panel title="Backfill history" className="data-view__backfill">
          <div className="data-view__backfill-body">
            <BackfillForm key={source.id} source={source} draft={draft} onDraftChange={setDraft} />
            <BackfillJobs sources={sources.data} />
          </div>
        </Panel>
        <Panel title="Symbol search" className="data-view__search">
          <SymbolSearch
            key={source.id}
            source={source}
            onBackfill={(symbol) => setDraft((current) => ({ ...current, symbols: addSymbol(current.symbols, symbol) }))}
            onWatch={watch}
            onChart={source.id === SAMPLE ? openChart : undefined}
          />
        </Panel>
        <Panel title={watched ? `Live · ${watched.symbol}` : 'Live trades and order book'} className="data-view__live">
          <LiveMarket source={source} watched={watched} onWatch={setWatched} />
        </Panel>
      </div>
    </div>
  );
}

function SourceFacts({ source }: { source: SourceInfo }) {
  const facts = [
    source.venue,
    source.feed ? `feed ${source.feed.toUpperCase()}` : null,
    source.canStream ? 'live stream' : 'no live stream',
    source.hasOrderBook ? 'order book' : 'no order book',
    `timeframes ${source.timeframes.join(' ')}`,
  ].filter(Boolean);
  return <span className="data-view__facts">{facts.join(' · ')}</span>;
}
