import { ColorType, createChart, type IChartApi, type Time } from 'lightweight-charts';

/** Colours shared with the CSS theme (a canvas cannot read CSS variables cheaply). */
export const portfolioChartColors = {
  background: '#0d1117',
  text: '#8a93a6',
  grid: 'rgba(138, 147, 166, 0.08)',
  border: '#232a36',
  crosshair: 'rgba(200, 208, 224, 0.35)',
  line: '#4c8dff',
  areaTop: 'rgba(76, 141, 255, 0.32)',
  areaBottom: 'rgba(76, 141, 255, 0.02)',
  up: '#26a69a',
  down: '#ef5350',
} as const;

const FONT = `-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number) => String(value).padStart(2, '0');

/** A Time as a local Date: seconds since the epoch, or a business day ("2024-03-01" or an object). */
function toDate(time: Time): Date | null {
  if (typeof time === 'number') return new Date(time * 1000);
  if (typeof time === 'string') return new Date(`${time}T00:00:00`);
  return new Date(time.year, time.month - 1, time.day);
}

/** Axis labels in the user's local time (the library's default is UTC). */
function tickMark(time: Time, tickMarkType: number): string {
  const date = toDate(time);
  if (!date) return '';
  // TickMarkType: 0 Year, 1 Month, 2 DayOfMonth, 3 Time, 4 TimeWithSeconds.
  switch (tickMarkType) {
    case 0:
      return String(date.getFullYear());
    case 1:
      return MONTHS[date.getMonth()] ?? '';
    case 2:
      return `${MONTHS[date.getMonth()] ?? ''} ${date.getDate()}`;
    default:
      return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }
}

function crosshairTime(time: Time): string {
  const date = toDate(time);
  if (!date) return String(time);
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return typeof time === 'number' ? `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}` : day;
}

/** A chart in the workstation's dark style, sized by its container. */
export function createPortfolioChart(container: HTMLElement, options: { timeVisible: boolean }): IChartApi {
  return createChart(container, {
    autoSize: true,
    layout: {
      background: { type: ColorType.Solid, color: portfolioChartColors.background },
      textColor: portfolioChartColors.text,
      fontSize: 11,
      fontFamily: FONT,
      // The TradingView attribution the library's licence asks for.
      attributionLogo: true,
    },
    grid: {
      vertLines: { color: portfolioChartColors.grid },
      horzLines: { color: portfolioChartColors.grid },
    },
    crosshair: {
      vertLine: { color: portfolioChartColors.crosshair, labelBackgroundColor: '#2a3140' },
      horzLine: { color: portfolioChartColors.crosshair, labelBackgroundColor: '#2a3140' },
    },
    rightPriceScale: { borderColor: portfolioChartColors.border },
    timeScale: {
      borderColor: portfolioChartColors.border,
      timeVisible: options.timeVisible,
      secondsVisible: false,
      tickMarkFormatter: tickMark,
    },
    localization: { timeFormatter: crosshairTime },
    handleScroll: { vertTouchDrag: false },
  });
}
