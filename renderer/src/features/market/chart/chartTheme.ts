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
} as const;

export const chartFont = `-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`;
