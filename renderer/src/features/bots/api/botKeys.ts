/** Every query key of the bots feature comes from here. */
export const botKeys = {
  all: ['bots'] as const,
  list: () => [...botKeys.all, 'list'] as const,
  details: () => [...botKeys.all, 'detail'] as const,
  detail: (botId: string) => [...botKeys.details(), botId] as const,
  strategies: () => [...botKeys.all, 'strategies'] as const,
  decisionLists: () => [...botKeys.all, 'decisions'] as const,
  decisionsOf: (botId: string) => [...botKeys.decisionLists(), botId] as const,
  decisions: (botId: string, blockedOnly: boolean) => [...botKeys.decisionsOf(botId), blockedOnly ? 'blocked' : 'all'] as const,
  versions: (botId: string) => [...botKeys.all, 'versions', botId] as const,
  orderLists: () => [...botKeys.all, 'orders'] as const,
  orders: (botId: string, accountId: string) => [...botKeys.orderLists(), botId, accountId] as const,
  holdings: () => [...botKeys.all, 'holding'] as const,
  holding: (accountId: string, symbol: string) => [...botKeys.holdings(), accountId, symbol] as const,
  fills: (botId: string, symbol: string) => [...botKeys.orderLists(), botId, 'fills', symbol] as const,
  bars: (source: string, symbol: string, timeframe: string, through: number) => [...botKeys.all, 'bars', source, symbol, timeframe, through] as const,
};
