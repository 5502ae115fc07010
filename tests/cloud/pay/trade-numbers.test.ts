/** out_trade_no, out_refund_no and WeChat Pay's times. */
import { describe, expect, it } from 'vitest'
import { newOutRefundNo, newOutTradeNo, parseWechatTime } from '../../../cloud/pay/trade-numbers'
import { testEnv } from '../support'

describe('merchant numbers', () => {
  it('out_trade_no fits WeChat Pay’s pattern, starts with the Beijing time, and does not repeat', () => {
    const env = testEnv(Date.UTC(2025, 0, 1, 16, 30, 5))
    const numbers = Array.from({ length: 2000 }, () => newOutTradeNo(env))
    for (const no of numbers) expect(no).toMatch(/^[0-9A-Za-z_\-|*]{6,32}$/)
    expect(numbers[0].slice(0, 14)).toBe('20250102003005')
    expect(new Set(numbers).size).toBe(numbers.length)
  })

  it('out_refund_no fits its pattern', () => {
    expect(newOutRefundNo(testEnv())).toMatch(/^R[0-9A-Za-z_\-|*@]{1,63}$/)
  })
})

describe('times', () => {
  it('reads WeChat Pay’s RFC 3339 times', () => {
    const ms = Date.UTC(2018, 5, 8, 2, 34, 56)
    expect(parseWechatTime('2018-06-08T10:34:56+08:00')).toBe(ms)
  })

  it.each([undefined, '', 'yesterday', '2018-13-45T99:99:99+08:00'])('reads %s as unknown', (text) => {
    expect(parseWechatTime(text)).toBeUndefined()
  })
})
