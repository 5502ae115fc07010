import { describe, expect, it } from 'vitest'
import { ORDER_STATUS_COLORS, ORDER_STATUS_TEXT, orderStatusColors, orderStatusText, refundStatusText, shippingText } from '../../../src/utils/order-status'

/** WCAG 2.x relative luminance of a `#rrggbb` colour (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance). */
function relativeLuminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG 2.x contrast ratio (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). */
function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x)
  return (light + 0.05) / (dark + 0.05)
}

const STATUSES = Object.keys(ORDER_STATUS_TEXT)

describe('order status labels', () => {
  it('computes contrast as WCAG does (black on white 21:1, the kit green #07c160 on white fails AA)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5)
    expect(contrastRatio('#07c160', '#ffffff')).toBeLessThan(4.5)
  })

  // Regression: every status label was the same green (#07c160, 2.4:1 on white).
  it.each(STATUSES)('%s reaches WCAG AA for small text (4.5:1) on its pill and on the white card', (status) => {
    const { color, background } = orderStatusColors(status)
    expect(contrastRatio(color, background)).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio(color, '#ffffff')).toBeGreaterThanOrEqual(4.5)
  })

  it('gives every status its own text colour and pill', () => {
    expect(Object.keys(ORDER_STATUS_COLORS).sort()).toEqual([...STATUSES].sort())
    expect(new Set(STATUSES.map((s) => orderStatusColors(s).color)).size).toBe(STATUSES.length)
    expect(new Set(STATUSES.map((s) => orderStatusColors(s).background)).size).toBe(STATUSES.length)
  })

  it('labels in Chinese, and falls back for a status it does not know', () => {
    expect(STATUSES.map(orderStatusText)).toEqual(['待支付', '已支付', '已关闭', '部分退款', '已退款'])
    expect(orderStatusText('SOMETHING')).toBe('SOMETHING')
    expect(orderStatusColors('SOMETHING')).toEqual(ORDER_STATUS_COLORS.CLOSED)
  })
})

describe('shipping and refund labels', () => {
  it.each([
    [{ state: 'waiting' }, '待发货'],
    [{ state: 'shipped', logisticsType: 3 }, '已发货'],
    [{ state: 'shipped', expressCompany: 'YTO', expressCompanyName: '圆通速递', trackingNo: 'YT123' }, '已发货 · 圆通速递 YT123'],
    [{ state: 'shipped', expressCompany: 'YTO', trackingNo: 'YT123' }, '已发货 · YTO YT123'],
    [{ state: 'completed', expressCompanyName: '圆通速递', trackingNo: 'YT123' }, '已完成 · 圆通速递 YT123'],
  ])('shippingText(%j) = %s', (shipping, text) => {
    expect(shippingText(shipping)).toBe(text)
  })

  it('keeps the order status labels and names every refund state', () => {
    expect(orderStatusText('PAID')).toBe('已支付')
    expect(orderStatusText('PARTIALLY_REFUNDED')).toBe('部分退款')
    expect(refundStatusText('REQUESTED')).toBe('待商家审核')
    expect(refundStatusText('REJECTED')).toBe('商家已拒绝')
  })
})
