import { CloudError, type ErrorCode } from '../shared/errors'

/**
 * api.weixin.qq.com answers failures as HTTP 200 `{ errcode, errmsg }`. Each
 * errcode the kit acts on becomes its own stable code instead of one generic
 * failure; the rest are WX_UPSTREAM_ERROR. The errmsg is never copied: it is
 * upstream text, and the errcode says what is needed.
 */

/** The stable code for each errcode that means something to the caller. */
export const ERRCODE_TO_CODE: Readonly<Record<number, ErrorCode>> = {
  [-1]: 'WX_UPSTREAM_BUSY',
  40029: 'WX_CODE_INVALID',
  40163: 'WX_CODE_USED',
  45011: 'WX_RATE_LIMITED',
  40226: 'WX_USER_BLOCKED',
  // The app's own credentials are wrong: a configuration problem, not the user's.
  40013: 'CONFIG_INVALID',
  40125: 'CONFIG_INVALID',
  41002: 'CONFIG_INVALID',
  41004: 'CONFIG_INVALID',
  // 小程序发货信息管理 (docs/wechat-shipping-info.md). 44990: is_trade_managed's 频控.
  44990: 'WX_RATE_LIMITED',
  10060001: 'SHIPPING_TRADE_NOT_FOUND',
  10060002: 'SHIPPING_ALREADY_COMPLETED',
  10060003: 'SHIPPING_CORRECTION_USED',
  10060004: 'SHIPPING_NOT_SHIPPABLE',
  10060012: 'WX_UPSTREAM_BUSY',
  10060019: 'WX_UPSTREAM_BUSY',
  10060028: 'SHIPPING_NOT_SHIPPED',
  10060030: 'SHIPPING_REMINDER_USED',
  10060031: 'SHIPPING_PAYER_MISMATCH',
  10060032: 'SHIPPING_REMINDER_EXPRESS_ONLY',
  ...Object.fromEntries(
    // The field rules of upload_shipping_info and notify_confirm_receive: the kit built a body WeChat refuses.
    [10060005, 10060006, 10060007, 10060008, 10060009, 10060014, 10060020, 10060024, 10060025, 10060026, 10060029,
      268485194, 268485195, 268485196, 268485197, 268485216, 268485224, 268485226, 268485227, 268485228].map((errcode) => [errcode, 'SHIPPING_INFO_REJECTED' as const]),
  ),
}

/** errcodes meaning the access_token is invalid or expired: refresh once and retry once. */
export const CREDENTIAL_ERRCODES: readonly number[] = [40001, 42001]

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  WX_UPSTREAM_BUSY: 'WeChat is busy, try again',
  WX_CODE_INVALID: 'WeChat code invalid or expired',
  WX_CODE_USED: 'WeChat code already used',
  WX_RATE_LIMITED: 'WeChat rate limit reached, try again in a minute',
  WX_USER_BLOCKED: 'WeChat refused this user (risk control)',
  CONFIG_INVALID: 'WeChat refused the app credentials: check appId and appSecret',
  SHIPPING_TRADE_NOT_FOUND: 'WeChat has no such paid trade (yet)',
  SHIPPING_ALREADY_COMPLETED: 'the buyer already confirmed receipt of this trade',
  SHIPPING_CORRECTION_USED: 'the one re-shipment of this trade is used',
  SHIPPING_NOT_SHIPPABLE: 'WeChat says this trade cannot be shipped (refunded?)',
  SHIPPING_PAYER_MISMATCH: 'the trade does not belong to the payer openid sent',
  SHIPPING_INFO_REJECTED: 'WeChat refused the shipping information',
  SHIPPING_NOT_SHIPPED: 'the trade is not in the shipped state',
  SHIPPING_REMINDER_USED: 'the one receipt reminder of this trade is used',
  SHIPPING_REMINDER_EXPRESS_ONLY: 'receipt reminders are for express shipments only',
}

/** A failure answered by api.weixin.qq.com. */
export class WechatApiError extends CloudError {
  readonly errcode: number
  /** The API that answered it, e.g. `sns/jscode2session`. */
  readonly api: string

  constructor(api: string, errcode: number) {
    const code = ERRCODE_TO_CODE[errcode] ?? 'WX_UPSTREAM_ERROR'
    super(code, MESSAGES[code] ?? `WeChat ${api} failed (errcode ${errcode})`, { errcode })
    this.name = 'WechatApiError'
    this.errcode = errcode
    this.api = api
  }
}

/** True for an error that means the access_token is no longer accepted. */
export function isCredentialError(error: unknown): boolean {
  return error instanceof WechatApiError && CREDENTIAL_ERRCODES.includes(error.errcode)
}
