export type OrderListScope = 'open' | 'all';

/** Every query key of the orders feature (orders, their histories, fills) comes from here. */
export const orderKeys = {
  all: ['orders'] as const,
  lists: () => [...orderKeys.all, 'list'] as const,
  list: (scope: OrderListScope) => [...orderKeys.lists(), scope] as const,
  histories: () => [...orderKeys.all, 'history'] as const,
  history: (orderId: string) => [...orderKeys.histories(), orderId] as const,
  fills: () => [...orderKeys.all, 'fills'] as const,
  fillsFor: (symbol: string | null) => [...orderKeys.fills(), symbol ?? '*'] as const,
};
