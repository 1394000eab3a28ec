import type { Instrument } from '../../../../shared/contract';
import { Decimal, decStr } from '../../domain/decimal';
import { quoteCurrencyOf } from './symbols';
import type { AlpacaAsset } from './wire';

export const ALPACA_VENUE = 'alpaca';

/**
 * US equity price increments (SEC Rule 612, which Alpaca enforces): whole cents at or
 * above $1, hundredths of a cent below. Orders at a finer increment are rejected.
 */
const CENT = new Decimal('0.01');
const SUB_DOLLAR_TICK = new Decimal('0.0001');
const ONE_DOLLAR = new Decimal(1);

/** Alpaca accepts fractional share quantities down to 1e-9. */
const FRACTIONAL_LOT = new Decimal('0.000000001');
const WHOLE_SHARE = new Decimal(1);

export function equityTickSize(referencePrice: Decimal | null): Decimal {
  // Without a price we assume the common case (>= $1): the stricter tick can only make
  // us refuse a valid sub-penny price, never send one Alpaca would reject.
  return referencePrice !== null && referencePrice.lt(ONE_DOLLAR) ? SUB_DOLLAR_TICK : CENT;
}

/**
 * Trading rules for an Alpaca asset in our instrument shape. Crypto pairs carry their own
 * increments; equities follow the tick rule above and are fractionable or whole-share.
 */
export function instrumentFromAsset(asset: AlpacaAsset, referencePrice: Decimal | null): Instrument {
  const crypto = asset.class === 'crypto';
  const common = {
    symbol: asset.symbol,
    name: asset.name,
    venue: ALPACA_VENUE,
    tradable: asset.tradable && asset.status === 'active',
    fractionable: asset.fractionable,
    lastPrice: referencePrice === null ? null : referencePrice.toNumber(),
    dayChange: null,
  };
  if (crypto) {
    const lot = asset.min_trade_increment ?? FRACTIONAL_LOT;
    return {
      ...common,
      assetClass: 'crypto',
      tickSize: decStr(asset.price_increment ?? CENT),
      lotSize: decStr(lot),
      minQty: decStr(asset.min_order_size ?? lot),
      // Alpaca states no minimum order value for crypto in the asset; its own check applies.
      minNotional: '0',
      quoteCurrency: quoteCurrencyOf(asset.symbol),
      // Alpaca does not allow short selling crypto.
      shortable: false,
    };
  }
  const lot = asset.fractionable ? FRACTIONAL_LOT : WHOLE_SHARE;
  return {
    ...common,
    assetClass: 'us_equity',
    tickSize: decStr(equityTickSize(referencePrice)),
    lotSize: decStr(lot),
    minQty: decStr(lot),
    minNotional: '0',
    quoteCurrency: 'USD',
    shortable: asset.shortable,
  };
}
