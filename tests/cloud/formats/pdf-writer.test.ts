import { describe, expect, it } from 'vitest'
import { fitText, renderTextPdf, wrapText, type PdfPage } from '../../../cloud/formats/pdf-writer'
import { textWidth } from '../../../cloud/formats/pdf-fonts'
import { pageFonts, pageObject, pdfTextItems, pdfTextLines, readPdfObjects, streamOf } from '../../helpers/pdf-reader'

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1')

const MIXED: PdfPage = {
  title: '支付收据 K1',
  lines: [
    { text: 'uni-wx-kit 示例小店', size: 12, bold: true },
    { text: '订单号：K20250101ABC123', gapBefore: 14 },
    { rule: true },
    { cells: [{ text: '陶瓷马克杯', x: 0 }, { text: '¥90.00', x: 300, align: 'right' }] },
  ],
}

describe('pdf-writer', () => {
  it('writes a PDF whose xref offsets point at every object, with exact stream lengths and a consistent trailer', () => {
    const bytes = renderTextPdf(MIXED)
    const text = latin1(bytes)
    expect(text.startsWith('%PDF-1.4\n')).toBe(true)
    expect(text.endsWith('%%EOF\n')).toBe(true)
    const pdf = readPdfObjects(bytes) // throws on a wrong offset or a missing endobj
    const numbers = [...pdf.objects.keys()]
    expect(numbers).toEqual(numbers.map((_, i) => i + 1))
    expect(pdf.trailer).toContain(`/Size ${numbers.length + 1}`)
    expect(pdf.trailer).toMatch(/\/Root 1 0 R \/Info \d+ 0 R/)
    // Every reference points at an object that exists.
    for (const body of pdf.objects.values()) {
      for (const [, n] of body.matchAll(/(\d+) 0 R/g)) expect(pdf.objects.has(Number(n)), `object ${n}`).toBe(true)
    }
    // Objects sit one after another, in order, nothing between them but their own text.
    const offsets = [...pdf.offsets.values()]
    offsets.slice(1).forEach((offset, i) => expect(text.slice(offsets[i], offset)).toMatch(/^\d+ 0 obj\n[\s\S]*\nendobj\n$/))
    expect(() => streamOf(pdf.objects.get(4)!)).not.toThrow()
    // ASCII throughout, so offsets in characters are offsets in bytes.
    expect(bytes.every((b) => b < 0x80)).toBe(true)
  })

  it('sets Chinese in the non-embedded STSong-Light over UniGB-UCS2-H and Latin in Helvetica', () => {
    const pdf = readPdfObjects(renderTextPdf(MIXED))
    const fonts = pageFonts(pdf)
    expect([...fonts.keys()].sort()).toEqual(['F1', 'F2', 'F3'])
    expect(fonts.get('F1')).toContain('/BaseFont /Helvetica /Encoding /WinAnsiEncoding')
    expect(fonts.get('F2')).toContain('/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding')
    const type0 = fonts.get('F3')!
    expect(type0).toMatch(/^<< \/Type \/Font \/Subtype \/Type0 \/BaseFont \/STSong-Light-UniGB-UCS2-H \/Encoding \/UniGB-UCS2-H \/DescendantFonts \[(\d+) 0 R\] >>$/)
    const cidFont = pdf.objects.get(Number(/\[(\d+) 0 R\]/.exec(type0)![1]))!
    expect(cidFont).toContain('/Subtype /CIDFontType0 /BaseFont /STSong-Light')
    expect(cidFont).toContain('/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >>')
    expect(cidFont).toContain('/DW 1000')
    const descriptor = pdf.objects.get(Number(/\/FontDescriptor (\d+) 0 R/.exec(cidFont)![1]))!
    expect(descriptor).toMatch(/^<< \/Type \/FontDescriptor \/FontName \/STSong-Light \/Flags 6 \/FontBBox \[-25 -254 1000 880\]/)
    // Nothing is embedded: no font file anywhere.
    expect(pdf.text).not.toMatch(/FontFile/)
  })

  it('writes only the fonts a page uses', () => {
    const fonts = pageFonts(readPdfObjects(renderTextPdf({ lines: [{ text: 'plain ASCII' }] })))
    expect([...fonts.keys()]).toEqual(['F1'])
  })

  it('the text reads back exactly: Chinese as UTF-16BE hex, ¥ as WinAnsi \\245', () => {
    const bytes = renderTextPdf(MIXED)
    expect(pdfTextLines(bytes)).toEqual(['uni-wx-kit 示例小店', '订单号：K20250101ABC123', '陶瓷马克杯 | ¥90.00'])
    const content = streamOf(readPdfObjects(bytes).objects.get(4)!)
    expect(content).toContain('<8BA2535553F7FF1A> Tj') // 订单号：
    expect(content).toContain('(\\24590.00) Tj')
    expect(latin1(bytes)).toContain('/Title <FEFF652F4ED86536636E0020004B0031>')
  })

  it('bold: Helvetica-Bold for Latin, fill-and-stroke (render mode 2) for CJK, then back to fill', () => {
    const content = streamOf(readPdfObjects(renderTextPdf({ lines: [{ text: '粗体 Bold', bold: true, size: 20 }, { text: '常规' }] })).objects.get(4)!)
    expect(content).toBe(
      ['BT', '1 0 0 1 56 766 Tm', '/F3 20 Tf', '0.7 w', '2 Tr', '<7C974F53> Tj', '/F2 20 Tf', '0 Tr', '( Bold) Tj', '1 0 0 1 56 750.05 Tm', '/F3 11 Tf', '<5E3889C4> Tj', 'ET', ''].join('\n'),
    )
  })

  it('right-aligns a cell at its x, measured with the font metrics it is shown in', () => {
    const items = pdfTextItems(renderTextPdf({ margin: 40, lines: [{ cells: [{ text: '¥134.90', x: 340, align: 'right' }, { text: '合计', x: 0 }] }] }))
    const amount = items.find((item) => item.text === '¥134.90')!
    expect(amount.x + textWidth('¥134.90', 11)).toBeCloseTo(380, 1)
    expect(items.find((item) => item.text === '合计')!.x).toBe(40)
  })

  it('cuts a cell longer than its maxWidth with an ellipsis', () => {
    const lines = pdfTextLines(renderTextPdf({ lines: [{ cells: [{ text: '一二三四五六七八九十', x: 0, maxWidth: 55 }] }] }))
    expect(lines).toEqual(['一二三四…'])
  })

  it('wraps long paragraphs to the text width and keeps going on the next lines', () => {
    const text = '这是一段很长的说明文字，用来检查自动换行。'.repeat(4)
    const lines = pdfTextLines(renderTextPdf({ width: 300, margin: 40, lines: [{ text }] }))
    expect(lines.length).toBeGreaterThan(1)
    expect(lines.join('')).toBe(text)
    for (const line of lines) expect(textWidth(line, 11)).toBeLessThanOrEqual(220)
  })

  it('draws rules as stroked paths across the text width, outside the text object', () => {
    const content = streamOf(readPdfObjects(renderTextPdf({ width: 400, margin: 50, lines: [{ text: 'a' }, { rule: true }] })).objects.get(4)!)
    expect(content).toMatch(/ET\nq 0\.6 G 0\.5 w\n50 [\d.]+ m 350 [\d.]+ l S\nQ\n$/)
  })

  it('refuses lines that do not fit on the page instead of drawing them off it', () => {
    expect(() => renderTextPdf({ height: 200, lines: Array.from({ length: 20 }, () => ({ text: 'line' })) })).toThrow(RangeError)
  })

  it('is deterministic', () => {
    expect(latin1(renderTextPdf(MIXED))).toBe(latin1(renderTextPdf(MIXED)))
  })

  it('an empty page is still a well-formed PDF', () => {
    const pdf = readPdfObjects(renderTextPdf({ lines: [] }))
    expect(pageObject(pdf)).toContain('/Font <<  >>')
  })
})

describe('wrapText', () => {
  it.each([
    // Latin breaks at spaces only; a word stays whole.
    ['alpha beta gamma', 60, ['alpha beta', 'gamma']],
    // Chinese breaks between any two characters ...
    ['一二三四五六', 33, ['一二三', '四五六']],
    // ... but never puts closing punctuation at the start of a line,
    ['一二三，四', 33, ['一二', '三，四']],
    // ... nor leaves opening punctuation at the end of one.
    ['一二（三）', 33, ['一二', '（三）']],
    // A word longer than the line is cut.
    ['mmmmmmmmmm', 30, ['mmm', 'mmm', 'mmm', 'm']],
    ['', 100, ['']],
  ])('wraps %j at %i pt', (text, width, expected) => {
    expect(wrapText(text, width, 11)).toEqual(expected)
  })
})

describe('fitText', () => {
  it('leaves text that fits alone and cuts the rest', () => {
    expect(fitText('陶瓷马克杯', 100, 11)).toBe('陶瓷马克杯')
    expect(fitText('陶瓷马克杯 350ml', 60, 11)).toBe('陶瓷马克…')
  })
})
