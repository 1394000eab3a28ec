import type { Timeframe } from '../../../../../shared/contract';
import type { ChartSession } from '../api/marketKeys';
import { TIMEFRAMES } from '../lib/timeframes';

interface ChartToolbarProps {
  timeframe: Timeframe;
  onTimeframe(timeframe: Timeframe): void;
  /** Shown for US equities only: crypto trades around the clock. */
  session: ChartSession | null;
  onSession(session: ChartSession): void;
  indicatorCount: number;
  editorOpen: boolean;
  onToggleEditor(): void;
  /** Short notes on the right: older bars loading, a save that failed... */
  notes: ReadonlyArray<{ text: string; tone: 'info' | 'warning' }>;
}

/** Timeframe buttons (keys 1..7), the session, and the indicator editor's toggle. */
export function ChartToolbar(props: ChartToolbarProps) {
  const { timeframe, onTimeframe, session, onSession, indicatorCount, editorOpen, onToggleEditor, notes } = props;
  return (
    <div className="chart-toolbar" role="toolbar" aria-label="Chart settings">
      <div className="chart-toolbar__group" role="group" aria-label="Timeframe">
        {TIMEFRAMES.map((tf, index) => (
          <button
            key={tf}
            type="button"
            className={`chart-toolbar__button${tf === timeframe ? ' is-current' : ''}`}
            aria-pressed={tf === timeframe}
            aria-keyshortcuts={String(index + 1)}
            title={`${tf} bars (key ${index + 1})`}
            onClick={() => onTimeframe(tf)}
          >
            {tf}
          </button>
        ))}
      </div>
      {session ? (
        <select
          className="input input--compact chart-toolbar__session"
          aria-label="Trading session"
          value={session}
          onChange={(event) => onSession(event.target.value as ChartSession)}
        >
          <option value="regular">Regular hours</option>
          <option value="extended">Extended hours</option>
        </select>
      ) : null}
      <button
        type="button"
        className={`chart-toolbar__button chart-toolbar__indicators${editorOpen ? ' is-current' : ''}`}
        aria-expanded={editorOpen}
        aria-controls="chart-indicator-editor"
        onClick={onToggleEditor}
      >
        ƒx Indicators{indicatorCount > 0 ? ` (${indicatorCount})` : ''}
      </button>
      <span className="chart-toolbar__notes">
        {notes.map((note) => (
          <span key={note.text} className={`chart-toolbar__note chart-toolbar__note--${note.tone}`} role={note.tone === 'warning' ? 'alert' : 'status'}>
            {note.text}
          </span>
        ))}
      </span>
    </div>
  );
}
