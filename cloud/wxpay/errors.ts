import { CloudError, type ErrorCode } from '../shared/errors'
import type { HttpResponse } from '../shared/http'

/**
 * The one error family of the WeChat Pay protocol core. Codes are stable
 * strings; messages never carry keys, bodies, signatures or tokens. What
 * WeChat Pay said about a failed call is kept apart in `upstreamMessage`, for
 * logs, because it can quote request values.
 */
export const WxpayErrorCodes = {
  /** A required Wechatpay-* header is absent or empty. */
  HEADER_MISSING: 'HEADER_MISSING',
  /** A header is present but malformed (e.g. a non-numeric timestamp). */
  HEADER_INVALID: 'HEADER_INVALID',
  /** |now − Wechatpay-Timestamp| is over the window. */
  TIMESTAMP_EXPIRED: 'TIMESTAMP_EXPIRED',
  /** A WECHATPAY/SIGNTEST/ probe signature. */
  SIGNTEST: 'SIGNTEST',
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  /** No key for this Wechatpay-Serial, even after a certificate refresh. */
  SERIAL_UNKNOWN: 'SERIAL_UNKNOWN',
  ALGORITHM_UNSUPPORTED: 'ALGORITHM_UNSUPPORTED',
  DECRYPT_FAILED: 'DECRYPT_FAILED',
  /** A notify whose envelope or decrypted resource is not the documented JSON. */
  NOTIFY_MALFORMED: 'NOTIFY_MALFORMED',
  /** A body handed over as something other than the raw string received. */
  BODY_NOT_RAW: 'BODY_NOT_RAW',
  /** A key or credential that cannot be used. */
  KEY_INVALID: 'KEY_INVALID',
  /** A request rejected locally before it was sent (e.g. a non-integer amount). */
  REQUEST_INVALID: 'REQUEST_INVALID',
  /** WeChat Pay answered with an error status. */
  UPSTREAM_ERROR: 'UPSTREAM_ERROR',
  /** A verified 2xx answer that is not the expected JSON. */
  RESPONSE_MALFORMED: 'RESPONSE_MALFORMED',
  TIMEOUT: 'TIMEOUT',
  NETWORK_ERROR: 'NETWORK_ERROR',
} as const

/** A stable protocol error code. */
export type WxpayErrorCode = (typeof WxpayErrorCodes)[keyof typeof WxpayErrorCodes]

/** Non-secret facts attached to an upstream error. */
export interface UpstreamFacts {
  /** HTTP status of WeChat Pay's answer. */
  status?: number
  /** WeChat Pay's `code`, e.g. `PARAM_ERROR`, `SYSTEM_ERROR`. */
  wechatCode?: string
  /** WeChat Pay's `message`, for logs only: it may quote request values. */
  upstreamMessage?: string
  /** The `Request-ID` header, to quote to WeChat Pay support. */
  requestId?: string
}

/** An error of the protocol core. */
export class WxpayError extends Error {
  readonly code: WxpayErrorCode
  readonly status?: number
  readonly wechatCode?: string
  readonly upstreamMessage?: string
  readonly requestId?: string

  constructor(code: WxpayErrorCode, message: string, facts: UpstreamFacts = {}) {
    super(message)
    this.name = 'WxpayError'
    this.code = code
    if (facts.status !== undefined) this.status = facts.status
    if (facts.wechatCode !== undefined) this.wechatCode = facts.wechatCode
    if (facts.upstreamMessage !== undefined) this.upstreamMessage = facts.upstreamMessage
    if (facts.requestId !== undefined) this.requestId = facts.requestId
  }
}

/** True when `error` is a WxpayError, optionally with one of the given codes. */
export function isWxpayError(error: unknown, ...codes: WxpayErrorCode[]): error is WxpayError {
  return error instanceof WxpayError && (codes.length === 0 || codes.includes(error.code))
}

const CLOUD_CODES: Record<WxpayErrorCode, ErrorCode> = {
  HEADER_MISSING: 'WXPAY_SIGNATURE_INVALID',
  HEADER_INVALID: 'WXPAY_SIGNATURE_INVALID',
  TIMESTAMP_EXPIRED: 'WXPAY_SIGNATURE_INVALID',
  SIGNTEST: 'WXPAY_SIGNATURE_INVALID',
  SIGNATURE_INVALID: 'WXPAY_SIGNATURE_INVALID',
  SERIAL_UNKNOWN: 'WXPAY_SIGNATURE_INVALID',
  ALGORITHM_UNSUPPORTED: 'WXPAY_NOTIFY_INVALID',
  DECRYPT_FAILED: 'WXPAY_NOTIFY_INVALID',
  NOTIFY_MALFORMED: 'WXPAY_NOTIFY_INVALID',
  BODY_NOT_RAW: 'INTERNAL_ERROR',
  KEY_INVALID: 'CONFIG_INVALID',
  REQUEST_INVALID: 'PARAM_INVALID',
  UPSTREAM_ERROR: 'WXPAY_UPSTREAM_ERROR',
  RESPONSE_MALFORMED: 'WXPAY_UPSTREAM_ERROR',
  TIMEOUT: 'WXPAY_UPSTREAM_ERROR',
  NETWORK_ERROR: 'WXPAY_UPSTREAM_ERROR',
}

/**
 * The cloud-side error for a protocol error: the protocol code, HTTP status
 * and WeChat code go into `detail`; the upstream message does not.
 */
export function toCloudError(error: WxpayError): CloudError {
  const detail: Record<string, unknown> = { wxpayCode: error.code }
  if (error.status !== undefined) detail.status = error.status
  if (error.wechatCode !== undefined) detail.wechatCode = error.wechatCode
  return new CloudError(CLOUD_CODES[error.code], error.message, detail)
}

/**
 * The error for a non-2xx WeChat Pay answer, from its `{ code, message }`
 * body when it has one (gateways may answer with HTML or nothing).
 */
export function upstreamError(response: HttpResponse): WxpayError {
  const facts: UpstreamFacts = { status: response.status }
  const requestId = response.headers['request-id']
  if (requestId) facts.requestId = requestId
  try {
    const body: unknown = JSON.parse(response.body)
    if (typeof body === 'object' && body !== null) {
      const { code, message } = body as { code?: unknown; message?: unknown }
      // Codes are UPPER_SNAKE; anything else is not quoted into a message.
      if (typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code)) facts.wechatCode = code
      if (typeof message === 'string') facts.upstreamMessage = message
    }
  } catch {
    // not JSON: status alone
  }
  const what = facts.wechatCode ? `${response.status} ${facts.wechatCode}` : String(response.status)
  return new WxpayError('UPSTREAM_ERROR', `WeChat Pay answered ${what}`, facts)
}
