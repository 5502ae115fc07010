import { describe, expect, it } from 'vitest'
import { fenToYuanText, formatFen, yuanTextToFen } from '../../../../../uni_modules/wxkit-login-pay/js_sdk/utils/money'
import { browserKind } from '../../../../../uni_modules/wxkit-login-pay/js_sdk/platform/browser'

describe('formatFen', () => {
  it.each([
    [0, '¥0.00'],
    [1, '¥0.01'],
    [30, '¥0.30'],
    [6800, '¥68.00'],
    [123456789, '¥1234567.89'],
    [-250, '-¥2.50'],
  ])('%i fen → %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text)
  })

  it('refuses fractional fen (amounts are integers end to end)', () => {
    expect(() => formatFen(0.1 + 0.2)).toThrow(TypeError)
  })
})

describe('fenToYuanText', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [1000, '10.00'],
    [123456, '1234.56'],
  ])('%i fen → %s', (fen, text) => {
    expect(fenToYuanText(fen)).toBe(text)
  })

  it('refuses negative or fractional fen', () => {
    expect(() => fenToYuanText(-1)).toThrow(TypeError)
    expect(() => fenToYuanText(1.5)).toThrow(TypeError)
  })
})

describe('yuanTextToFen', () => {
  it.each([
    ['10', 1000],
    ['10.', 1000],
    ['10.5', 1050],
    ['10.50', 1050],
    ['.5', 50],
    ['0.01', 1],
    ['010.00', 1000],
    // Through a float, 0.29 * 100 is 28.999999999999996 and 1.15 * 100 is 114.99999999999999.
    ['0.29', 29],
    ['1.15', 115],
    ['999999999.99', 99999999999],
  ])('%s → %i fen', (text, fen) => {
    expect(yuanTextToFen(text)).toBe(fen)
  })

  it.each(['', '.', '1.234', '-1', '+1', '1e3', '1,5', '¥1', ' 1', '1 ', 'abc', '1000000000', '0x10', 'Infinity'])('%j is not an amount', (text) => {
    expect(yuanTextToFen(text)).toBeUndefined()
  })
})

describe('browserKind', () => {
  it.each([
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47', 'wechat'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36', 'mobile'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36', 'desktop'],
  ])('%s → %s', (ua, kind) => {
    expect(browserKind(ua)).toBe(kind)
  })
})
