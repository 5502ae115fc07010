/** The phone buttons' callback details, classified by errno first, then WeChat's texts. */
import { describe, expect, it } from 'vitest'
import { PHONE_BUTTON_MESSAGES, phoneButtonFailure } from '../../../../../uni_modules/wxkit-login-pay/js_sdk/platform/phone-button'

describe('phoneButtonFailure', () => {
  it.each([
    [{ errMsg: 'getPhoneNumber:ok', code: 'c' }, undefined],
    [{ errMsg: 'getPhoneNumber:fail no quota', errno: 1400001 }, 'quota'],
    // The errno decides even when the text says something else.
    [{ errMsg: 'getRealtimePhoneNumber:fail user deny', errno: 1400001 }, 'quota'],
    [{ errMsg: 'getPhoneNumber:fail privacy permission is not authorized', errno: 104 }, 'privacy'],
    [{ errMsg: 'getPhoneNumber:fail api scope is not declared in the privacy agreement', errno: 112 }, 'undeclared'],
    [{ errMsg: 'getPhoneNumber:fail user deny' }, 'deny'],
    [{ errMsg: 'getPhoneNumber:fail:user deny' }, 'deny'],
    [{ errMsg: 'getPhoneNumber:user deny' }, 'deny'],
    [{ errMsg: 'getPhoneNumber:fail no permission' }, 'uncertified'],
    [{ errMsg: 'getPhoneNumber:fail jsapi has no permission', errno: 102 }, 'uncertified'],
    [{ errMsg: 'getPhoneNumber:fail system error', errno: 1 }, 'failed'],
    [{}, 'failed'],
  ])('%j → %s', (detail, expected) => {
    expect(phoneButtonFailure(detail)).toBe(expected)
  })

  it('has a Chinese message for every failure', () => {
    for (const message of Object.values(PHONE_BUTTON_MESSAGES)) expect(message).toMatch(/[\u4e00-\u9fff]/)
  })
})
