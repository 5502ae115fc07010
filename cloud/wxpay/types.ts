/**
 * Shared types of the protocol core. Request and response bodies use WeChat
 * Pay's own wire field names (snake_case), so they read like its documentation.
 * Every amount is an integer number of fen.
 */

/** Milliseconds since the epoch. Injected everywhere; tests pass a fixed clock. */
export type Clock = () => number

/** A fresh nonce string per call (CSPRNG by default). */
export type NonceSource = () => string

/** Amount of an order: `total` in integer fen. */
export interface OrderAmount {
  total: number
  currency?: 'CNY'
}

/** Fields common to JSAPI, H5 and Native orders. `mchid` is always the client's own. */
export interface OrderRequestBase {
  /** Defaults to the client's appId. */
  appid?: string
  /** At most 127 characters. */
  description: string
  /** 6–32 of `[0-9A-Za-z_\-|*]`, unique per merchant. */
  out_trade_no: string
  /** RFC 3339, at least one minute ahead. */
  time_expire?: string
  /** At most 128 characters, echoed in the notify. */
  attach?: string
  /** Defaults to the client's notifyUrl. */
  notify_url?: string
  goods_tag?: string
  amount: OrderAmount
}

/** `POST /v3/pay/transactions/jsapi` (mini program and WeChat browser). */
export interface JsapiOrderRequest extends OrderRequestBase {
  payer: { openid: string }
}

/** `POST /v3/pay/transactions/h5` (mobile browser outside WeChat). */
export interface H5OrderRequest extends OrderRequestBase {
  scene_info: {
    payer_client_ip: string
    device_id?: string
    h5_info: { type: 'Wap' | 'iOS' | 'Android'; app_name?: string; app_url?: string }
  }
}

/** `POST /v3/pay/transactions/native` (desktop QR code). */
export interface NativeOrderRequest extends OrderRequestBase {
  scene_info?: { payer_client_ip: string; device_id?: string }
}

export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR'

/** A transaction as answered by the query API and carried (decrypted) by TRANSACTION.SUCCESS. */
export interface Transaction {
  appid: string
  mchid: string
  out_trade_no: string
  transaction_id?: string
  trade_type?: 'JSAPI' | 'NATIVE' | 'APP' | 'MICROPAY' | 'MWEB' | 'FACEPAY'
  trade_state: TradeState
  trade_state_desc?: string
  bank_type?: string
  attach?: string
  success_time?: string
  payer?: { openid: string }
  amount?: { total: number; payer_total?: number; currency?: string; payer_currency?: string }
}

/** `POST /v3/refund/domestic/refunds`: one of out_trade_no / transaction_id. */
export interface RefundRequest {
  out_trade_no?: string
  transaction_id?: string
  out_refund_no: string
  reason?: string
  /** Defaults to the client's refundNotifyUrl when it has one. */
  notify_url?: string
  amount: { refund: number; total: number; currency?: 'CNY' }
}

export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL'

/** A refund as answered by the refund APIs. */
export interface Refund {
  refund_id: string
  out_refund_no: string
  transaction_id: string
  out_trade_no: string
  channel?: string
  user_received_account?: string
  success_time?: string
  create_time?: string
  status: RefundStatus
  amount: { total: number; refund: number; payer_total?: number; payer_refund?: number; currency?: string }
}

/** The decrypted resource of REFUND.* notifies. */
export interface RefundNotifyResource {
  mchid: string
  out_trade_no: string
  transaction_id: string
  out_refund_no: string
  refund_id: string
  refund_status: RefundStatus
  success_time?: string
  user_received_account?: string
  amount: { total: number; refund: number; payer_total: number; payer_refund: number }
}

/** The encrypted part of a notify or certificate. */
export interface EncryptedResource {
  algorithm: string
  ciphertext: string
  associated_data?: string
  nonce: string
  original_type?: string
}

export type NotifyEventType = 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED'

/** A notify body as WeChat Pay posts it. */
export interface NotifyEvent {
  id: string
  create_time: string
  event_type: NotifyEventType | (string & {})
  resource_type: string
  summary: string
  resource: EncryptedResource
}

/** What `wx.requestPayment` / `uni.requestPayment` need. */
export interface RequestPaymentParams {
  appId: string
  timeStamp: string
  nonceStr: string
  package: string
  signType: 'RSA'
  paySign: string
}

/** The bill types of 申请交易账单. */
export type TradeBillType = 'ALL' | 'SUCCESS' | 'REFUND' | 'RECHARGE_REFUND' | 'ALL_SPECIAL' | 'SUC_SPECIAL' | 'REF_SPECIAL'

/** `GET /v3/bill/tradebill`: the bill of one day (Beijing time), at most three months back. */
export interface TradeBillRequest {
  /** `yyyy-MM-DD`. */
  bill_date: string
  /** Default ALL. */
  bill_type?: TradeBillType
  /** GZIP: the file is gzipped (hash_value stays the digest of the uncompressed file). Default: uncompressed. */
  tar_type?: 'GZIP'
}

/** The answer of 申请交易账单: where to download the file and its digest. */
export interface BillDownloadInfo {
  /** `SHA1`. */
  hash_type: string
  /** Hex digest of the original (uncompressed) file. */
  hash_value: string
  /** Valid for a few minutes (30 s in the older docs). */
  download_url: string
}
