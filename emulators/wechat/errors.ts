import { randomHex } from './random'

/**
 * Production-shaped errors. api.weixin.qq.com answers `{ errcode, errmsg }`
 * with HTTP 200 and a `rid` in the message; APIv3 answers an HTTP status with
 * `{ code, message, detail? }`. Messages never carry keys, tokens or bodies.
 */

/** errmsg texts of api.weixin.qq.com, by errcode. */
export const WX_ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40030: 'invalid refresh_token',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'high risk user, login blocked',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41009: 'missing openid',
  42001: 'access_token expired',
  42002: 'refresh_token expired',
  43004: 'require POST method',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit mustslower retry next minute',
  47001: 'data format error',
  44990: 'reach max api frequency limit',
  48001: 'api unauthorized',
  87008: 'invalid sig_method',
  87009: 'invalid signature',
}

/** The body of an api.weixin.qq.com failure. */
export interface WxErrorBody {
  errcode: number
  errmsg: string
}

/** A `rid` as WeChat appends it: three dash-separated hex groups. */
export function newRid(): string {
  return `${randomHex(8)}-${randomHex(8)}-${randomHex(8)}`
}

/** `{ errcode, errmsg: "<text>, rid: …" }`. */
export function wxErrorBody(errcode: number, errmsg?: string): WxErrorBody {
  return { errcode, errmsg: `${errmsg ?? WX_ERRMSG[errcode] ?? 'unknown error'}, rid: ${newRid()}` }
}

/** Thrown by api.weixin.qq.com operations; answered as HTTP 200 `{ errcode, errmsg }`. */
export class WxApiError extends Error {
  constructor(readonly errcode: number, errmsg?: string) {
    super(errmsg ?? WX_ERRMSG[errcode] ?? 'unknown error')
    this.name = 'WxApiError'
  }

  /** The production-shaped body. */
  body(): WxErrorBody {
    return wxErrorBody(this.errcode, this.message)
  }
}

/** HTTP statuses of the APIv3 error codes the emulator answers. */
export const WXPAY_STATUS: Readonly<Record<string, number>> = {
  PARAM_ERROR: 400,
  INVALID_REQUEST: 400,
  APPID_MCHID_NOT_MATCH: 400,
  MCH_NOT_EXISTS: 400,
  ORDER_CLOSED: 400,
  ORDERPAID: 400,
  OPENID_MISMATCH: 400,
  SIGN_ERROR: 401,
  NO_AUTH: 403,
  OUT_TRADE_NO_USED: 403,
  NOT_ENOUGH: 403,
  RULE_LIMIT: 403,
  TRADE_ERROR: 403,
  USER_ACCOUNT_ABNORMAL: 403,
  NO_STATEMENT_EXIST: 400,
  STATEMENT_CREATING: 400,
  ORDER_NOT_EXIST: 404,
  RESOURCE_NOT_EXISTS: 404,
  NOT_FOUND: 404,
  FREQUENCY_LIMITED: 429,
  SYSTEM_ERROR: 500,
}

/** Default messages for error codes used by faults. */
export const WXPAY_MESSAGE: Readonly<Record<string, string>> = {
  SYSTEM_ERROR: '系统错误',
  FREQUENCY_LIMITED: '频率超限',
  NO_AUTH: '商户无权限',
  INVALID_REQUEST: '无效请求',
  PARAM_ERROR: '参数错误',
  NOT_ENOUGH: '余额不足',
  USER_ACCOUNT_ABNORMAL: '退款请求失败',
  RULE_LIMIT: '业务规则限制',
  TRADE_ERROR: '交易错误',
  NO_STATEMENT_EXIST: '请求的账单文件不存在',
  STATEMENT_CREATING: '账单生成中',
}

/** The body of an APIv3 failure. */
export interface WxPayErrorBody {
  code: string
  message: string
  detail?: unknown
}

/** Thrown by APIv3 operations; answered with its HTTP status and `{ code, message, detail? }`. */
export class WxPayError extends Error {
  readonly status: number

  constructor(
    readonly code: string,
    message: string,
    readonly detail?: unknown,
    status?: number,
  ) {
    super(message)
    this.name = 'WxPayError'
    this.status = status ?? WXPAY_STATUS[code] ?? 400
  }

  /** The production-shaped body. */
  body(): WxPayErrorBody {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail }
  }
}

/** A PARAM_ERROR naming the field as APIv3 does (`/body/out_trade_no`). */
export function paramError(field: string, issue: string, value?: unknown): WxPayError {
  return new WxPayError('PARAM_ERROR', `输入源“/body${field}”映射到值字段校验失败：${issue}`, {
    location: 'body',
    field,
    ...(value === undefined ? {} : { value }),
    issue,
  })
}
