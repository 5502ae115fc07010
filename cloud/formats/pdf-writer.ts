/**
 * A minimal PDF 1.4 writer for one-page text documents (receipts, manuals):
 * the standard Helvetica fonts, WinAnsi text, no images, no library. Small
 * enough to read in one sitting, and byte-for-byte deterministic for the same
 * input (no creation date unless given), so generated files can be cached and
 * golden-tested.
 *
 * Text is ASCII: the standard 14 fonts carry no CJK glyphs, and embedding a
 * CJK font would cost megabytes. Callers pass ASCII; anything else is
 * replaced by '?' rather than rendered as garbage.
 */

/** One line of text on the page. */
export interface PdfLine {
  text: string
  /** Font size in points (default 11). */
  size?: number
  bold?: boolean
  /** Extra space above the line, in points. */
  gapBefore?: number
}

export interface PdfPage {
  /** Page size in points (default A4, 595 × 842). */
  width?: number
  height?: number
  /** Left margin and top margin in points (default 56). */
  margin?: number
  lines: PdfLine[]
  /** Document information (ASCII). */
  title?: string
}

/** Replace what the standard fonts cannot show, then escape PDF string syntax. */
export function pdfText(text: string): string {
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f
    const safe = code >= 0x20 && code <= 0x7e ? ch : '?'
    out += safe === '\\' || safe === '(' || safe === ')' ? `\\${safe}` : safe
  }
  return out
}

function contentStream(page: Required<Pick<PdfPage, 'width' | 'height' | 'margin'>> & PdfPage): string {
  const ops: string[] = ['BT']
  let y = page.height - page.margin
  let first = true
  for (const line of page.lines) {
    const size = line.size ?? 11
    y -= (first ? size : size * 1.45) + (line.gapBefore ?? 0)
    first = false
    ops.push(`/${line.bold ? 'F2' : 'F1'} ${size} Tf`)
    // Absolute positioning per line: 1 0 0 1 x y Tm.
    ops.push(`1 0 0 1 ${page.margin} ${Math.round(y * 100) / 100} Tm`)
    ops.push(`(${pdfText(line.text)}) Tj`)
  }
  ops.push('ET')
  return ops.join('\n') + '\n'
}

/** Render a one-page text PDF. */
export function renderTextPdf(input: PdfPage): Uint8Array {
  const page = { width: 595, height: 842, margin: 56, ...input }
  const content = contentStream(page)
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.width} ${page.height}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}endstream`,
    `<< /Producer (uni-wx-kit)${page.title ? ` /Title (${pdfText(page.title)})` : ''} >>`,
  ]
  // Everything is ASCII, so string length = byte length and offsets are exact.
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
  return new TextEncoder().encode(body)
}
