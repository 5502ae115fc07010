/** The end-user messages of the codes the security fixes added. */
import { describe, expect, it } from 'vitest'
import { userMessage } from '../../../../../uni_modules/wxkit-login-pay/js_sdk/services/errors'

describe('services/errors', () => {
  it.each([
    ['LOGIN_CODE_USED', '登录凭证已使用，请重新登录'],
    ['TOO_MANY_UNPAID_ORDERS', '待支付订单过多，请先支付或取消后再下单'],
    ['RATE_LIMITED', '操作太频繁，请稍后再试'],
  ])('%s has its own Chinese message', (errCode, message) => {
    expect(userMessage({ errCode, errMsg: 'x' })).toBe(message)
  })
})
