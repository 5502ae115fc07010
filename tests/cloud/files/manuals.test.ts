import { describe, expect, it } from 'vitest'
import { MANUALS, productCodeText, productFiles, renderManual } from '../../../cloud/files/manuals'
import { parseScanTarget } from '../../../src/utils/scan-target'

describe('product files', () => {
  it('every manual is ASCII (the standard PDF fonts have no other glyphs)', () => {
    for (const [id, manual] of Object.entries(MANUALS)) {
      const all = [manual.title, ...manual.lines.map((l) => l.text)].join('\n')
      expect(all, id).toMatch(/^[\x20-\x7e\n]*$/)
      expect(Buffer.from(renderManual(id, manual)).toString('latin1')).toContain(manual.title)
    }
  })

  it('knows which products have a manual', () => {
    expect(productFiles('p-mug')).toEqual({ manual: true, code: true })
    expect(productFiles('p-sticker')).toEqual({ manual: false, code: true })
    expect(productFiles('constructor').manual).toBe(false)
  })

  it('a product QR code opens that product in the app’s scanner', () => {
    expect(parseScanTarget(productCodeText('p-coffee-beans'))).toEqual({ ok: true, productId: 'p-coffee-beans' })
  })
})
