/**
 * The fonts of pdf-writer.ts, none of them embedded (a CJK font costs
 * megabytes; the cloud bundle stays small):
 *
 * - Latin: the standard 14 fonts Helvetica and Helvetica-Bold with
 *   WinAnsiEncoding, which every PDF reader has or substitutes. Used for
 *   U+0020–U+007E and U+00A0–U+00FF, where WinAnsi's codes are the Unicode
 *   values (so '¥', '°', '×', '·', 'é' are Latin).
 * - CJK: STSong-Light, one of the standard Adobe-GB1 CIDFonts (PDF 1.4 §5.6,
 *   "CIDFonts"; Acrobat's Simplified Chinese font pack), as a Type0 font over
 *   the predefined CMap UniGB-UCS2-H: a character code is the character's
 *   UCS-2 (UTF-16BE) value, so strings are written as hex UTF-16BE and readers
 *   map the codes to CIDs with their own copy of the CMap (poppler-data, PDFium,
 *   Acrobat) and back to Unicode for copying and search. Readers without
 *   STSong-Light substitute a system font for the Adobe-GB1 collection. Used
 *   for everything else in the Basic Multilingual Plane; characters beyond it
 *   (emoji) have no UCS-2 code and become '?'. (Latin-1 must not go here:
 *   UniGB-UCS2-H has no code for U+00B7, for one, and shows nothing.)
 *
 * Widths are known exactly, so text can be measured (wrapping, right-aligned
 * columns): Helvetica's from Adobe's AFM files (Core14 AFMs, version 002.000),
 * looked up by the WinAnsi glyph names (code 39 is quotesingle, 96 grave); the
 * CJK font's from its /DW 1000 (every glyph the writer sends it is full-width:
 * ASCII and Latin-1 never go to the CJK font).
 */

/** Numbers separated by white space (a table kept as text: one line per number would bloat the unminified bundle). */
function widthTable(text: string): number[] {
  return text.trim().split(/\s+/).map(Number)
}

/** Helvetica advance widths (1/1000 em): codes 32–126, then 160–255, under WinAnsiEncoding. */
const HELVETICA = widthTable(`
  278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278
  556 556 556 556 556 556 556 556 556 556 278 278 584 584 584 556
  1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778
  667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556
  333 556 556 500 556 556 278 556 556 222 222 500 222 833 556 556
  556 556 333 500 278 556 500 722 500 500 500 334 260 334 584
  278 333 556 556 556 556 260 556 333 737 370 556 584 333 737 333
  400 584 333 333 333 556 537 278 333 333 365 556 834 834 834 611
  667 667 667 667 667 667 1000 722 667 667 667 667 278 278 278 278
  722 722 778 778 778 778 778 584 778 722 722 722 722 667 667 611
  556 556 556 556 556 556 889 500 556 556 556 556 278 278 278 278
  556 556 556 556 556 556 556 584 611 556 556 556 556 500 556 500
`)

/** Helvetica-Bold advance widths (1/1000 em): codes 32–126, then 160–255, under WinAnsiEncoding. */
const HELVETICA_BOLD = widthTable(`
  278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278
  556 556 556 556 556 556 556 556 556 556 333 333 584 584 584 611
  975 722 722 722 722 667 611 778 722 278 556 722 611 833 722 778
  667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556
  333 556 611 556 611 556 333 611 611 278 278 556 278 889 611 611
  611 611 389 556 333 611 556 778 556 556 500 389 280 389 584
  278 333 556 556 556 556 280 556 333 737 370 556 584 333 737 333
  400 584 333 333 333 611 556 278 333 333 365 556 834 834 834 611
  722 722 722 722 722 722 1000 722 667 667 667 667 278 278 278 278
  722 722 778 778 778 778 778 584 778 722 722 722 722 667 667 611
  556 556 556 556 556 556 889 556 556 556 556 556 278 278 278 278
  611 611 611 611 611 611 611 584 611 611 611 611 611 556 611 556
`)

/** Codes 127–159: not printable in Unicode, so never written (width 0 in /Widths). */
const GAP = 0xa0 - 0x7f
/** Every CJK glyph the writer uses is full-width (the CIDFont's /DW). */
const CJK_WIDTH = 1000

