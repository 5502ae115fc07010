/**
 * A reader for the PDFs cloud/formats/pdf-writer.ts writes (one page, one
 * uncompressed content stream, classic xref table), independent of the
 * writer's code: it finds objects through the xref table, resolves the page's
 * fonts, and decodes every string shown with Tj the way a viewer would —
 * Type0 fonts over a UCS-2 CMap as UTF-16BE, simple fonts as WinAnsi.
 */

export interface PdfObjects {
  text: string
  /** Object number → the text between `N 0 obj` and `endobj`. */
  objects: Map<number, string>
  /** Object number → byte offset the xref table gives. */
  offsets: Map<number, number>
  trailer: string
  startxref: number
}

/** One string drawn on the page, with the text position it was drawn at. */
export interface PdfTextItem {
  x: number
  y: number
  font: string
  size: number
  text: string
}

/** Parse the object structure; throws when an xref offset does not point at its object. */
export function readPdfObjects(bytes: Uint8Array): PdfObjects {
  const text = Buffer.from(bytes).toString('latin1')
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1] ?? NaN)
  if (!Number.isInteger(startxref) || text.slice(startxref, startxref + 5) !== 'xref\n') throw new Error('startxref does not point at the xref table')
  const table = /^xref\n0 (\d+)\n((?:\d{10} \d{5} [fn] \n)+)trailer\n/.exec(text.slice(startxref))
  if (!table) throw new Error('malformed xref table')
  const count = Number(table[1])
  const entries = table[2].match(/[\s\S]{20}/g) ?? []
  if (entries.length !== count) throw new Error('xref count differs from its entries')
  const objects = new Map<number, string>()
  const offsets = new Map<number, number>()
  entries.forEach((entry, number) => {
    if (entry.endsWith('f \n')) return
    const offset = Number(entry.slice(0, 10))
    const head = `${number} 0 obj\n`
    if (text.slice(offset, offset + head.length) !== head) throw new Error(`xref entry ${number} does not point at its object`)
    const end = text.indexOf('\nendobj\n', offset)
    if (end < 0) throw new Error(`object ${number} has no endobj`)
    objects.set(number, text.slice(offset + head.length, end))
    offsets.set(number, offset)
  })
  const trailer = text.slice(startxref + table[0].length, text.lastIndexOf('startxref'))
  return { text, objects, offsets, trailer, startxref }
}

function ref(dict: string, key: string): number {
  const match = new RegExp(`/${key} (\\d+) 0 R`).exec(dict)
  if (!match) throw new Error(`no /${key} reference`)
  return Number(match[1])
}

/** The bytes of a stream object, checking that /Length is exact. */
export function streamOf(object: string): string {
  const match = /^<< \/Length (\d+) >>\nstream\n/.exec(object)
  if (!match) throw new Error('not a stream')
  const data = object.slice(match[0].length)
  const length = Number(match[1])
  if (data.slice(length) !== 'endstream') throw new Error('stream /Length is not its length')
  return data.slice(0, length)
}

// WinAnsi differs from Latin-1 only in 0x80–0x9F, which the writer never uses.
function literalBytes(body: string): number[] {
  const out: number[] = []
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]
    if (ch !== '\\') {
      out.push(ch.charCodeAt(0))
      continue
    }
    const next = body[++i]
    const octal = /^[0-7]{1,3}/.exec(body.slice(i))
    if (octal) {
      out.push(parseInt(octal[0], 8))
      i += octal[0].length - 1
    } else out.push(({ n: 10, r: 13, t: 9, b: 8, f: 12 } as Record<string, number>)[next] ?? next.charCodeAt(0))
  }
  return out
}

function decodeUtf16Hex(hex: string): string {
  const clean = hex.replace(/\s+/g, '')
  if (clean.length % 4 !== 0) throw new Error('UTF-16BE hex string of odd length')
  let text = ''
  for (let i = 0; i < clean.length; i += 4) text += String.fromCharCode(parseInt(clean.slice(i, i + 4), 16))
  return text
}

function object(pdf: PdfObjects, number: number): string {
  const found = pdf.objects.get(number)
  if (found === undefined) throw new Error(`object ${number} is referenced but missing`)
  return found
}

/** The one page's dictionary, found from the trailer's /Root. */
export function pageObject(pdf: PdfObjects): string {
  const pages = object(pdf, ref(object(pdf, ref(pdf.trailer, 'Root')), 'Pages'))
  const kids = /\/Kids \[(\d+) 0 R\] \/Count 1/.exec(pages)
  if (!kids) throw new Error('not a one-page document')
  return object(pdf, Number(kids[1]))
}

/** The page's font resources: name → font dictionary. */
export function pageFonts(pdf: PdfObjects): Map<string, string> {
  const page = pageObject(pdf)
  const fonts = /\/Font << ((?:\/\w+ \d+ 0 R ?)*)>>/.exec(page)?.[1] ?? ''
  const map = new Map<string, string>()
  for (const [, name, number] of fonts.matchAll(/\/(\w+) (\d+) 0 R/g)) map.set(name, object(pdf, Number(number)))
  return map
}

/** Every string the page shows, decoded, in drawing order. */
export function pdfTextItems(bytes: Uint8Array): PdfTextItem[] {
  const pdf = readPdfObjects(bytes)
  const fonts = pageFonts(pdf)
  const content = streamOf(object(pdf, ref(pageObject(pdf), 'Contents')))
  const items: PdfTextItem[] = []
  let font = ''
  let size = 0
  let x = 0
  let y = 0
  const tokens = /\/(\w+) ([\d.]+) Tf|1 0 0 1 ([\d.-]+) ([\d.-]+) Tm|<([0-9A-Fa-f\s]*)> Tj|\(((?:\\.|[^\\)])*)\) Tj/g
  for (const m of content.matchAll(tokens)) {
    if (m[1]) {
      font = m[1]
      size = Number(m[2])
    } else if (m[3] !== undefined) {
      x = Number(m[3])
      y = Number(m[4])
    } else {
      const dict = fonts.get(font)
      if (!dict) throw new Error(`font /${font} is not a page resource`)
      let text: string
      if (m[5] !== undefined) {
        if (!/\/Subtype \/Type0/.test(dict) || !/\/Encoding \/UniGB-UCS2-H/.test(dict)) throw new Error(`hex string in /${font}, which is not a UCS-2 Type0 font`)
        text = decodeUtf16Hex(m[5])
      } else {
        if (!/\/Encoding \/WinAnsiEncoding/.test(dict)) throw new Error(`literal string in /${font}, which is not a WinAnsi font`)
        text = String.fromCharCode(...literalBytes(m[6]))
      }
      // Consecutive strings after one Tm continue the same run of text.
      const last = items[items.length - 1]
      if (last && last.x === x && last.y === y) last.text += text
      else items.push({ x, y, font, size, text })
    }
  }
  return items
}

/** The page's text as lines, top to bottom; strings on one baseline joined by ' | '. */
export function pdfTextLines(bytes: Uint8Array): string[] {
  const rows = new Map<number, PdfTextItem[]>()
  for (const item of pdfTextItems(bytes)) rows.set(item.y, [...(rows.get(item.y) ?? []), item])
  return [...rows.entries()]
    .sort(([a], [b]) => b - a)
    .map(([, items]) => items.sort((a, b) => a.x - b.x).map((item) => item.text).join(' | '))
}
