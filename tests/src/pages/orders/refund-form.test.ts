import { describe, expect, it } from 'vitest'
import { checkRefundAmount, checkRefundReason, REFUND_REASON_MAX_LENGTH } from '../../../../src/pages/orders/refund-form'
import { REFUND_REASON_MAX_LENGTH as SERVER_REASON_MAX_LENGTH } from '../../../../cloud/pay/refunds'

describe('checkRefundAmount', () => {
  // The order has ¥45.00 left to refund.
  const refundable = 4500

  it.each([
    ['10', 1000],
    ['10.00', 1000],
    ['10.5', 1050],
    ['0.01', 1],
    ['45', 4500],
    ['45.00', 4500],
    [' 10.00 ', 1000],
    ['¥10', 1000],
    ['￥10.00', 1000],
    ['１０．５', 1050],
    ['0.29', 29],
  ])('%j → %i fen', (text, fen) => {
    expect(checkRefundAmount(text, refundable)).toEqual({ ok: true, fen })
  })

  it.each([
    ['', '请输入退款金额'],
    ['   ', '请输入退款金额'],
    ['0', '退款金额须大于 0'],
    ['0.00', '退款金额须大于 0'],
    ['10.001', '金额最多两位小数'],
    ['.123', '金额最多两位小数'],
    ['45.01', '最多可退 ¥45.00'],
    ['100', '最多可退 ¥45.00'],
    ['-1', '请输入正确的金额，如 10.00'],
    ['1e2', '请输入正确的金额，如 10.00'],
    ['十元', '请输入正确的金额，如 10.00'],
    ['1.2.3', '请输入正确的金额，如 10.00'],
    ['.', '请输入正确的金额，如 10.00'],
  ])('%j → %s', (text, message) => {
    expect(checkRefundAmount(text, refundable)).toEqual({ ok: false, message })
  })

  it('refuses every amount when nothing is left to refund', () => {
    expect(checkRefundAmount('0.01', 0)).toEqual({ ok: false, message: '最多可退 ¥0.00' })
  })
})

describe('checkRefundReason', () => {
  it('holds the reason to the length the pay object keeps', () => {
    expect(REFUND_REASON_MAX_LENGTH).toBe(SERVER_REASON_MAX_LENGTH)
  })

  it('trims the reason and requires one', () => {
    expect(checkRefundReason('  不想要了 ')).toEqual({ ok: true, reason: '不想要了' })
    expect(checkRefundReason('  ')).toEqual({ ok: false, message: '请填写退款原因' })
  })

  it(`takes ${REFUND_REASON_MAX_LENGTH} characters, not one more (counted as the server counts)`, () => {
    expect(checkRefundReason('退'.repeat(REFUND_REASON_MAX_LENGTH))).toMatchObject({ ok: true })
    expect(checkRefundReason('退'.repeat(REFUND_REASON_MAX_LENGTH + 1))).toEqual({ ok: false, message: '退款原因最多 80 字' })
    // An emoji is two UTF-16 code units, as valibot's maxLength counts it.
    expect(checkRefundReason('😀'.repeat(41))).toEqual({ ok: false, message: '退款原因最多 80 字' })
  })
})
