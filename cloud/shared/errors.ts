/**
 * The one error family of the cloud side. Codes are stable strings the client
 * can switch on; messages are short English text for developers. Neither ever
 * carries a key, a token, a request body or a stack trace.
 */
export const ErrorCodes = {
  PARAM_INVALID: 'PARAM_INVALID',
  METHOD_NOT_FOUND: 'METHOD_NOT_FOUND',
  CONFIG_INVALID: 'CONFIG_INVALID',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  UPSTREAM_UNREACHABLE: 'UPSTREAM_UNREACHABLE',
  TOKEN_MISSING: 'TOKEN_MISSING',
  TOKEN_INVALID: 'TOKEN_INVALID',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  RATE_LIMITED: 'RATE_LIMITED',
  WX_CODE_INVALID: 'WX_CODE_INVALID',
  WX_CODE_USED: 'WX_CODE_USED',
  LOGIN_CODE_USED: 'LOGIN_CODE_USED',
  WX_RATE_LIMITED: 'WX_RATE_LIMITED',
  WX_USER_BLOCKED: 'WX_USER_BLOCKED',
  WX_UPSTREAM_BUSY: 'WX_UPSTREAM_BUSY',
  WX_UPSTREAM_ERROR: 'WX_UPSTREAM_ERROR',
  OAUTH_STATE_INVALID: 'OAUTH_STATE_INVALID',
  PHONE_CODE_USED: 'PHONE_CODE_USED',
  SESSION_KEY_STALE: 'SESSION_KEY_STALE',
  OPEN_DATA_INVALID: 'OPEN_DATA_INVALID',
  OPEN_DATA_EXPIRED: 'OPEN_DATA_EXPIRED',
  PRODUCT_NOT_FOUND: 'PRODUCT_NOT_FOUND',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  ORDER_NOT_PAYABLE: 'ORDER_NOT_PAYABLE',
  ORDER_NOT_REFUNDABLE: 'ORDER_NOT_REFUNDABLE',
  TOO_MANY_UNPAID_ORDERS: 'TOO_MANY_UNPAID_ORDERS',
  PAYER_OPENID_MISSING: 'PAYER_OPENID_MISSING',
  WXPAY_UPSTREAM_ERROR: 'WXPAY_UPSTREAM_ERROR',
  WXPAY_SIGNATURE_INVALID: 'WXPAY_SIGNATURE_INVALID',
  WXPAY_NOTIFY_INVALID: 'WXPAY_NOTIFY_INVALID',
  RECEIPT_UNAVAILABLE: 'RECEIPT_UNAVAILABLE',
  FILE_NOT_FOUND: 'FILE_NOT_FOUND',
  MERCHANT_ONLY: 'MERCHANT_ONLY',
  ORDER_EXPIRED: 'ORDER_EXPIRED',
  PAY_CHANNEL_SWITCH_UNAVAILABLE: 'PAY_CHANNEL_SWITCH_UNAVAILABLE',
  REFUND_NOT_FOUND: 'REFUND_NOT_FOUND',
  REFUND_NOT_PENDING: 'REFUND_NOT_PENDING',
  REFUND_REQUEST_PENDING: 'REFUND_REQUEST_PENDING',
  REFUND_EXCEEDS_REMAINING: 'REFUND_EXCEEDS_REMAINING',
  REFUND_LIMIT_REACHED: 'REFUND_LIMIT_REACHED',
  REFUND_WINDOW_CLOSED: 'REFUND_WINDOW_CLOSED',
  SHIPPING_NOT_APPLICABLE: 'SHIPPING_NOT_APPLICABLE',
  SHIPPING_BUSY: 'SHIPPING_BUSY',
  SHIPPING_NOT_RETRYABLE: 'SHIPPING_NOT_RETRYABLE',
  SHIPPING_CONTACT_REQUIRED: 'SHIPPING_CONTACT_REQUIRED',
  SHIPPING_CARRIER_UNKNOWN: 'SHIPPING_CARRIER_UNKNOWN',
  SHIPPING_CORRECTION_USED: 'SHIPPING_CORRECTION_USED',
  SHIPPING_ALREADY_COMPLETED: 'SHIPPING_ALREADY_COMPLETED',
  SHIPPING_NOT_SHIPPABLE: 'SHIPPING_NOT_SHIPPABLE',
  SHIPPING_PAYER_MISMATCH: 'SHIPPING_PAYER_MISMATCH',
  SHIPPING_TRADE_NOT_FOUND: 'SHIPPING_TRADE_NOT_FOUND',
  SHIPPING_INFO_REJECTED: 'SHIPPING_INFO_REJECTED',
  SHIPPING_NOT_SHIPPED: 'SHIPPING_NOT_SHIPPED',
  SHIPPING_REMINDER_USED: 'SHIPPING_REMINDER_USED',
  SHIPPING_REMINDER_EXPRESS_ONLY: 'SHIPPING_REMINDER_EXPRESS_ONLY',
  EXPORT_TOO_LARGE: 'EXPORT_TOO_LARGE',
} as const

/** A stable error code. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes]

/** An error with a stable code, safe to answer to a client. */
export class CloudError extends Error {
  readonly code: ErrorCode
  /** Extra, non-secret facts for the client (for example which fields failed). */
  readonly detail?: unknown

  constructor(code: ErrorCode, message: string, detail?: unknown) {
    super(message)
    this.name = 'CloudError'
    this.code = code
    this.detail = detail
  }
}

/** The failure answer uniCloud's client SDK turns into a thrown UniCloudError. */
export interface FailureAnswer {
  errCode: ErrorCode
  errMsg: string
  detail?: unknown
}

/**
 * Turn anything thrown into a safe answer. Unknown errors become INTERNAL_ERROR
 * with a fixed message: their text may hold upstream bodies or secrets.
 */
export function toFailureAnswer(error: unknown): FailureAnswer {
  if (error instanceof CloudError) {
    const answer: FailureAnswer = { errCode: error.code, errMsg: error.message }
    if (error.detail !== undefined) answer.detail = error.detail
    return answer
  }
  return { errCode: ErrorCodes.INTERNAL_ERROR, errMsg: 'internal error' }
}
