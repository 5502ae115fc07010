import { describe, expect, it } from 'vitest'
import { pdfText, renderTextPdf } from '../../../cloud/formats/pdf-writer'

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1')

describe('pdf-writer', () => {
  it('writes a PDF whose xref offsets point at each object and startxref at the table', () => {
    const pdf = text(renderTextPdf({ title: 'T', lines: [{ text: 'Hello' }, { text: 'World', bold: true, size: 14 }] }))
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true)
    expect(pdf.endsWith('%%EOF\n')).toBe(true)
    const startxref = Number(/startxref\n(\d+)\n/.exec(pdf)?.[1])
    expect(pdf.slice(startxref, startxref + 4)).toBe('xref')
    const entries = pdf.slice(startxref).split('\n').slice(3, 10)
    entries.forEach((entry, i) => {
      const offset = Number(entry.slice(0, 10))
      expect(pdf.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`)
    })
    // The content stream's declared length is its exact length.
    const match = /<< \/Length (\d+) >>\nstream\n/.exec(pdf)!
    const start = match.index + match[0].length
    expect(pdf.slice(start + Number(match[1]), start + Number(match[1]) + 9)).toBe('endstream')
    expect(pdf).toContain('(Hello) Tj')
    expect(pdf).toContain('/F2 14 Tf')
  })

  it('is deterministic', () => {
    const page = { lines: [{ text: 'same' }] }
    expect(text(renderTextPdf(page))).toBe(text(renderTextPdf(page)))
  })

  it.each([
    ['a(b)c\\d', 'a\\(b\\)c\\\\d'],
    ['咖啡 ok', '?? ok'],
    ['tab\there', 'tab?here'],
  ])('escapes %j as %j', (input, expected) => {
    expect(pdfText(input)).toBe(expected)
  })
})
