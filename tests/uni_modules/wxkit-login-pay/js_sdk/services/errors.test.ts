/** The end-user messages of the codes the security fixes added. */
import { describe, expect, it } from 'vitest'
import { ErrorCodes } from '../../../../../cloud/shared/errors'
import { userMessage } from '../../../../../uni_modules/wxkit-login-pay/js_sdk/services/errors'

describe('services/errors', () => {
  it.each([
    ['LOGIN_CODE_USED', '登录凭证已使用，请重新登录'],
    ['TOO_MANY_UNPAID_ORDERS', '待支付订单过多，请先支付或取消后再下单'],
    ['RATE_LIMITED', '操作太频繁，请稍后再试'],
    ['MERCHANT_ONLY', '仅商家管理员可以操作'],
    ['EXPORT_TOO_LARGE', '导出的订单超过 2 万条，请缩小日期范围后再导出'],
  ])('%s has its own Chinese message', (errCode, message) => {
    expect(userMessage({ errCode, errMsg: 'x' })).toBe(message)
  })
})

describe('services/errors: shipping', () => {
  const shippingCodes = Object.keys(ErrorCodes).filter((code) => code.startsWith('SHIPPING_'))

  it('covers the shipping codes of the cloud side', () => {
    expect(shippingCodes.length).toBeGreaterThan(10)
  })

  it.each(shippingCodes)('%s has its own Chinese message, not the fallback', (errCode) => {
    const message = userMessage({ errCode, errMsg: 'x' })
    expect(message).not.toBe(userMessage({ errCode: 'NO_SUCH_CODE', errMsg: 'x' }))
    expect(message).toMatch(/[\u4e00-\u9fff]/)
  })
})
