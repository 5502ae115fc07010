/**
 * The fixed facts of WeChat Pay APIv3 that the protocol core relies on, in one
 * place: header names, the signature schema, the replay window, paths.
 */

/** The Authorization schema and the only signature type WeChat Pay uses. */
export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048'

/** The only notify/certificate encryption algorithm. */
export const AES_GCM_ALGORITHM = 'AEAD_AES_256_GCM'

/** Responses and notifies older or newer than this (seconds) are rejected. */
export const TIMESTAMP_WINDOW_SECONDS = 300

/** Signatures starting with this are deliberate probes and must fail verification. */
export const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/'

/** The id prefix of a WeChat Pay public key (as opposed to a platform certificate serial). */
export const PUBLIC_KEY_ID_PREFIX = 'PUB_KEY_ID_'

/** Unknown certificate serials trigger at most one certificate download per this interval. */
export const CERTIFICATE_REFRESH_INTERVAL_MS = 60_000

/** The production API host. */
export const DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com'

/** Request header names (as sent). */
export const RequestHeaders = {
  Authorization: 'Authorization',
  Accept: 'Accept',
  ContentType: 'Content-Type',
  UserAgent: 'User-Agent',
  WechatpaySerial: 'Wechatpay-Serial',
} as const

/** Response and notify header names, lower-case as HttpClient delivers them. */
export const ResponseHeaders = {
  Timestamp: 'wechatpay-timestamp',
  Nonce: 'wechatpay-nonce',
  Signature: 'wechatpay-signature',
  Serial: 'wechatpay-serial',
  SignatureType: 'wechatpay-signature-type',
  RequestId: 'request-id',
} as const

export const JSON_CONTENT_TYPE = 'application/json'
export const USER_AGENT = 'uni-wx-kit/0.1 (wechatpay-apiv3)'

/** API paths; path parameters are percent-encoded here, so the signed path is the sent path. */
export const Paths = {
  jsapiOrder: '/v3/pay/transactions/jsapi',
  h5Order: '/v3/pay/transactions/h5',
  nativeOrder: '/v3/pay/transactions/native',
  queryByOutTradeNo: (outTradeNo: string, mchId: string) =>
    `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(mchId)}`,
  closeOrder: (outTradeNo: string) => `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`,
  refunds: '/v3/refund/domestic/refunds',
  queryRefund: (outRefundNo: string) => `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`,
  certificates: '/v3/certificates',
  /** 申请交易账单: `bill_date` (yyyy-MM-DD), `bill_type`, `tar_type`, in that order. */
  tradeBill: (query: { bill_date: string; bill_type?: string; tar_type?: string }) => {
    const params = new URLSearchParams({ bill_date: query.bill_date })
    if (query.bill_type) params.set('bill_type', query.bill_type)
    if (query.tar_type) params.set('tar_type', query.tar_type)
    return `/v3/bill/tradebill?${params.toString()}`
  },
} as const

/** Hosts a bill download_url may point at besides the configured API host (WeChat Pay's own domains). */
export const BILL_DOWNLOAD_HOST_SUFFIX = '.mch.weixin.qq.com'
