import { describe, expect, it } from 'vitest';
import { annualisedReturn, calmar, downsideDeviation, historicalVar95, sampleStd, sharpe, sortino } from '../../../electron/core/analytics/ratios';
import { SIX_DAYS } from './fixtures';

/*
 * The six-day fixture's returns r = [0.02, -0.02, 0.02, -0.01, 0.03], by hand:
 *   mean            = 0.04 / 5 = 0.008
 *   deviations      = 0.012, -0.028, 0.012, -0.018, 0.022
 *   squares         = 0.000144, 0.000784, 0.000144, 0.000324, 0.000484   (sum 0.00188)
 *   sample variance = 0.00188 / 4 = 0.00047;  sd = sqrt(0.00047) = 0.0216794833886788
 *   Sharpe          = 0.008 / 0.0216794833886788 * sqrt(252) = 0.369013... * 15.8745078663875 = 5.857891567537
 *   downside        = min(r, 0)^2 = 0, 0.0004, 0, 0.0001, 0 (sum 0.0005) over all 5 periods = 0.0001; sqrt = 0.01
 *   Sortino         = 0.008 / 0.01 * sqrt(252) = 0.8 * 15.8745078663875 = 12.699606293110
 *   growth          = 103.96779624 / 100 = 1.0396779624
 *   annualised      = 1.0396779624^(252 / 5) - 1 = 6.107247859274
 *   Calmar          = 6.107247859274 / 0.02 (max drawdown, see series.test.ts) = 305.362392963681
 */
const r = SIX_DAYS.returns;

describe('Sharpe', () => {
  it('matches the hand computation', () => {
    expect(sampleStd(r)).toBeCloseTo(0.0216794833886788, 14);
    expect(sharpe(r)).toBeCloseTo(5.857891567537, 9);
  });

  it('is null for a flat curve (no variance), for one return and for none', () => {
    expect(sharpe([0, 0, 0, 0])).toBeNull();
    // A constant non-zero return has no variance either, whatever float noise says.
    expect(sharpe([0.01, 0.01, 0.01, 0.01])).toBeNull();
    expect(sharpe([0.05])).toBeNull();
    expect(sharpe([])).toBeNull();
  });
});

describe('Sortino', () => {
  it('matches the hand computation (downside deviation over all periods)', () => {
    expect(downsideDeviation(r)).toBeCloseTo(0.01, 14);
    expect(sortino(r)).toBeCloseTo(12.69960629311, 9);
  });

  it('is null without a losing period', () => {
    expect(sortino([0.01, 0.02, 0.03])).toBeNull();
    expect(sortino([0.01])).toBeNull();
  });
});

describe('Calmar', () => {
  it('annualised return over the maximum drawdown, by hand', () => {
    expect(annualisedReturn(r)).toBeCloseTo(6.107247859274, 9);
    expect(calmar(r, 0.02)).toBeCloseTo(305.362392963681, 7);
  });

  it('is null without a drawdown; a total loss annualises to -1', () => {
    expect(calmar(r, 0)).toBeNull();
    expect(calmar(r, null)).toBeNull();
    expect(annualisedReturn([-1, 0.5])).toBe(-1);
    expect(annualisedReturn([])).toBeNull();
  });
});

describe('historical VaR 95%', () => {
  it('type 1 quantile: with 25 returns, k = ceil(0.05 * 25) = 2, the second worst', () => {
    // 23 days of +0.4%, one of -5% and one of -3%: the 2nd smallest is -0.03, so VaR = 0.03.
    const returns = [...Array<number>(23).fill(0.004), -0.05, -0.03];
    expect(historicalVar95(returns)).toBeCloseTo(0.03, 14);
  });

  it('with 20 returns, k = 1: the worst day', () => {
    const returns = [...Array<number>(19).fill(0.01), -0.07];
    expect(historicalVar95(returns)).toBeCloseTo(0.07, 14);
  });

  it('is 0 when even the tail is a gain, and null below 20 returns', () => {
    expect(historicalVar95(Array<number>(30).fill(0.01))).toBe(0);
    expect(historicalVar95(Array<number>(19).fill(-0.01))).toBeNull();
  });
});
