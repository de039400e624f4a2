import { Readable } from 'node:stream';

export type CsvValue = string | number | boolean | null | undefined;

/** Excel reads UTF-8 (and so Vietnamese) only when the file starts with a byte order mark. */
const BOM = '\uFEFF';

export function csvLine(values: CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV stream: the header, then every row the async source yields (pulled as the client reads). */
export function csvStream(
  header: string[],
  rows: AsyncIterable<CsvValue[]> | Iterable<CsvValue[]>,
): Readable {
  async function* lines() {
    yield BOM + csvLine(header);
    let batch = '';
    for await (const row of rows) {
      batch += csvLine(row);
      if (batch.length > 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  return Readable.from(lines(), { objectMode: false });
}

/** Rows of objects as CSV, with the columns in the given order. */
export function objectsToCsv<T extends Record<string, unknown>>(
  columns: (keyof T & string)[],
  rows: T[],
): Readable {
  return csvStream(
    columns,
    rows.map((row) => columns.map((column) => row[column] as CsvValue)),
  );
}
