import { describe, expect, it } from 'vitest';
import { CsvError, parseBarsCsv, parseNumberBytes, parseTimestampBytes } from '../../../electron/core/training/csv';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const parse = (s: string) => parseBarsCsv(bytes(s));

function errorOf(s: string): CsvError {
  try {
    parse(s);
  } catch (err) {
    if (err instanceof CsvError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('csv: numbers and times', () => {
  it('parses numbers exactly like Number()', () => {
    for (const s of ['0', '1', '-1', '+2.5', '100.25', '0.000123', '123456789.123456', '1e3', '-4.5E-2', '99999999999999999', '.5', '5.']) {
      const b = bytes(s);
      expect(parseNumberBytes(b, 0, b.length)).toBe(Number(s));
    }
    for (const s of ['', 'abc', '1.2.3', '1,5', '-']) {
      const b = bytes(s);
      expect(parseNumberBytes(b, 0, b.length)).toBeNaN();
    }
  });

  it('reads ISO-8601, epoch seconds and epoch milliseconds (by magnitude)', () => {
    const ts = (s: string) => parseTimestampBytes(bytes(s), 0, s.length);
    const sec = Date.UTC(2024, 0, 2, 9, 30) / 1000;
    expect(ts('2024-01-02T09:30:00Z')).toBe(sec);
    expect(ts('2024-01-02T09:30:00.000Z')).toBe(sec);
    expect(ts('2024-01-02 09:30')).toBe(sec);
    expect(ts('2024-01-02T10:30:00+01:00')).toBe(sec);
    expect(ts('2024-01-02T04:30:00-0500')).toBe(sec);
    expect(ts('2024-01-02T09:30:00.5Z')).toBe(sec + 0.5);
    expect(ts('2024-01-02')).toBe(Date.UTC(2024, 0, 2) / 1000);
    expect(ts(String(sec))).toBe(sec);
    expect(ts(String(sec * 1000))).toBe(sec);
    for (const bad of ['2024-02-30', '2024-13-01', '2024-01-02T25:00', '01/02/2024', 'yesterday', '2024-01-02T09:30:00X']) expect(ts(bad)).toBeNaN();
  });
});

describe('csv: files', () => {
  it('loads a header in any order and case, with extra columns, CRLF, a BOM and blank lines', () => {
    const bars = parse('\ufeffVolume,Close,extra,TIMESTAMP,Open,High,Low\r\n100,10.5,x,2024-01-02T00:00:00Z,10,11,9\r\n\r\n200,11,y,2024-01-02T00:01:00Z,10.5,11.5,10\r\n');
    expect(bars.length).toBe(2);
    expect(Array.from(bars.c)).toEqual([10.5, 11]);
    expect(Array.from(bars.v)).toEqual([100, 200]);
    expect(bars.t[1]! - bars.t[0]!).toBe(60);
  });

  it('joins separate date and time columns; takes `date` or `time` alone; semicolons and quotes', () => {
    const split = parse('date,time,open,high,low,close\n2024-01-02,09:30,1,2,1,2\n2024-01-02,09:31:00,2,2,1,1\n');
    expect(split.t[0]).toBe(Date.UTC(2024, 0, 2, 9, 30) / 1000);
    const daily = parse('Date;Open;High;Low;Close;Volume\n"2024-01-02";1;2;1;2;5\n"2024-01-03";2;3;1;2;\n');
    expect(daily.length).toBe(2);
    expect(daily.v[1]).toBeNaN();
    const epoch = parse('time,open,high,low,close\n1704153600000,1,1,1,1\n1704153660000,1,1,1,1\n');
    expect(epoch.t[0]).toBe(1704153600);
  });

  it('without a volume column the volume is NaN', () => {
    const bars = parse('timestamp,open,high,low,close\n1704153600,1,1,1,1\n');
    expect(bars.v[0]).toBeNaN();
  });

  it('refuses an empty file, a header only, a header without the needed columns', () => {
    expect(errorOf('').message).toMatch(/empty/);
    expect(errorOf('\n\n').message).toMatch(/empty/);
    expect(errorOf('timestamp,open,high,low,close\n').message).toMatch(/no data rows/);
    expect(errorOf('timestamp,open,high,close\n1,1,1,1\n').message).toMatch(/line 1: .*no low column/);
    expect(errorOf('when,open,high,low,close\n1,1,1,1,1\n').message).toMatch(/no time column/);
  });

  it('names the line of a malformed row', () => {
    const head = 'timestamp,open,high,low,close,volume\n1704153600,1,2,1,2,10\n';
    expect(errorOf(`${head}1704153660,1,2,abc,2,10\n`).message).toMatch(/^line 3: low "abc" is not a number/);
    expect(errorOf(`${head}1704153660,1,2\n`).message).toMatch(/^line 3: expected at least 5 fields, found 3/);
    expect(errorOf(`${head}not-a-time,1,2,1,2,10\n`).message).toMatch(/^line 3: "not-a-time" is not a timestamp/);
    expect(errorOf(`${head}1704153660,1,2,3,2,10\n`).message).toMatch(/^line 3: prices are inconsistent/);
    expect(errorOf(`${head}1704153660,1,2,1,2,-5\n`).message).toMatch(/^line 3: volume -5 is negative/);
    expect(errorOf(`${head}\n1704153660,1,2,1,2,10\n1704153660,1,2,1,2,10\n`).message).toMatch(/^line 5: duplicate time .* \(also on line 4\)/);
    expect(errorOf(`${head}1704153500,1,2,1,2,10\n`).message).toMatch(/^line 3: time .* is before the previous row's \(line 2\)/);
  });

  it('loads many rows quickly into shared columns', () => {
    const n = 200_000;
    const lines = ['timestamp,open,high,low,close,volume'];
    for (let i = 0; i < n; i++) lines.push(`${1704153600 + 60 * i},100.25,101.5,99.75,100.5,${1000 + i}`);
    const started = performance.now();
    const bars = parseBarsCsv(bytes(lines.join('\n')), { shared: true });
    const ms = performance.now() - started;
    expect(bars.length).toBe(n);
    expect(bars.t.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(bars.v[n - 1]).toBe(1000 + n - 1);
    // Generous: about 30 ms on a laptop; this guards against a per-row allocation regression only.
    expect(ms).toBeLessThan(2000);
  });
});
