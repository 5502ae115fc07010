import { describe, expect, it } from 'vitest'
import { parseYuan } from '../../../../../../uni_modules/wxkit-login-pay/pages/console/lib/amount'

describe('console amount: yuan typed by the merchant → fen', () => {
  it.each([
    ['12', 1200],
    ['12.5', 1250],
    ['12.50', 1250],
    ['0.01', 1],
    ['¥45.00', 4500],
    ['￥ 0.3', 30],
    [' 68 ', 6800],
    // Floating point would say 0.1 + 0.2 = 0.30000000000000004 yuan; fen are exact.
    ['0.29', 29],
    ['1.1', 110],
  ])('%j is %i fen', (text, fen) => {
    expect(parseYuan(text, 10_000)).toEqual({ ok: true, fen })
  })

  it.each([
    ['', '请输入退款金额'],
    ['abc', '金额格式不正确，最多两位小数'],
    ['1.234', '金额格式不正确，最多两位小数'],
    ['-5', '金额格式不正确，最多两位小数'],
    ['1e3', '金额格式不正确，最多两位小数'],
    ['0', '退款金额至少 0.01 元'],
    ['0.00', '退款金额至少 0.01 元'],
    ['100.01', '退款金额不能超过可退金额 100.00 元'],
  ])('refuses %j: %s', (text, message) => {
    expect(parseYuan(text, 10_000)).toEqual({ ok: false, message })
  })

  it('takes the whole of what is left', () => {
    expect(parseYuan('45.01', 4501)).toEqual({ ok: true, fen: 4501 })
  })
})
