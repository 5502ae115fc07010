import { describe, expect, it } from 'vitest'
import { beijingDateOf, beijingTime, labelOf, ORDER_STATUS_LABELS, shortDate, yuan } from '../../../../../../uni_modules/wxkit-login-pay/pages/console/lib/format'

describe('console format', () => {
  it('writes fen as yuan', () => {
    expect(yuan(0)).toBe('¥0.00')
    expect(yuan(6800)).toBe('¥68.00')
    expect(yuan(1)).toBe('¥0.01')
    expect(yuan(-4500)).toBe('-¥45.00')
  })

  it('writes times and dates in Beijing time whatever the zone', () => {
    expect(beijingTime(Date.UTC(2025, 0, 1, 16, 30, 5))).toBe('2025-01-02 00:30:05')
    expect(beijingTime(undefined)).toBe('—')
    expect(beijingDateOf(Date.UTC(2025, 0, 1, 16), -1)).toBe('2025-01-01')
    expect(shortDate('2025-01-02')).toBe('01-02')
  })

  it('labels what it knows and shows what it does not as is', () => {
    expect(labelOf(ORDER_STATUS_LABELS, 'PARTIALLY_REFUNDED')).toBe('部分退款')
    expect(labelOf(ORDER_STATUS_LABELS, 'SOMETHING_NEW')).toBe('SOMETHING_NEW')
    expect(labelOf(ORDER_STATUS_LABELS, undefined)).toBe('—')
  })
})
