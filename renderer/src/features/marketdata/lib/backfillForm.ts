/** The Data view's backfill form as typed, and its checks before anything is sent. */
export interface BackfillDraft {
  symbols: string;
  /** yyyy-mm-dd (a date input's value), local days. */
  from: string;
  to: string;
}

export type BackfillField = 'symbols' | 'from' | 'to';
export type BackfillErrors = Partial<Record<BackfillField, string>>;

export interface BackfillRange {
  symbols: string[];
  /** Epoch ms: the start of the "from" day, local time. */
  from: number;
  /** Epoch ms, exclusive: the end of the "to" day (the engine clamps it to now). */
  to: number;
}

const SYMBOL = /^[A-Za-z0-9./:_-]{1,32}$/;
const DAY_MS = 86_400_000;

/** "ACME, bolt  VYX/USD" -> ["ACME", "BOLT", "VYX/USD"], without repeats. */
export function parseSymbols(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[\s,;]+/)) {
    const symbol = part.trim().toUpperCase();
    if (symbol) seen.add(symbol);
  }
  return [...seen];
}

/** Adds a symbol to the typed list unless it is there. */
export function addSymbol(text: string, symbol: string): string {
  const symbols = parseSymbols(text);
  if (symbols.includes(symbol.toUpperCase())) return text;
  return [...symbols, symbol.toUpperCase()].join(', ');
}

/** Local midnight of a yyyy-mm-dd date, or null. */
export function dayStart(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const value = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  return Number.isFinite(value) ? value : null;
}

/** yyyy-mm-dd of a moment, local time (a date input's value). */
export function dateInputValue(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The form a new backfill starts with: the last seven days. */
export function initialDraft(now = Date.now()): BackfillDraft {
  return { symbols: '', from: dateInputValue(now - 7 * DAY_MS), to: dateInputValue(now) };
}

/**
 * The range to send, or what is wrong with the form: no symbols, a malformed symbol, a
 * missing date, an end before the start, a start in the future. The engine checks again
 * (with its clock) and knows which symbols exist.
 */
export function checkBackfill(draft: BackfillDraft, now = Date.now()): { range: BackfillRange } | { errors: BackfillErrors } {
  const errors: BackfillErrors = {};
  const symbols = parseSymbols(draft.symbols);
  const bad = symbols.filter((symbol) => !SYMBOL.test(symbol));
  if (symbols.length === 0) errors.symbols = 'Enter at least one symbol, or add one from the search.';
  else if (bad.length > 0) errors.symbols = `Not a symbol: ${bad.join(', ')} (letters, digits and . / : _ - only).`;
  else if (symbols.length > 200) errors.symbols = 'At most 200 symbols per backfill.';
  const from = dayStart(draft.from);
  const toDay = dayStart(draft.to);
  if (from === null) errors.from = 'Pick the first day.';
  if (toDay === null) errors.to = 'Pick the last day.';
  if (from !== null && toDay !== null && toDay < from) errors.to = 'The last day is before the first day: swap them.';
  if (from !== null && from > now) errors.from = 'The first day is in the future: there is no history there yet.';
  if (Object.keys(errors).length > 0 || from === null || toDay === null) return { errors };
  return { range: { symbols, from, to: toDay + DAY_MS } };
}
