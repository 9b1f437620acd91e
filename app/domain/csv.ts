/**
 * The CSV files the app writes and reads: one home for spreadsheet formula escaping
 * (OWASP "CSV Injection"), and for the format every download uses (UTF-8 with a byte-order
 * mark so Excel reads accents, CRLF line ends, quoting by csv-stringify).
 *
 * A spreadsheet runs a cell that starts with = + - @, a tab or a carriage return (also after
 * leading spaces, and the full-width = + - @ that Apple Numbers normalizes) as a formula. The
 * export puts a single quote before such a cell, which spreadsheets show as text; the import
 * takes that quote off again. The pair is exact: a value that itself starts with quotes before
 * a formula character gets one more, so `unescapeCell(escapeCell(v)) === v` for every string
 * and a file the app wrote reads back as what it wrote.
 *
 * csv-stringify's own `escape_formulas` option is not used: it looks at the first character
 * only and cannot be undone (a name written `'=x` would read back as `=x`).
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

const FORMULA_START = /^\s*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Whether a spreadsheet would run this cell as a formula. */
export function isFormulaLike(value: string): boolean {
  return FORMULA_START.test(value);
}

/** The cell as a spreadsheet must get it: text that would run as a formula gets a leading '. */
export function escapeCell(value: string): string {
  return isFormulaLike(value.replace(/^'+/, "")) ? `'${value}` : value;
}

/** The value behind a cell escapeCell wrote (any other cell comes back as it is). */
export function unescapeCell(cell: string): string {
  return cell.startsWith("'") && isFormulaLike(cell.replace(/^'+/, "")) ? cell.slice(1) : cell;
}

export type CsvCell = string | number | null | undefined;

/**
 * A CSV download: a header row, then the rows, every text cell escaped (numbers are written as
 * numbers: -3 is a number, not a formula). Null and undefined are empty cells.
 */
export function writeCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify([[...header], ...rows.map((r) => [...r])], {
    bom: true,
    record_delimiter: "\r\n",
    cast: { string: escapeCell },
  });
}

/**
 * The same file as writeCsv, in pieces of `rowsPerPiece` rows, for a download streamed as it is
 * written: the pieces joined are writeCsv's text (tests/integration/export-streams.test.ts).
 */
export function* writeCsvPieces(header: readonly string[], rows: Iterable<readonly CsvCell[]>, rowsPerPiece = 1000): Generator<string> {
  const options = { record_delimiter: "\r\n", cast: { string: escapeCell } } as const;
  yield stringify([[...header]], { ...options, bom: true });
  let piece: CsvCell[][] = [];
  for (const row of rows) {
    piece.push([...row]);
    if (piece.length >= rowsPerPiece) {
      yield stringify(piece, options);
      piece = [];
    }
  }
  if (piece.length > 0) yield stringify(piece, options);
}

/**
 * The records of a CSV file (byte-order mark, Windows line ends, Excel quoting), each cell with
 * the export's formula escaping taken off. Throws csv-parse's CsvError on a file that is not CSV.
 */
export function readCsv(text: string): string[][] {
  // Unescaped after parsing rather than through csv-parse's `cast`, which builds a context
  // object for every cell: a third of the time of reading a big file.
  const records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: false }) as string[][];
  for (const record of records) for (let i = 0; i < record.length; i++) if (record[i]!.startsWith("'")) record[i] = unescapeCell(record[i]!);
  return records;
}
