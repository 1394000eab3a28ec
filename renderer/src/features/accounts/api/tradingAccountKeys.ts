/** Every query key of the trading-accounts feature (the accounts the OMS routes to) comes from here. */
export const tradingAccountKeys = {
  all: ['trading-accounts'] as const,
  list: () => [...tradingAccountKeys.all, 'list'] as const,
};
