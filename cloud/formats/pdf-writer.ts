import { cjkFontObjects, cjkString, infoString, isCjkChar, LATIN_BOLD_FONT, LATIN_FONT, latinString, textRuns, textWidth } from './pdf-fonts'

/**
 * A minimal PDF 1.4 writer for one-page text documents (receipts, manuals):
 * lines of text (wrapped to the page), table rows of cells at fixed
 * positions, horizontal rules. No images, no library, no embedded font: Latin
 * text is Helvetica and Chinese is the standard CIDFont STSong-Light (see
 * pdf-fonts.ts), chosen per character. Bold is Helvetica-Bold for Latin and,
 * for CJK (no bold standard CIDFont), the glyphs filled and stroked (text
 * render mode 2). Byte-for-byte deterministic for the same input (no creation
 * date), so generated files can be cached and golden-tested. The file is
 * ASCII throughout, so string length = byte length and xref offsets are exact.
 */

/** How a line looks. */
export interface PdfLineStyle {
  /** Font size in points (default 11). */
  size?: number
  bold?: boolean
  /** Text colour as a grey level, 0 black … 1 white (default 0). */
  gray?: number
  /** Extra space above the line, in points. */
  gapBefore?: number
}

/** A paragraph: wrapped to the text width, continued on as many lines as it needs. */
export interface PdfTextLine extends PdfLineStyle {
  text: string
}

/** One cell of a table row. */
export interface PdfCell {
  text: string
  /** Points from the left margin: the cell's left edge, or its right edge when right-aligned. */
  x: number
  align?: 'left' | 'right'
  /** The widest the text may be, in points; longer text ends in '…'. */
  maxWidth?: number
  bold?: boolean
}

/** A table row: cells on one baseline (never wrapped). */
export interface PdfRowLine extends PdfLineStyle {
  cells: PdfCell[]
}

/** A thin horizontal line across the text width. */
export interface PdfRuleLine {
  rule: true
  gapBefore?: number
}

/** One item of the page, top to bottom. */
export type PdfLine = PdfTextLine | PdfRowLine | PdfRuleLine

export interface PdfPage {
  /** Page size in points (default A4, 595 × 842). */
  width?: number
  height?: number
  /** Margin on every side in points (default 56). */
  margin?: number
  lines: PdfLine[]
  /** Document title (any text). */
  title?: string
}

const LEADING = 1.45
const ELLIPSIS = '…'
/** Stroke width of CJK bold, as a fraction of the font size. */
const CJK_BOLD_STROKE = 0.035

// Line breaking (a small part of UAX #14 / Chinese 禁则): never before closing
// punctuation, never after opening punctuation.
const NO_BREAK_BEFORE = new Set([...'，。、；：！？）》」』】〕〉”’…·%,.;:!?)]}'])
const NO_BREAK_AFTER = new Set([...'（《「『【〔〈“‘([{¥'])

/** Where a line may break before index i. */
function canBreakBefore(chars: string[], i: number): boolean {
  const prev = chars[i - 1]
  const cur = chars[i]
  if (NO_BREAK_BEFORE.has(cur) || NO_BREAK_AFTER.has(prev)) return false
  return prev === ' ' || cur === ' ' || isCjkChar(prev) || isCjkChar(cur)
}

/** Wrap text into lines no wider than `width` (a word longer than a line is cut). */
export function wrapText(text: string, width: number, size: number, bold = false): string[] {
  const chars = [...text]
  const widths = chars.map((ch) => textWidth(ch, size, bold))
  const lines: string[] = []
  let start = 0
  while (start < chars.length) {
    let end = start
    let used = 0
    let lastBreak = start
    while (end < chars.length && used + widths[end] <= width) {
      used += widths[end]
      end++
      if (end < chars.length && canBreakBefore(chars, end)) lastBreak = end
    }
    if (end < chars.length && lastBreak > start) end = lastBreak
    if (end === start) end = start + 1 // not even one character fits: put it anyway
    lines.push(chars.slice(start, end).join('').trimEnd())
    start = end
    while (chars[start] === ' ') start++
  }
  return lines.length > 0 ? lines : ['']
}

/** Cut text to `width`, ending in '…' when it had to be cut. */
export function fitText(text: string, width: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= width) return text
  const chars = [...text]
  while (chars.length > 0 && textWidth(chars.join('') + ELLIPSIS, size, bold) > width) chars.pop()
  return chars.join('').trimEnd() + ELLIPSIS
}

function num(n: number): string {
  return String(Math.round(n * 100) / 100)
}

/** Fonts a page uses, by resource name. */
type FontName = 'F1' | 'F2' | 'F3'

/** The content stream's text state, so operators are written only when they change. */
class TextWriter {
  readonly ops: string[] = []
  readonly fonts = new Set<FontName>()
  private font = ''
  private mode = 0
  private gray = 0
  private stroke = -1

