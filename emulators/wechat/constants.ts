/**
 * Protocol constants of the WeChat emulator: header names, message windows,
 * lifetimes and the notify retry schedule, each stated once.
 */

/** Prefix of the emulator-only JSON controls. */
export const CONTROL_PREFIX = '/__emulator/v1'
/** Prefix of the emulator's HTML pages (consent, QR confirm, cashier). */
export const PAGE_PREFIX = '/__emulator'

/** WeChat Pay response and notify headers (Node lower-cases incoming ones). */
export const WechatpayHeaders = {
  timestamp: 'Wechatpay-Timestamp',
  nonce: 'Wechatpay-Nonce',
  signature: 'Wechatpay-Signature',
  serial: 'Wechatpay-Serial',
  signatureType: 'Wechatpay-Signature-Type',
  requestId: 'Request-ID',
} as const

/** The only Authorization scheme and signature type of APIv3. */
export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048'
/** Allowed distance between a signed timestamp and now. */
export const SIGNATURE_WINDOW_SECONDS = 300
/** A signature with this prefix is WeChat Pay's deliberate probe. */
export const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/'
export const AES_GCM_ALGORITHM = 'AEAD_AES_256_GCM'
export const PUBLIC_KEY_ID_PREFIX = 'PUB_KEY_ID_'

/** Login, OAuth and phone codes: 5 minutes, single use. */
export const CODE_TTL_SECONDS = 300
export const ACCESS_TOKEN_TTL_SECONDS = 7200
/** stable_token hands out a new token this long before the old one expires. */
export const STABLE_TOKEN_EARLY_RENEW_SECONDS = 300
export const FORCE_REFRESH_DAILY_LIMIT = 20
export const FORCE_REFRESH_MIN_INTERVAL_SECONDS = 30
export const OAUTH_REFRESH_TOKEN_TTL_SECONDS = 30 * 86400
export const JSAPI_TICKET_TTL_SECONDS = 7200
/** OAuth `state` limit from the 网页授权 documentation. */
export const OAUTH_STATE_MAX_BYTES = 128

/** A prepay_id (and code_url / h5_url) can be paid for 2 hours. */
export const PREPAY_TTL_SECONDS = 7200
/** time_expire must be at least this far ahead when ordering. */
export const TIME_EXPIRE_MIN_AHEAD_SECONDS = 60
/** Delay before a PROCESSING refund settles, scaled by timeFactor like the retry schedule. */
export const REFUND_SETTLE_SECONDS = 1
/** 申请退款: at most 50 refunds per paid order. */
export const MAX_REFUNDS_PER_ORDER = 50
/** 申请退款: orders paid more than 365 days ago cannot be refunded. */
export const REFUND_WINDOW_DAYS = 365
/** 申请退款: refunds of one order must be requested at least 1 minute apart (default rule). */
export const REFUND_MIN_INTERVAL_SECONDS = 60
/** 关闭订单: the docs advise waiting 5 minutes after ordering before closing (not enforced by default). */
export const CLOSE_ADVISED_MIN_AGE_SECONDS = 300
/** 申请交易账单: the previous day's bill is ready from 10:00 Beijing time. */
export const TRADE_BILL_READY_HOUR = 10
/** 申请交易账单: only bills of the last three months can be applied for. */
export const TRADE_BILL_MAX_AGE_MONTHS = 3
/** download_url lifetime: 30 s in the older docs, 5 min in the current ones; the stricter is used. */
export const BILL_DOWNLOAD_TTL_SECONDS = 30
/** The fee rate the emulator's bills charge (the common 0.6 %), in thousandths. */
export const BILL_FEE_RATE_PER_MILLE = 6

/** WeChat Pay's retry schedule after an unanswered notify (about 24 h in all). */
export const NOTIFY_RETRY_SCHEDULE_SECONDS: readonly number[] = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
]
/** The merchant must answer a notify within this time. */
export const NOTIFY_ANSWER_TIMEOUT_MS = 5000

/** Browser cookie naming the simulated user on the OAuth and cashier pages. */
export const BROWSER_USER_COOKIE = 'wxemu_user'
export const DEFAULT_BROWSER_USER = 'alice'

/** Query parameters whose values never reach the call log. */
export const REDACTED_QUERY_KEYS: readonly string[] = [
  'secret', 'access_token', 'refresh_token', 'code', 'js_code', 'signature', 'ticket', 'token',
]
