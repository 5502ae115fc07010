import { randomBytes } from 'node:crypto'
import { HttpError, withRetry, type HttpClient, type HttpMethod, type HttpResponse } from '../shared/http'
import { BILL_DOWNLOAD_HOST_SUFFIX, DEFAULT_BASE_URL, JSON_CONTENT_TYPE, Paths, RequestHeaders, USER_AGENT } from './constants'
import { WxpayError, isWxpayError, upstreamError } from './errors'
import { buildAuthorization, buildPaySignMessage, buildRequestMessage } from './messages'
import type { Signer } from './rsa-signer'
import type {
  BillDownloadInfo,
  Clock,
  H5OrderRequest,
  JsapiOrderRequest,
  NativeOrderRequest,
  NonceSource,
  OrderRequestBase,
  Refund,
  RefundRequest,
  RequestPaymentParams,
  TradeBillRequest,
  Transaction,
} from './types'
import type { ValidatedSignature, WechatPayValidator } from './validator'

/** A nonce from the CSPRNG: 32 upper-case hex characters. */
export function randomNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase()
}

/** How failed idempotent calls are retried. */
export interface ClientRetryPolicy {
  /** Extra attempts after the first (default 2, so 3 calls at most). */
  retries: number
  baseDelayMs: number
  maxDelayMs?: number
}

/** Everything the client needs; clock, nonce, sleep and jitter are injectable. */
export interface WechatPayClientOptions {
  mchId: string
  /** Default appid of orders and of requestPayment params. */
  appId?: string
  signer: Signer
  /** Validates every 2xx response (signature, window, SIGNTEST). */
  validator: WechatPayValidator
  http: HttpClient
  /** Defaults to https://api.mch.weixin.qq.com (the emulator passes its own). */
  baseUrl?: string
  /** Set in public-key mode: sent as Wechatpay-Serial. */
  publicKeyId?: string
  notifyUrl?: string
  refundNotifyUrl?: string
  now?: Clock
  nonce?: NonceSource
  timeoutMs?: number
  retry?: ClientRetryPolicy
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

/** One API call. `body` is serialised once; those exact bytes are signed and sent. */
export interface ApiRequest {
  method: HttpMethod
  /** Path with query, percent-encoded as it must be sent. */
  path: string
  body?: unknown
  /**
   * Safe to repeat with the same parameters (WeChat Pay deduplicates on the
   * merchant's out_trade_no / out_refund_no). Defaults to true for GET only.
   */
  idempotent?: boolean
}

/** A verified answer. */
export interface ApiResponse<T> {
  status: number
  /** Parsed JSON body; undefined for 204. */
  data: T
  signature: ValidatedSignature
}

const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/
const BILL_DATE = /^\d{4}-\d{2}-\d{2}$/
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/

function requireFen(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new WxpayError('REQUEST_INVALID', `${field} must be a positive integer number of fen`)
  }
}

function checkOrder(order: OrderRequestBase): void {
  if (typeof order.out_trade_no !== 'string' || !OUT_TRADE_NO.test(order.out_trade_no)) {
    throw new WxpayError('REQUEST_INVALID', 'out_trade_no must be 6-32 of [0-9A-Za-z_-|*]')
  }
  if (typeof order.description !== 'string' || order.description.length === 0 || order.description.length > 127) {
    throw new WxpayError('REQUEST_INVALID', 'description must be 1-127 characters')
  }
  if (order.attach !== undefined && order.attach.length > 128) {
    throw new WxpayError('REQUEST_INVALID', 'attach must be at most 128 characters')
  }
  requireFen(order.amount?.total, 'amount.total')
}

/** WeChat asks to retry these with the same parameters; nothing else is retried. */
export function isRetryable(error: unknown): boolean {
  if (!isWxpayError(error)) return false
  if (error.code === 'TIMEOUT') return true
  if (error.code !== 'UPSTREAM_ERROR') return false
  return error.status === 429 || (error.status === 500 && error.wechatCode === 'SYSTEM_ERROR')
}

/**
 * The WeChat Pay APIv3 client: signs each request (fresh timestamp and nonce
 * per attempt), verifies each success response, turns `{ code, message }`
 * errors into WxpayError, and retries only idempotent calls, only on 500
 * SYSTEM_ERROR, 429 and timeouts. Amounts are integer fen.
 */
