import { AUTH_SCHEMA } from './constants'

/**
 * The exact texts WeChat Pay signs and verifies, as pure functions kept apart
 * from the crypto, so golden tests can pin them byte for byte.
 */

/** What a merchant request signature covers. */
export interface RequestMessageParts {
  method: string
  /** Path plus query exactly as sent, e.g. `/v3/pay/transactions/out-trade-no/A1?mchid=1900000000`. */
  pathWithQuery: string
  /** Unix seconds. */
  timestamp: number | string
  nonce: string
  /** The exact body sent; empty for GET. */
  body?: string
}

/** `METHOD\nPATH_WITH_QUERY\nTIMESTAMP\nNONCE\nBODY\n` */
export function buildRequestMessage({ method, pathWithQuery, timestamp, nonce, body = '' }: RequestMessageParts): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`
}

/** What a response or notify signature covers. */
export interface ResponseMessageParts {
  timestamp: number | string
  nonce: string
  /** The raw body as received, never re-serialised. */
  body: string
}

/** `TIMESTAMP\nNONCE\nBODY\n` */
export function buildResponseMessage({ timestamp, nonce, body }: ResponseMessageParts): string {
  return `${timestamp}\n${nonce}\n${body}\n`
}

/** What `paySign` of wx.requestPayment covers. */
export interface PaySignMessageParts {
  appId: string
  timeStamp: string
  nonceStr: string
  /** `prepay_id=…` */
  package: string
}

/** `appId\ntimeStamp\nnonceStr\npackage\n` */
export function buildPaySignMessage({ appId, timeStamp, nonceStr, package: pkg }: PaySignMessageParts): string {
  return `${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`
}

/** The fields of a merchant Authorization header. */
export interface AuthorizationParts {
  mchId: string
  nonce: string
  signature: string
  timestamp: number | string
  /** Serial number of the merchant API certificate. */
  serialNo: string
}

/** `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"` */
export function buildAuthorization({ mchId, nonce, signature, timestamp, serialNo }: AuthorizationParts): string {
  return `${AUTH_SCHEMA} mchid="${mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${serialNo}"`
}
