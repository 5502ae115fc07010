import { privacyFailure } from './privacy'
import { devUser, emulatorControl } from './dev-emulator'

/**
 * The phone-number buttons (docs/wechat-mini-program.md §9): 手机号快速验证
 * `<button open-type="getPhoneNumber" @getphonenumber>` (¥0.03 per success) and
 * 手机号实时验证 `<button open-type="getRealtimePhoneNumber" @getrealtimephonenumber>`
 * (¥0.04, the carrier checks the number on every request). WeChat charges
 * when the callback delivers a code, so the app shows the button only to users
 * without a number, and sets `:phone-number-no-quota-toast="false"` to say in
 * its own words that the quota is used up (errno 1400001).
 */

/** Which button: `quick` (getPhoneNumber) or `realtime` (getRealtimePhoneNumber). */
export type PhoneButtonKind = 'quick' | 'realtime'

/** The button's open-type for each kind. */
export const PHONE_BUTTON_OPEN_TYPE = { quick: 'getPhoneNumber', realtime: 'getRealtimePhoneNumber' } as const

/** What the button's callback carries in `e.detail`. */
export interface PhoneButtonDetail {
  code?: string
  errMsg?: string
  errno?: number
}

/** Why a tap gave no code. */
export type PhoneButtonFailure = 'deny' | 'privacy' | 'undeclared' | 'quota' | 'uncertified' | 'failed'

/** errno of an exhausted phone-number quota (both buttons' pages). */
export const PHONE_QUOTA_ERRNO = 1400001

/**
 * Classify a callback without a code. Errnos first (WeChat's unified codes);
 * the texts only where WeChat gives no errno: "user deny" (also seen as
 * "fail:user deny", so matched loosely) and "no permission" (personal or
 * uncertified mini programs).
 */
export function phoneButtonFailure(detail: PhoneButtonDetail): PhoneButtonFailure | undefined {
  if (detail.code) return undefined
  if (detail.errno === PHONE_QUOTA_ERRNO) return 'quota'
  const privacy = privacyFailure(detail)
  if (privacy === 'refused') return 'privacy'
  if (privacy === 'undeclared') return 'undeclared'
  const errMsg = String(detail.errMsg ?? '')
  if (/deny|cancel/i.test(errMsg)) return 'deny'
  if (/no permission|not certified|unauthorized/i.test(errMsg)) return 'uncertified'
  return 'failed'
}

/** What to tell the user for each failure (Chinese UI text). */
export const PHONE_BUTTON_MESSAGES: Record<PhoneButtonFailure, string> = {
  deny: '已取消手机号授权',
  privacy: '需同意隐私保护指引后才能使用手机号',
  undeclared: '小程序未声明使用手机号，暂时无法授权',
  quota: '本小程序的手机号验证次数已用完，请稍后再试或联系客服',
  uncertified: '当前小程序未完成微信认证，暂不支持手机号授权',
  failed: '手机号授权失败，请稍后重试',
}

/**
 * H5 development: the WeChat emulator plays the tap (`/phone/button`), with
 * the same callback detail — armed failures (quota, privacy …) included.
 */
export async function simulatedPhoneButton(kind: PhoneButtonKind): Promise<PhoneButtonDetail> {
  return emulatorControl<PhoneButtonDetail>('phone/button', { user: devUser(), button: PHONE_BUTTON_OPEN_TYPE[kind] })
}
