/**
 * CSV as spreadsheets open it (RFC 4180): comma-separated fields, CRLF line
 * ends, a field quoted when it holds a comma, a quote, a CR or an LF (quotes
 * doubled inside). The file starts with a UTF-8 byte order mark: Excel reads a
 * CSV without one in the system's ANSI code page, which turns Chinese into
 * mojibake. A text field whose first character would make a spreadsheet read
 * it as a formula (= + - @, tab, CR) gets a leading apostrophe (OWASP's advice
 * on CSV injection): buyers choose their nicknames. An identifier made of more
 * than 11 digits (a transaction_id) gets a leading tab, which spreadsheets
 * keep as text: read as a number it would show as 4.2E+27 and lose its last
 * digits (Excel keeps 15 significant ones).
 */

/** A cell: text (guarded against formulas), a number written as given, or an identifier kept as text. */
export type CsvCell = string | number | { id: string }

const BOM = '\uFEFF'
const NEEDS_QUOTES = /[",\r\n]/
const FORMULA_START = /^[=+\-@\t\r]/
const LONG_DIGITS = /^\d{12,}$/

function textOf(cell: CsvCell): string {
  if (typeof cell === 'number') return String(cell)
  if (typeof cell === 'string') return FORMULA_START.test(cell) ? `'${cell}` : cell
  if (LONG_DIGITS.test(cell.id)) return `\t${cell.id}`
  return textOf(cell.id)
}

/** One field as it appears in the file. */
export function csvField(cell: CsvCell): string {
  let text = textOf(cell)
  if (NEEDS_QUOTES.test(text)) text = `"${text.replace(/"/g, '""')}"`
  return text
}

/** One record (without its line end). */
export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',')
}

/** A whole file: the byte order mark, the header, the rows, each line ended by CRLF; UTF-8 bytes. */
export function renderCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): Uint8Array {
  const lines = [csvLine(header)]
  for (const row of rows) lines.push(csvLine(row))
  return new TextEncoder().encode(`${BOM}${lines.join('\r\n')}\r\n`)
}
