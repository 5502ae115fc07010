import { describe, expect, it } from 'vitest'
import { cjkString, infoString, LATIN_BOLD_FONT, LATIN_FONT, latinString, textRuns, textWidth } from '../../../cloud/formats/pdf-fonts'

describe('pdf-fonts', () => {
  it.each([
    ['订单号：K1', [{ cjk: true, text: '订单号：' }, { cjk: false, text: 'K1' }]],
    ['¥45.00', [{ cjk: false, text: '¥45.00' }]],
    ['92℃ 的水', [{ cjk: false, text: '92' }, { cjk: true, text: '℃' }, { cjk: false, text: ' ' }, { cjk: true, text: '的水' }]],
    // Regression: U+00B7 has no code in UniGB-UCS2-H (poppler drew an empty box); Latin-1 is Helvetica's.
    ['250g · 冲煮', [{ cjk: false, text: '250g · ' }, { cjk: true, text: '冲煮' }]],
    ['2 × 90°', [{ cjk: false, text: '2 × 90°' }]],
    // Controls, emoji (beyond UCS-2) and lone surrogates cannot be shown: '?'.
    ['a\tb', [{ cjk: false, text: 'a?b' }]],
    ['咖啡☕️😀', [{ cjk: true, text: '咖啡☕️' }, { cjk: false, text: '?' }]],
    ['x\ud800y', [{ cjk: false, text: 'x?y' }]],
  ])('splits %j into font runs', (text, runs) => {
    expect(textRuns(text)).toEqual(runs)
  })

  it('measures with Helvetica’s AFM widths (WinAnsi: 39 is quotesingle) and full-width CJK', () => {
    // H 722, e 556, l 222, l 222, o 556 = 2278 units.
    expect(textWidth('Hello', 10)).toBeCloseTo(22.78, 5)
    // Bold: H 722, e 556, l 278, l 278, o 611 = 2445 units.
    expect(textWidth('Hello', 10, true)).toBeCloseTo(24.45, 5)
    expect(textWidth("'", 1000)).toBe(191)
    expect(textWidth('¥', 1000)).toBe(556)
    expect(textWidth('·', 1000)).toBe(278)
    expect(textWidth('é', 1000, true)).toBe(556)
    expect(textWidth('金额', 12)).toBe(24)
  })

  it('writes Latin as WinAnsi literals and CJK as UCS-2 hex', () => {
    expect(latinString('a(b)c\\d')).toBe('(a\\(b\\)c\\\\d)')
    expect(latinString('¥1.50')).toBe('(\\2451.50)')
    expect(latinString('a·b')).toBe('(a\\267b)')
    expect(cjkString('金额')).toBe('<91D1989D>')
    expect(infoString('Receipt K1')).toBe('(Receipt K1)')
    expect(infoString('收据')).toBe('<FEFF6536636E>')
  })

  it('gives each Latin font its widths for every code it writes, at their WinAnsi codes', () => {
    for (const font of [LATIN_FONT, LATIN_BOLD_FONT]) {
      const match = /\/FirstChar 32 \/LastChar 255 \/Widths \[([\d ]+)\]/.exec(font)!
      const widths = match[1].split(' ').map(Number)
      expect(widths).toHaveLength(255 - 32 + 1)
      expect(widths[0x41 - 32]).toBe(font === LATIN_FONT ? 667 : 722) // A
      expect(widths[0xa5 - 32]).toBe(556) // yen
      expect(widths[0xb7 - 32]).toBe(278) // periodcentered
      expect(widths[0xff - 32]).toBe(font === LATIN_FONT ? 500 : 556) // ydieresis
      // 127–159 are never written.
      expect(widths.slice(0x7f - 32, 0xa0 - 32).every((w) => w === 0)).toBe(true)
    }
  })
})
