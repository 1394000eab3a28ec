/** 0: exact symbol (with or without the pair's slash), 1: symbol prefix, 2: name contains; null: no match. An empty query matches everything. */
export function matchRank(symbol: string, name: string, upperQuery: string): number | null {
  if (!upperQuery) return 1;
  const s = symbol.toUpperCase();
  if (s === upperQuery || s.replace('/', '') === upperQuery) return 0;
  if (s.startsWith(upperQuery)) return 1;
  if (name.toUpperCase().includes(upperQuery)) return 2;
  return null;
}
