/** Colors the chart shares with the CSS theme (canvas cannot read CSS variables cheaply). */
export const chartColors = {
  background: '#0d1117',
  text: '#8a93a6',
  grid: 'rgba(138, 147, 166, 0.08)',
  border: '#232a36',
  crosshair: 'rgba(200, 208, 224, 0.35)',
  up: '#26a69a',
  down: '#ef5350',
  upVolume: 'rgba(38, 166, 154, 0.45)',
  downVolume: 'rgba(239, 83, 80, 0.45)',
  buyMarker: '#4caf50',
  sellMarker: '#ff7043',
  /** Guide lines of oscillators (RSI 30/70, MACD zero). */
  guide: 'rgba(138, 147, 166, 0.35)',
  histogramUp: 'rgba(38, 166, 154, 0.6)',
  histogramDown: 'rgba(239, 83, 80, 0.6)',
} as const;

/** Indicator lines, in the order new indicators take them (a saved color wins). */
export const indicatorPalette = ['#f5b83d', '#4c8dff', '#c678dd', '#56c2d6', '#e06c75', '#98c379', '#d19a66'] as const;

/** The second line of an indicator (MACD's signal, Bollinger's middle band). */
export const secondaryLine = '#e5e9f0';

export const chartFont = `-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`;