  setGray(gray: number): void {
    if (gray === this.gray) return
    this.gray = gray
    this.ops.push(`${num(gray)} g ${num(gray)} G`)
  }

  moveTo(x: number, y: number): void {
    this.ops.push(`1 0 0 1 ${num(x)} ${num(y)} Tm`)
  }

  show(text: string, size: number, bold: boolean): void {
    for (const run of textRuns(text)) {
      const name: FontName = run.cjk ? 'F3' : bold ? 'F2' : 'F1'
      this.fonts.add(name)
      const font = `/${name} ${num(size)} Tf`
      if (font !== this.font) {
        this.ops.push(font)
        this.font = font
      }
      const mode = run.cjk && bold ? 2 : 0
      if (mode === 2 && this.stroke !== size) {
        this.ops.push(`${num(size * CJK_BOLD_STROKE)} w`)
        this.stroke = size
      }
      if (mode !== this.mode) {
        this.ops.push(`${mode} Tr`)
        this.mode = mode
      }
      this.ops.push(`${run.cjk ? cjkString(run.text) : latinString(run.text)} Tj`)
    }
  }
}

function layout(page: Required<Omit<PdfPage, 'title'>>): { text: TextWriter; rules: string[] } {
  const text = new TextWriter()
  const rules: string[] = []
  const textWidthAvailable = page.width - 2 * page.margin
  let y = page.height - page.margin
  let first = true
  const advance = (by: number) => {
    y -= by
    if (y < page.margin) throw new RangeError('the text does not fit on one page')
  }
  for (const line of page.lines) {
    if ('rule' in line) {
      advance((line.gapBefore ?? 0) + 6)
      rules.push(`${num(page.margin)} ${num(y)} m ${num(page.width - page.margin)} ${num(y)} l S`)
      continue
    }
    const size = line.size ?? 11
    const bold = line.bold ?? false
    text.setGray(line.gray ?? 0)
    const rows = 'cells' in line ? [undefined] : wrapText(line.text, textWidthAvailable, size, bold)
    rows.forEach((row, i) => {
      advance((first ? size : size * LEADING) + (i === 0 ? (line.gapBefore ?? 0) : 0))
      first = false
      if (row !== undefined) {
        text.moveTo(page.margin, y)
        text.show(row, size, bold)
        return
      }
      for (const cell of (line as PdfRowLine).cells) {
        const cellBold = cell.bold ?? bold
        const shown = cell.maxWidth !== undefined ? fitText(cell.text, cell.maxWidth, size, cellBold) : cell.text
        const x = cell.align === 'right' ? cell.x - textWidth(shown, size, cellBold) : cell.x
        text.moveTo(page.margin + x, y)
        text.show(shown, size, cellBold)
      }
    })
  }
  return { text, rules }
}

function contentStream(text: TextWriter, rules: string[]): string {
  const parts = ['BT', ...text.ops, 'ET']
  if (rules.length > 0) parts.push('q 0.6 G 0.5 w', ...rules, 'Q')
  return parts.join('\n') + '\n'
}

/** Render a one-page text PDF (RangeError when the lines do not fit on the page). */
export function renderTextPdf(input: PdfPage): Uint8Array {
  const page = { width: 595, height: 842, margin: 56, ...input }
  const { text, rules } = layout(page)
  const content = contentStream(text, rules)

  // Fixed objects first; fonts take the next numbers, the information dictionary comes last.
  const objects: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '', '']
  const fontRefs: string[] = []
  const addFont = (name: FontName, ...dicts: string[]) => {
    fontRefs.push(`/${name} ${objects.length + 1} 0 R`)
    objects.push(...dicts)
  }
  if (text.fonts.has('F1')) addFont('F1', LATIN_FONT)
  if (text.fonts.has('F2')) addFont('F2', LATIN_BOLD_FONT)
  if (text.fonts.has('F3')) addFont('F3', ...cjkFontObjects(objects.length + 2, objects.length + 3))
  objects[2] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.width} ${page.height}] /Resources << /Font << ${fontRefs.join(' ')} >> >> /Contents 4 0 R >>`
  objects[3] = `<< /Length ${content.length} >>\nstream\n${content}endstream`
  objects.push(`<< /Producer (uni-wx-kit)${page.title ? ` /Title ${infoString(page.title)}` : ''} >>`)

  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((object, i) => {
    offsets.push(body.length)
    body += `${i + 1} 0 obj\n${object}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  const bytes = new TextEncoder().encode(body)
  // Offsets count characters: a non-ASCII character would shift every one after it.
  if (bytes.length !== body.length) throw new Error('PDF body must be ASCII')
  return bytes
}
