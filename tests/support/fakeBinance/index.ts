export { startFakeBinance } from './server';
export type { FailureSpec, FakeBinance, FakeBinanceControls, FakeBinanceOptions, LoggedRequest, OrderView } from './server';
export { BinanceError, binanceErrors } from './errors';
export { startFakeBinanceData } from './marketData';
