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