/** Index into the width tables, or -1 for a character the Latin fonts do not carry. */
function latinIndex(code: number): number {
  if (code >= 0x20 && code <= 0x7e) return code - 0x20
  if (code >= 0xa0 && code <= 0xff) return code - 0xa0 + 95
  return -1
}

/** A piece of text in one font. */
export interface TextRun {
  cjk: boolean
  text: string
}

/** One character as the fonts can show it: '?' for controls, lone surrogates and beyond the BMP. */
function printable(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return '?'
  if (code > 0xffff || (code >= 0xd800 && code <= 0xdfff)) return '?'
  return ch
}

/** Whether a character is set in the CJK font (else in Helvetica). */
export function isCjkChar(ch: string): boolean {
  return latinIndex(printable(ch).charCodeAt(0)) < 0
}

/** Split text into runs of the Latin font and of the CJK font. */
export function textRuns(text: string): TextRun[] {
  const runs: TextRun[] = []
  for (const raw of text) {
    const ch = printable(raw)
    const cjk = isCjkChar(ch)
    const last = runs[runs.length - 1]
    if (last && last.cjk === cjk) last.text += ch
    else runs.push({ cjk, text: ch })
  }
  return runs
}

/** The width of text in points at a size, as a reader lays it out. */
export function textWidth(text: string, size: number, bold = false): number {
  const table = bold ? HELVETICA_BOLD : HELVETICA
  let units = 0
  for (const raw of text) {
    const index = latinIndex(printable(raw).charCodeAt(0))
    units += index < 0 ? CJK_WIDTH : table[index]
  }
  return (units * size) / 1000
}

/** A Latin run as a PDF literal string (WinAnsi; codes above 126 as octal escapes, keeping the file ASCII). */
export function latinString(text: string): string {
  let out = '('
  for (const ch of text) {
    const code = ch.charCodeAt(0)
    if (ch === '\\' || ch === '(' || ch === ')') out += `\\${ch}`
    else if (code > 0x7e) out += `\\${code.toString(8)}`
    else out += ch
  }
  return `${out})`
}

function utf16Hex(text: string): string {
  let hex = ''
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')
  return hex
}

/** A CJK run as a PDF hex string of UCS-2 codes (what UniGB-UCS2-H reads). */
export function cjkString(text: string): string {
  return `<${utf16Hex(text)}>`
}

/** A PDF text string (document information): literal when ASCII, else UTF-16BE with a byte order mark. */
export function infoString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return latinString(text)
  return `<FEFF${utf16Hex(text)}>`
}

/**
 * A standard Latin font's dictionary. The widths are written out although
 * the standard 14 fonts may omit them: a reader that draws a substitute
 * (PDFium without its own Helvetica, for one) then still places every glyph
 * where the writer measured it, so right-aligned columns stay aligned.
 */
function latinFont(baseFont: string, table: readonly number[]): string {
  const widths = [...table.slice(0, 95), ...new Array<number>(GAP).fill(0), ...table.slice(95)]
  return `<< /Type /Font /Subtype /Type1 /BaseFont /${baseFont} /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths [${widths.join(' ')}] >>`
}

/** The font dictionaries of the standard Latin fonts. */
export const LATIN_FONT = latinFont('Helvetica', HELVETICA)
export const LATIN_BOLD_FONT = latinFont('Helvetica-Bold', HELVETICA_BOLD)

/**
 * The CJK font's three objects, given the object numbers of the second and
 * third: the Type0 font, its CIDFontType0 descendant (Adobe-GB1-4, the
 * collection UniGB-UCS2-H maps into), and the descendant's font descriptor.
 * The descriptor's values are the ones PDF writers publish for STSong-Light
 * (flags 6: serif, symbolic); readers use them to choose a substitute.
 */
export function cjkFontObjects(descendant: number, descriptor: number): [string, string, string] {
  return [
    `<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H /DescendantFonts [${descendant} 0 R] >>`,
    `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor ${descriptor} 0 R /DW ${CJK_WIDTH} >>`,
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ]
}
