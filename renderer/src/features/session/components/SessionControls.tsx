import { useId } from 'react';
import { describeError } from '../../../api';
import { useAppInfo } from '../api/getAppInfo';
import { useControlSession } from '../api/controlSession';
import { useMarketClock } from '../hooks/useMarketClock';

const SPEEDS = [1, 60, 600, 3600] as const;

const clockFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

interface SessionControlsProps {
  /** False while the engine is unreachable: the clock stops and the controls would fail. */
  live: boolean;
}

/** The sample replay's clock with pause/resume and speed. */
export function SessionControls({ live }: SessionControlsProps) {
  const speedId = useId();
  const info = useAppInfo();
  const control = useControlSession();
  const session = info.data?.session;
  const marketTime = useMarketClock(session, info.dataUpdatedAt, live);

  if (!session) return null;
  const speeds: readonly number[] = SPEEDS.includes(session.speed as (typeof SPEEDS)[number])
    ? SPEEDS
    : [...SPEEDS, session.speed].sort((a, b) => a - b);

  return (
    <div className="session-controls" aria-label="Sample market replay">
      <span className="session-controls__clock num" title="Simulated market time of the sample replay">
        {marketTime !== null ? clockFormat.format(marketTime) : '—'}
      </span>
      <button
        type="button"
        className="button button--small"
        aria-pressed={session.paused}
        disabled={control.isPending || !live}
        onClick={() => control.mutate({ paused: !session.paused })}
      >
        {session.paused ? 'Resume replay' : 'Pause replay'}
      </button>
      <label htmlFor={speedId} className="sr-only">
        Replay speed
      </label>
      <select
        id={speedId}
        className="input input--compact"
        value={session.speed}
        disabled={control.isPending || !live}
        onChange={(event) => control.mutate({ speed: Number(event.target.value) })}
      >
        {speeds.map((speed) => (
          <option key={speed} value={speed}>
            {speed}×
          </option>
        ))}
      </select>
      {control.isError ? (
        <span className="session-controls__error" role="alert">
          {describeError(control.error)}
        </span>
      ) : null}
    </div>
  );
}