export class WechatPayClient {
  readonly mchId: string
  readonly appId?: string
  readonly #signer: Signer
  readonly #validator: WechatPayValidator
  readonly #http: HttpClient
  readonly #baseUrl: string
  readonly #publicKeyId?: string
  readonly #notifyUrl?: string
  readonly #refundNotifyUrl?: string
  readonly #now: Clock
  readonly #nonce: NonceSource
  readonly #timeoutMs: number
  readonly #retry: ClientRetryPolicy
  readonly #sleep?: (ms: number) => Promise<void>
  readonly #random?: () => number

  constructor(options: WechatPayClientOptions) {
    this.mchId = options.mchId
    this.appId = options.appId
    this.#signer = options.signer
    this.#validator = options.validator
    this.#http = options.http
    this.#baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '')
    this.#publicKeyId = options.publicKeyId
    this.#notifyUrl = options.notifyUrl
    this.#refundNotifyUrl = options.refundNotifyUrl
    this.#now = options.now ?? Date.now
    this.#nonce = options.nonce ?? randomNonce
    this.#timeoutMs = options.timeoutMs ?? 10_000
    this.#retry = options.retry ?? { retries: 2, baseDelayMs: 200 }
    this.#sleep = options.sleep
    this.#random = options.random
  }

  /**
   * Send one signed request and return the raw answer, unverified. Used by
   * `request` and by the certificate download (which verifies on its own).
   */
  async sendSigned(method: HttpMethod, path: string, body = ''): Promise<HttpResponse> {
    return this.#send(this.#baseUrl, method, path, body, 'text')
  }

