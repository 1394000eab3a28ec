/**
 * Bars from a CSV file, parsed over raw bytes straight into typed columns: no string or
 * object per row (a field is read where it lies in the buffer), so a few million rows load in
 * about a second.
 *
 * Format:
 * - a header row naming the columns, case-insensitive, in any order, extra columns ignored:
 *   the time as `timestamp` or `datetime`, or `date` + `time` (two columns), or `time` or
 *   `date` alone; then `open`, `high`, `low`, `close` and optionally `volume`;
 * - the delimiter is `,` (or `;` or a tab, when the header uses it); fields may be quoted
 *   (no delimiter inside quotes);
 * - times: ISO-8601 (`2024-01-02`, `2024-01-02T09:30`, `2024-01-02 09:30:00.5`, with `Z` or
 *   `+01:00` or no zone, which means UTC), or epoch seconds / epoch milliseconds, told apart
 *   by magnitude: 1e11 and above is milliseconds (1e11 seconds is the year 5138);
 * - rows strictly ascending in time: a duplicate or an earlier time is refused with its line;
 * - prices finite with low <= open, close <= high; volume >= 0. Without a volume column, or
 *   with an empty volume cell, the volume is NaN: the participation cap and the volume
 *   slippage model then do nothing for that bar;
 * - blank lines are skipped; line numbers in errors are the file's own (1 = the header row
 *   when the file starts with it).
 */
