import { describe, expect, it } from 'vitest'
import { formatFen } from '../../../../../uni_modules/wxkit-login-pay/js_sdk/utils/money'
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

describe('browserKind', () => {
  it.each([
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47', 'wechat'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36', 'mobile'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36', 'desktop'],
  ])('%s → %s', (ua, kind) => {
    expect(browserKind(ua)).toBe(kind)
  })
})