  async #send(origin: string, method: HttpMethod, path: string, body: string, responseType: 'text' | 'bytes'): Promise<HttpResponse> {
    const timestamp = Math.floor(this.#now() / 1000)
    const nonce = this.#nonce()
    const signature = this.#signer.sign(buildRequestMessage({ method, pathWithQuery: path, timestamp, nonce, body }))
    const headers: Record<string, string> = {
      [RequestHeaders.Authorization]: buildAuthorization({
        mchId: this.mchId,
        nonce,
        signature,
        timestamp,
        serialNo: this.#signer.serialNo,
      }),
      [RequestHeaders.Accept]: JSON_CONTENT_TYPE,
      [RequestHeaders.ContentType]: JSON_CONTENT_TYPE,
      [RequestHeaders.UserAgent]: USER_AGENT,
    }
    if (this.#publicKeyId) headers[RequestHeaders.WechatpaySerial] = this.#publicKeyId
    try {
      return await this.#http.request(`${origin}${path}`, {
        method,
        headers,
        ...(method === 'GET' ? {} : { body }),
        timeoutMs: this.#timeoutMs,
        ...(responseType === 'bytes' ? { responseType } : {}),
      })
    } catch (error) {
      if (error instanceof HttpError && error.failure === 'timeout') {
        throw new WxpayError('TIMEOUT', `WeChat Pay did not answer within ${this.#timeoutMs} ms`)
      }
      throw new WxpayError('NETWORK_ERROR', 'WeChat Pay could not be reached')
    }
  }

  /** Call the API: sign, send, verify, parse; retried per the policy when idempotent. */
  async request<T>({ method, path, body, idempotent = method === 'GET' }: ApiRequest): Promise<ApiResponse<T>> {
    const text = body === undefined || method === 'GET' ? '' : JSON.stringify(body)
    return withRetry(() => this.#attempt<T>(method, path, text), {
      retries: idempotent ? this.#retry.retries : 0,
      baseDelayMs: this.#retry.baseDelayMs,
      maxDelayMs: this.#retry.maxDelayMs,
      shouldRetry: isRetryable,
      sleep: this.#sleep,
      random: this.#random,
    })
  }

  async #attempt<T>(method: HttpMethod, path: string, body: string): Promise<ApiResponse<T>> {
    const response = await this.sendSigned(method, path, body)
    // Error answers are not verified (gateways send unsigned ones too): they
    // only ever make a call fail, never make one succeed.
    if (response.status < 200 || response.status >= 300) throw upstreamError(response)
    const signature = await this.#validator.validate(response.headers, response.body)
    let data: unknown
    if (response.body !== '') {
      try {
        data = JSON.parse(response.body)
      } catch {
        throw new WxpayError('RESPONSE_MALFORMED', 'WeChat Pay answered with a body that is not JSON')
      }
    }
    return { status: response.status, data: data as T, signature }
  }

  #orderBody<O extends OrderRequestBase>(order: O): O & { appid: string; mchid: string; notify_url: string } {
    checkOrder(order)
    const appid = order.appid ?? this.appId
    const notifyUrl = order.notify_url ?? this.#notifyUrl
    if (!appid) throw new WxpayError('REQUEST_INVALID', 'appid is required')
    if (!notifyUrl) throw new WxpayError('REQUEST_INVALID', 'notify_url is required')
    return {
      ...order,
      appid,
      mchid: this.mchId,
      notify_url: notifyUrl,
      amount: { ...order.amount, currency: order.amount.currency ?? 'CNY' },
    }
  }

  #expect<T>(data: T | undefined, field: keyof T & string): T {
    if (typeof data !== 'object' || data === null || typeof (data as Record<string, unknown>)[field] !== 'string') {
      throw new WxpayError('RESPONSE_MALFORMED', `WeChat Pay answer lacks ${field}`)
    }
    return data
  }

  /** JSAPI / mini program order → prepay_id (valid 2 h). Idempotent per out_trade_no. */
  async createJsapiOrder(order: JsapiOrderRequest): Promise<{ prepay_id: string }> {
    if (!order.payer?.openid) throw new WxpayError('REQUEST_INVALID', 'payer.openid is required')
    const body = this.#orderBody(order)
    const { data } = await this.request<{ prepay_id: string }>({ method: 'POST', path: Paths.jsapiOrder, body, idempotent: true })
    return this.#expect(data, 'prepay_id')
  }

  /** H5 order (mobile browser outside WeChat) → h5_url. */
  async createH5Order(order: H5OrderRequest): Promise<{ h5_url: string }> {
    if (!order.scene_info?.payer_client_ip) throw new WxpayError('REQUEST_INVALID', 'scene_info.payer_client_ip is required')
    const body = this.#orderBody(order)
    const { data } = await this.request<{ h5_url: string }>({ method: 'POST', path: Paths.h5Order, body, idempotent: true })
    return this.#expect(data, 'h5_url')
  }

  /** Native order (desktop QR code) → code_url. */
  async createNativeOrder(order: NativeOrderRequest): Promise<{ code_url: string }> {
    const body = this.#orderBody(order)
    const { data } = await this.request<{ code_url: string }>({ method: 'POST', path: Paths.nativeOrder, body, idempotent: true })
    return this.#expect(data, 'code_url')
  }

  /** Query an order by the merchant's out_trade_no. */
  async queryOrderByOutTradeNo(outTradeNo: string): Promise<Transaction> {
    if (!OUT_TRADE_NO.test(outTradeNo)) throw new WxpayError('REQUEST_INVALID', 'out_trade_no must be 6-32 of [0-9A-Za-z_-|*]')
    const { data } = await this.request<Transaction>({ method: 'GET', path: Paths.queryByOutTradeNo(outTradeNo, this.mchId) })
    return this.#expect(data, 'trade_state')
  }

  /** Close an unpaid order (204). Closing twice is harmless, so it is retried. */
  async closeOrder(outTradeNo: string): Promise<void> {
    if (!OUT_TRADE_NO.test(outTradeNo)) throw new WxpayError('REQUEST_INVALID', 'out_trade_no must be 6-32 of [0-9A-Za-z_-|*]')
    await this.request({ method: 'POST', path: Paths.closeOrder(outTradeNo), body: { mchid: this.mchId }, idempotent: true })
  }

  /** Create a refund. WeChat Pay refunds once per out_refund_no, so it is retried. */
  async createRefund(refund: RefundRequest): Promise<Refund> {
    if (!refund.out_trade_no === !refund.transaction_id) {
      throw new WxpayError('REQUEST_INVALID', 'exactly one of out_trade_no and transaction_id is required')
    }
    if (typeof refund.out_refund_no !== 'string' || !OUT_REFUND_NO.test(refund.out_refund_no)) {
      throw new WxpayError('REQUEST_INVALID', 'out_refund_no must be 1-64 of [0-9A-Za-z_-|*@]')
    }
    requireFen(refund.amount?.refund, 'amount.refund')
    requireFen(refund.amount?.total, 'amount.total')
    if (refund.amount.refund > refund.amount.total) throw new WxpayError('REQUEST_INVALID', 'amount.refund exceeds amount.total')
    const notifyUrl = refund.notify_url ?? this.#refundNotifyUrl
    const body: RefundRequest = {
      ...refund,
      ...(notifyUrl ? { notify_url: notifyUrl } : {}),
      amount: { ...refund.amount, currency: refund.amount.currency ?? 'CNY' },
    }
    const { data } = await this.request<Refund>({ method: 'POST', path: Paths.refunds, body, idempotent: true })
    return this.#expect(data, 'status')
  }

  /** Query a refund by out_refund_no. */
  async queryRefund(outRefundNo: string): Promise<Refund> {
    if (!OUT_REFUND_NO.test(outRefundNo)) throw new WxpayError('REQUEST_INVALID', 'out_refund_no must be 1-64 of [0-9A-Za-z_-|*@]')
    const { data } = await this.request<Refund>({ method: 'GET', path: Paths.queryRefund(outRefundNo) })
    return this.#expect(data, 'status')
  }

  /**
   * 申请交易账单: where the bill of `bill_date` can be downloaded, and its SHA1
   * (of the uncompressed file). A bill not made yet answers 400
   * STATEMENT_CREATING, a day without trades 400 NO_STATEMENT_EXIST (both
   * UPSTREAM_ERROR with that wechatCode).
   */
  async applyTradeBill(request: TradeBillRequest): Promise<BillDownloadInfo> {
    if (typeof request.bill_date !== 'string' || !BILL_DATE.test(request.bill_date)) throw new WxpayError('REQUEST_INVALID', 'bill_date must be yyyy-MM-DD')
    const { data } = await this.request<BillDownloadInfo>({ method: 'GET', path: Paths.tradeBill(request) })
    this.#expect(data, 'hash_value')
    return this.#expect(data, 'download_url')
  }

  /**
   * 下载账单: GET the download_url with a signed Authorization and answer the
   * file's bytes as received (gzip when applied for with tar_type GZIP). The
   * answer carries no WeChat Pay signature, so it is not verified here: the
   * caller checks the file against the signed hash_value before using it. The
   * URL must be WeChat Pay's (the configured API host, or a host under
   * mch.weixin.qq.com over https), so the signed request goes nowhere else.
   */
  async downloadBill(downloadUrl: string): Promise<Uint8Array> {
    const { origin, path } = this.#downloadTarget(downloadUrl)
    return withRetry(
      async () => {
        const response = await this.#send(origin, 'GET', path, '', 'bytes')
        const bytes = response.bytes ?? new Uint8Array(0)
        if (response.status < 200 || response.status >= 300) throw upstreamError({ ...response, body: Buffer.from(bytes).toString('utf8') })
        return bytes
      },
      { retries: this.#retry.retries, baseDelayMs: this.#retry.baseDelayMs, maxDelayMs: this.#retry.maxDelayMs, shouldRetry: isRetryable, sleep: this.#sleep, random: this.#random },
    )
  }

  #downloadTarget(downloadUrl: string): { origin: string; path: string } {
    let url: URL
    try {
      url = new URL(downloadUrl)
    } catch {
      throw new WxpayError('RESPONSE_MALFORMED', 'download_url is not a URL')
    }
    const onApiHost = url.origin === new URL(this.#baseUrl).origin
    const onWechatHost = url.protocol === 'https:' && url.hostname.endsWith(BILL_DOWNLOAD_HOST_SUFFIX)
    if (!onApiHost && !onWechatHost) throw new WxpayError('RESPONSE_MALFORMED', 'download_url is not on a WeChat Pay host')
    // The path and query exactly as WeChat Pay wrote them are what is signed and sent.
    return { origin: url.origin, path: `${url.pathname}${url.search}` }
  }

  /** The signed parameters of wx.requestPayment / uni.requestPayment for a prepay_id. */
  buildRequestPaymentParams({ appId = this.appId, prepayId }: { appId?: string; prepayId: string }): RequestPaymentParams {
    if (!appId) throw new WxpayError('REQUEST_INVALID', 'appId is required')
    if (!prepayId) throw new WxpayError('REQUEST_INVALID', 'prepayId is required')
    const timeStamp = String(Math.floor(this.#now() / 1000))
    const nonceStr = this.#nonce()
    const pkg = `prepay_id=${prepayId}`
    const paySign = this.#signer.sign(buildPaySignMessage({ appId, timeStamp, nonceStr, package: pkg }))
    return { appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign }
  }
}
