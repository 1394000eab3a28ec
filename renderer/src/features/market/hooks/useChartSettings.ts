import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChartLayout, IndicatorSpec, Timeframe } from '../../../../../shared/contract';
import { useChartLayout } from '../api/getChartLayout';
import type { ChartSession } from '../api/marketKeys';
import { useSaveChartLayout } from '../api/saveChartLayout';
import { DEFAULT_TIMEFRAME } from '../lib/timeframes';

export interface ChartSettings {
  timeframe: Timeframe;
  session: ChartSession;
  indicators: IndicatorSpec[];
}

const DEFAULTS: ChartSettings = { timeframe: DEFAULT_TIMEFRAME, session: 'regular', indicators: [] };
/** Settings are saved this long after the last change (a burst of edits is one save). */
const SAVE_DELAY_MS = 400;

export interface ChartSettingsState {
  /** Null while the saved layout is being read. */
  settings: ChartSettings | null;
  update(patch: Partial<ChartSettings>): void;
  /** Why the saved layout could not be read (the defaults are used). */
  restoreError: unknown;
  /** Why the last save failed. */
  saveError: unknown;
}

/**
 * The chart's timeframe, session and indicators: restored from the saved layout
 * (chart.layout.get) and saved again (chart.layout.save) a moment after each change, with
 * the source and symbol on show. A layout that could not be read is never overwritten.
 */
export function useChartSettings(layoutKey: string, source: string, symbol: string): ChartSettingsState {
  const layout = useChartLayout(layoutKey);
  const save = useSaveChartLayout(layoutKey);
  const [chosen, setChosen] = useState<ChartSettings | null>(null);
  const restored = useMemo(
    () => (layout.isSuccess ? fromLayout(layout.data) : layout.isError ? DEFAULTS : null),
    [layout.isSuccess, layout.isError, layout.data],
  );
  const settings = chosen ?? restored;

  const current: ChartLayout | null =
    settings && layout.isSuccess
      ? { source, symbol, timeframe: settings.timeframe, session: settings.session, indicators: settings.indicators }
      : null;
  const text = current ? JSON.stringify(current) : null;
  const savedText = layout.isSuccess && layout.data ? JSON.stringify(layout.data) : null;
  const { mutate } = save;
  const latest = useRef(current);
  useEffect(() => {
    latest.current = current;
  });

  useEffect(() => {
    if (text === null || text === savedText) return;
    const timer = setTimeout(() => {
      if (latest.current) mutate(latest.current);
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, savedText, mutate]);

  return {
    settings,
    update: (patch) => setChosen((previous) => ({ ...(previous ?? settings ?? DEFAULTS), ...patch })),
    restoreError: layout.isError ? layout.error : null,
    saveError: save.isError ? save.error : null,
  };
}

function fromLayout(layout: ChartLayout | null): ChartSettings {
  if (!layout) return DEFAULTS;
  return { timeframe: layout.timeframe, session: layout.session, indicators: layout.indicators };
}