import { readFileSync } from 'node:fs';
import { allocateBars, type Bars } from './bars';

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(line === null ? message : `line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

const NL = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

/** Epoch values at or above this are milliseconds. */
export const EPOCH_MS_THRESHOLD = 1e11;

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

interface Field {
  a: number;
  b: number;
}

function text(buf: Uint8Array, a: number, b: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + a, b - a).toString('latin1');
}

/**
 * A decimal number from bytes [a, b), written to out[at] (NaN when malformed). Up to 15
 * significant digits and no exponent (the usual case) it is exact integer arithmetic and one
 * correctly rounded division, so it equals Number(text); anything else falls back to
 * Number(text). Writing into the column, rather than returning the number, keeps the double
 * unboxed: a million rows allocate nothing.
 */
export function parseNumberInto(buf: Uint8Array, a: number, b: number, out: Float64Array, at: number): void {
  if (a >= b) {
    out[at] = Number.NaN;
    return;
  }
  let i = a;
  let negative = false;
  if (buf[i] === 45 || buf[i] === 43) {
    negative = buf[i] === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seenDot = false;
  let any = false;
  for (; i < b; i++) {
    const ch = buf[i]!;
    if (ch >= 48 && ch <= 57) {
      any = true;
      if (mantissa === 0 && ch === 48) {
        if (seenDot) scale++;
        continue;
      }
      mantissa = mantissa * 10 + (ch - 48);
      digits++;
      if (seenDot) scale++;
    } else if (ch === 46 && !seenDot) {
      seenDot = true;
    } else {
      break;
    }
  }
  if (i < b || digits > 15 || scale > 22) {
    // Exponents, long mantissas, or junk: the slow, exact path decides (NaN for junk).
    const s = text(buf, a, b);
    out[at] = s.trim() === '' ? Number.NaN : Number(s);
    return;
  }
  if (!any) {
    out[at] = Number.NaN;
    return;
  }
  const x = scale === 0 ? mantissa : mantissa / POW10[scale]!;
  out[at] = negative ? -x : x;
}

const one = new Float64Array(1);

/** parseNumberInto, returning the number (for callers outside the row loop). */
export function parseNumberBytes(buf: Uint8Array, a: number, b: number): number {
  parseNumberInto(buf, a, b, one, 0);
  return one[0]!;
}

function digitsAt(buf: Uint8Array, i: number, n: number, end: number): number {
  if (i + n > end) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const ch = buf[i + k]!;
    if (ch < 48 || ch > 57) return -1;
    v = v * 10 + (ch - 48);
  }
  return v;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** YYYY-MM-DD at [a, a + 10): ms at UTC midnight, or NaN. */
function parseDate(buf: Uint8Array, a: number, end: number): number {
  const y = digitsAt(buf, a, 4, end);
  const mo = digitsAt(buf, a + 5, 2, end);
  const d = digitsAt(buf, a + 8, 2, end);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || buf[a + 4] !== 45 || buf[a + 7] !== 45) return Number.NaN;
  if (d > daysInMonth(y, mo)) return Number.NaN;
  return Date.UTC(y, mo - 1, d);
}

/**
 * HH:MM[:SS[.fff]] then an optional zone (Z, +HH, +HHMM, +HH:MM) from a to exactly b: the
 * offset from midnight UTC in ms, or NaN.
 */
function parseTimeOfDay(buf: Uint8Array, a: number, b: number): number {
  const hh = digitsAt(buf, a, 2, b);
  const mm = digitsAt(buf, a + 3, 2, b);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || buf[a + 2] !== 58) return Number.NaN;
  let ms = (hh * 60 + mm) * 60_000;
  let i = a + 5;
  if (i < b && buf[i] === 58) {
    const ss = digitsAt(buf, i + 1, 2, b);
    if (ss < 0 || ss > 60) return Number.NaN;
    ms += ss * 1000;
    i += 3;
    if (i < b && (buf[i] === 46 || buf[i] === 44)) {
      i++;
      let frac = 0;
      let scale = 1;
      const start = i;
      while (i < b && buf[i]! >= 48 && buf[i]! <= 57) {
        if (scale < 1e9) {
          frac = frac * 10 + (buf[i]! - 48);
          scale *= 10;
        }
        i++;
      }
      if (i === start) return Number.NaN;
      ms += (frac / scale) * 1000;
    }
  }
  if (i === b) return ms;
  if (buf[i] === 90 || buf[i] === 122) return i + 1 === b ? ms : Number.NaN;
  if (buf[i] !== 43 && buf[i] !== 45) return Number.NaN;
  const sign = buf[i] === 43 ? 1 : -1;
  const oh = digitsAt(buf, i + 1, 2, b);
  if (oh < 0 || oh > 23) return Number.NaN;
  let j = i + 3;
  let om = 0;
  if (j < b) {
    if (buf[j] === 58) j++;
    om = digitsAt(buf, j, 2, b);
    if (om < 0 || om > 59) return Number.NaN;
    j += 2;
  }
  if (j !== b) return Number.NaN;
  return ms - sign * (oh * 60 + om) * 60_000;
}

function isEpochLike(buf: Uint8Array, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const ch = buf[i]!;
    if (!((ch >= 48 && ch <= 57) || ch === 46 || (i === a && ch === 45))) return false;
  }
  return b > a;
}

/** A timestamp field: epoch seconds. NaN when it is not one of the accepted forms. */
export function parseTimestampBytes(buf: Uint8Array, a: number, b: number): number {
  if (isEpochLike(buf, a, b)) {
    const x = parseNumberBytes(buf, a, b);
    return Math.abs(x) >= EPOCH_MS_THRESHOLD ? x / 1000 : x;
  }
  const day = parseDate(buf, a, b);
  if (day !== day) return Number.NaN;
  if (a + 10 === b) return day / 1000;
  const sep = buf[a + 10];
  if (sep !== 84 && sep !== 116 && sep !== SPACE) return Number.NaN;
  const time = parseTimeOfDay(buf, a + 11, b);
  return (day + time) / 1000;
}

/** Separate date and time columns: "2024-01-02" and "09:30[:00][Z|+01:00]". */
function parseDateAndTime(buf: Uint8Array, date: Field, time: Field): number {
  if (date.b - date.a !== 10) return Number.NaN;
  const day = parseDate(buf, date.a, date.b);
  const tod = parseTimeOfDay(buf, time.a, time.b);
  return (day + tod) / 1000;
}

type Role = 'time' | 'date' | 'timeOfDay' | 'open' | 'high' | 'low' | 'close' | 'volume';

interface Layout {
  delimiter: number;
  roles: (Role | null)[];
  needed: number;
}

function headerLayout(names: string[], delimiter: number, line: number): Layout {
  const index = new Map<string, number>();
  names.forEach((raw, k) => {
    const name = raw.trim().replace(/^"|"$/g, '').trim().toLowerCase();
    if (name === '') return;
    if (index.has(name)) throw new CsvError(`the header names "${name}" twice`, line);
    index.set(name, k);
  });
  const roles: (Role | null)[] = names.map(() => null);
  const set = (name: string, role: Role) => {
    const k = index.get(name);
    if (k !== undefined) roles[k] = role;
    return k !== undefined;
  };
  if (!(set('timestamp', 'time') || set('datetime', 'time'))) {
    if (index.has('date') && index.has('time')) {
      set('date', 'date');
      set('time', 'timeOfDay');
    } else if (!(set('time', 'time') || set('date', 'time'))) {
      throw new CsvError(`the header has no time column (timestamp, datetime, date + time, time or date); it has: ${names.join(', ')}`, line);
    }
  }
  const missing = ['open', 'high', 'low', 'close'].filter((c) => !index.has(c));
  if (missing.length) throw new CsvError(`the header has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}; it has: ${names.join(', ')}`, line);
  for (const c of ['open', 'high', 'low', 'close', 'volume'] as const) set(c, c);
  let needed = 0;
  roles.forEach((r, k) => {
    if (r !== null && r !== 'volume') needed = k + 1;
  });
  return { delimiter, roles, needed };
}

function detectDelimiter(header: string): number {
  const count = (ch: string) => header.split(ch).length - 1;
  const candidates: [number, number][] = [
    [44, count(',')],
    [59, count(';')],
    [TAB, count('\t')],
  ];
  candidates.sort((x, y) => y[1] - x[1]);
  return candidates[0]![1] > 0 ? candidates[0]![0] : 44;
}

/** Text of field `k` of the line [from, to) (for error messages only). */
function fieldText(buf: Uint8Array, k: number, delimiter: number, from: number, to: number): string {
  const fields = text(buf, from, to).replace(/\r$/, '').split(String.fromCharCode(delimiter));
  return (fields[k] ?? '').trim().replace(/^"|"$/g, '');
}

// Roles as small integers for the row loop.
const NONE = 0;
const TIME = 1;
const DATE = 2;
const TIME_OF_DAY = 3;
const OPEN = 4;
const HIGH = 5;
const LOW = 6;
const CLOSE = 7;
const VOLUME = 8;
const ROLE_CODE: Record<Role, number> = { time: TIME, date: DATE, timeOfDay: TIME_OF_DAY, open: OPEN, high: HIGH, low: LOW, close: CLOSE, volume: VOLUME };

const ROLE_LABEL: Record<Role, string> = {
  time: 'time',
  date: 'date',
  timeOfDay: 'time',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  volume: 'volume',
};

export interface CsvOptions {
  /** Put the columns on a SharedArrayBuffer (for the worker pool). */
  shared?: boolean;
}

/** Parses CSV bytes into bar columns; throws CsvError naming the line for anything wrong. */
export function parseBarsCsv(input: Uint8Array, options: CsvOptions = {}): Bars {
  // A plain Uint8Array view: its indexOf is the engine's builtin, not Buffer's slower wrapper.
  const buf = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const end = buf.length;
  let pos = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let line = 0;
  // Header: the first non-blank line.
  let layout: Layout | null = null;
  while (pos < end && layout === null) {
    line++;
    let eol = buf.indexOf(NL, pos);
    if (eol < 0) eol = end;
    const raw = text(buf, pos, eol).replace(/\r$/, '');
    pos = eol + 1;
    if (raw.trim() === '') continue;
    const delimiter = detectDelimiter(raw);
    layout = headerLayout(raw.split(String.fromCharCode(delimiter)), delimiter, line);
  }
  if (layout === null) throw new CsvError('the file is empty (no header row)', null);

  // Upper bound on the rows: the newlines left, plus a last line without one.
  let capacity = 1;
  for (let i = pos; i < end; i++) if (buf[i] === NL) capacity++;
  const out = allocateBars(capacity, options.shared ?? false);
  const { t, o, h, l, c, v } = out;
  const roles = layout.roles;
  const delimiter = layout.delimiter;
  const fieldCount = roles.length;
  const splitTime = roles.includes('date');
  const codes = Int32Array.from(roles, (r) => (r === null ? NONE : ROLE_CODE[r]));
  const dateField: Field = { a: 0, b: 0 };
  const timeField: Field = { a: 0, b: 0 };
  let rows = 0;
  let prevT = Number.NEGATIVE_INFINITY;
  let prevLine = 0;

  const timeColumn = roles.indexOf('time');
  while (pos < end) {
    line++;
    const lineBegin = pos;
    let time = Number.NaN;
    v[rows] = Number.NaN;
    let k = 0;
    let a = pos;
    let blank = true;
    let i = pos;
    // One pass over the line's bytes: a field ends at a delimiter or at the end of the line.
    for (; ; i++) {
      const ch = i < end ? buf[i]! : NL;
      if (ch !== delimiter && ch !== NL) {
        if (blank && ch !== SPACE && ch !== TAB && ch !== CR) blank = false;
        continue;
      }
      const code = k < fieldCount ? codes[k]! : NONE;
      if (code !== NONE) {
        let fa = a;
        let fb = i;
        // Trim spaces, tabs, a CR and one pair of quotes.
        while (fa < fb && (buf[fa] === SPACE || buf[fa] === TAB)) fa++;
        while (fb > fa && (buf[fb - 1] === SPACE || buf[fb - 1] === TAB || buf[fb - 1] === CR)) fb--;
        if (fb - fa >= 2 && buf[fa] === QUOTE && buf[fb - 1] === QUOTE) {
          fa++;
          fb--;
        }
        if (code === TIME) time = parseTimestampBytes(buf, fa, fb);
        else if (code === DATE) {
          dateField.a = fa;
          dateField.b = fb;
        } else if (code === TIME_OF_DAY) {
          timeField.a = fa;
          timeField.b = fb;
        } else {
          const col = code === OPEN ? o : code === HIGH ? h : code === LOW ? l : code === CLOSE ? c : v;
          if (code === VOLUME && fa === fb) v[rows] = Number.NaN;
          else {
            parseNumberInto(buf, fa, fb, col, rows);
            if (!Number.isFinite(col[rows]!) && !blank) throw new CsvError(`${ROLE_LABEL[roles[k]!]} "${text(buf, fa, fb)}" is not a number`, line);
          }
        }
      }
      k++;
      a = i + 1;
      if (ch === NL) break;
    }
    pos = i + 1;
    // Blank (or whitespace-only) lines are skipped.
    if (blank) continue;
    if (k < layout.needed) throw new CsvError(`expected at least ${layout.needed} fields, found ${k}`, line);
    if (time !== time && !splitTime) {
      throw new CsvError(`"${fieldText(buf, timeColumn, delimiter, lineBegin, i)}" is not a timestamp (ISO-8601, epoch seconds or epoch milliseconds)`, line);
    }
    if (splitTime) {
      time = parseDateAndTime(buf, dateField, timeField);
      if (time !== time) throw new CsvError(`"${text(buf, dateField.a, dateField.b)} ${text(buf, timeField.a, timeField.b)}" is not a date (YYYY-MM-DD) and time (HH:MM[:SS])`, line);
    }
    const open = o[rows]!;
    const high = h[rows]!;
    const low = l[rows]!;
    const close = c[rows]!;
    const volume = v[rows]!;
    if (!(low <= open && low <= close && high >= open && high >= close)) {
      throw new CsvError(`prices are inconsistent (open ${open}, high ${high}, low ${low}, close ${close}): low must be <= open, close <= high`, line);
    }
    if (volume < 0) throw new CsvError(`volume ${volume} is negative`, line);
    if (time <= prevT) {
      throw new CsvError(time === prevT ? `duplicate time ${new Date(time * 1000).toISOString()} (also on line ${prevLine})` : `time ${new Date(time * 1000).toISOString()} is before the previous row's (line ${prevLine}): rows must be in ascending time order`, line);
    }
    prevT = time;
    prevLine = line;
    t[rows] = time;
    rows++;
  }
  if (rows === 0) throw new CsvError('the file has a header but no data rows', line);
  if (rows === capacity) return out;
  const exact = allocateBars(rows, options.shared ?? false);
  exact.t.set(t.subarray(0, rows));
  exact.o.set(o.subarray(0, rows));
  exact.h.set(h.subarray(0, rows));
  exact.l.set(l.subarray(0, rows));
  exact.c.set(c.subarray(0, rows));
  exact.v.set(v.subarray(0, rows));
  return exact;
}

/** Reads and parses a CSV file (see the header for the format). */
export function loadBarsCsv(path: string, options: CsvOptions = {}): Bars {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CsvError(code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path}: ${(err as Error).message}`, null);
  }
  return parseBarsCsv(bytes, options);
}
