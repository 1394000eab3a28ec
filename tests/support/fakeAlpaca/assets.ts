/**
 * The assets the fake Alpaca lists, in Alpaca's asset JSON (GET /v2/assets). A handful
 * that cover the rules we derive: fractionable and whole-share equities, a sub-dollar
 * stock, a non-tradable one, and crypto pairs with their own increments.
 */
export interface FakeAsset {
  id: string;
  class: 'us_equity' | 'crypto';
  exchange: string;
  symbol: string;
  name: string;
  status: 'active' | 'inactive';
  tradable: boolean;
  marginable: boolean;
  maintenance_margin_requirement: number;
  margin_requirement_long?: string;
  margin_requirement_short?: string;
  shortable: boolean;
  easy_to_borrow: boolean;
  fractionable: boolean;
  attributes: string[];
  min_order_size?: string;
  min_trade_increment?: string;
  price_increment?: string;
}

function equity(id: string, symbol: string, name: string, over: Partial<FakeAsset> = {}): FakeAsset {
  return {
    id,
    class: 'us_equity',
    exchange: 'NASDAQ',
    symbol,
    name,
    status: 'active',
    tradable: true,
    marginable: true,
    maintenance_margin_requirement: 30,
    margin_requirement_long: '30',
    margin_requirement_short: '100',
    shortable: true,
    easy_to_borrow: true,
    fractionable: true,
    attributes: ['fractional_eh_enabled', 'has_options'],
    ...over,
  };
}

function crypto(id: string, symbol: string, name: string, minOrder: string, increment: string, priceIncrement: string): FakeAsset {
  return {
    id,
    class: 'crypto',
    exchange: 'CRYPTO',
    symbol,
    name,
    status: 'active',
    tradable: true,
    marginable: false,
    maintenance_margin_requirement: 100,
    shortable: false,
    easy_to_borrow: false,
    fractionable: true,
    attributes: [],
    min_order_size: minOrder,
    min_trade_increment: increment,
    price_increment: priceIncrement,
  };
}

export function defaultAssets(): FakeAsset[] {
  return [
    equity('b0b6dd9d-8b9b-48a9-ba46-b9d54906e415', 'AAPL', 'Apple Inc. Common Stock'),
    equity('8ccae427-5dd0-45b3-b5fe-7ba5e422c766', 'TSLA', 'Tesla, Inc. Common Stock'),
    equity('3b1d6b2f-6a43-4c4b-9a8e-0d7a2f5c1e11', 'WHOL', 'Wholeshare Industries Common Stock', { fractionable: false, shortable: false, easy_to_borrow: false, attributes: [] }),
    equity('5d0de74d-5e3f-4c55-8a3b-2f1a6e9f0c22', 'PNNY', 'Penny Mining Corp. Common Stock', { exchange: 'OTC', fractionable: false, marginable: false, shortable: false, attributes: [] }),
    equity('7e4c1a9b-2d3f-4e5a-8b6c-9d0e1f2a3b33', 'HALT', 'Halted Holdings Common Stock', { tradable: false }),
    crypto('276e2673-764b-4ab6-a611-caf665ca6340', 'BTC/USD', 'Bitcoin  / US Dollar', '0.000045', '0.000000001', '1'),
    crypto('a1733398-6acc-4e92-af24-0d0667a78713', 'ETH/USD', 'Ethereum  / US Dollar', '0.001', '0.000000001', '0.1'),
  ];
}
