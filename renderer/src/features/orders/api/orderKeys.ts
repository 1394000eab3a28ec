export type OrderListScope = 'open' | 'all';

/** Every query key of the orders feature (orders per account, their histories, fills) comes from here. */
export const orderKeys = {
  all: ['orders'] as const,
  lists: () => [...orderKeys.all, 'list'] as const,
  accountLists: (accountId: string) => [...orderKeys.lists(), accountId] as const,
  list: (accountId: string, scope: OrderListScope) => [...orderKeys.accountLists(accountId), scope] as const,
  histories: () => [...orderKeys.all, 'history'] as const,
  history: (orderId: string) => [...orderKeys.histories(), orderId] as const,
  fills: () => [...orderKeys.all, 'fills'] as const,
  fillsFor: (symbol: string | null) => [...orderKeys.fills(), symbol ?? '*'] as const,
};
