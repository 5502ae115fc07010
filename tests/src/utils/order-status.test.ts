/** The order page's labels: the shipping line of a mini-program order. */
import { describe, expect, it } from 'vitest'
import { orderStatusText, shippingText } from '../../../src/utils/order-status'

describe('utils/order-status', () => {
  it.each([
    [{ state: 'waiting' }, '待发货'],
    [{ state: 'shipped', logisticsType: 3 }, '已发货'],
    [{ state: 'shipped', expressCompany: 'YTO', expressCompanyName: '圆通速递', trackingNo: 'YT123' }, '已发货 · 圆通速递 YT123'],
    [{ state: 'shipped', expressCompany: 'YTO', trackingNo: 'YT123' }, '已发货 · YTO YT123'],
    [{ state: 'completed', expressCompanyName: '圆通速递', trackingNo: 'YT123' }, '已完成 · 圆通速递 YT123'],
  ])('shippingText(%j) = %s', (shipping, text) => {
    expect(shippingText(shipping)).toBe(text)
  })

  it('keeps the order status labels', () => {
    expect(orderStatusText('PAID')).toBe('已支付')
  })
})
