import { CloudError } from '../shared/errors'
import { HttpError, withRetry, type HttpClient, type HttpMethod } from '../shared/http'
import { WechatApiError } from './errors'

/**
 * A small client for the api.weixin.qq.com calls of the kit: the login side
 * and 小程序发货信息管理 (order shipping, docs/wechat-shipping-info.md). Each call
 * maps WeChat's errcode to a stable code (errors.ts); `-1`, timeouts, network
 * failures and 5xx are retried with exponential back-off and jitter, then
 * answered as WX_UPSTREAM_BUSY. URLs are never logged or put in errors: they
 * carry appsecrets, codes and access tokens.
 *
 * The access_token itself is managed by credential-cache.ts, which also does
 * the one forced refresh on 40001/42001.
 */

/** How the client reaches WeChat and how hard it retries. */
export interface WechatClientOptions {
  http: HttpClient
  /** `endpoints.weixinApi`, without a trailing slash. */
  baseUrl: string
  timeoutMs?: number
  /** Extra attempts after the first for retryable failures. */
  retries?: number
  baseDelayMs?: number
  maxDelayMs?: number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

/** jscode2session's answer. */
export interface Code2Session {
  openid: string
  sessionKey: string
  unionid?: string
}

/** An access_token with its lifetime. */
export interface AccessToken {
  accessToken: string
  expiresIn: number
}

/** The web OAuth code exchange (and refresh) answer. */
export interface OAuthAccessToken {
  accessToken: string
  expiresIn: number
  refreshToken: string
  openid: string
  scope: string
  unionid?: string
}

/** sns/userinfo. */
export interface OAuthUserInfo {
  openid: string
  nickname: string
  headimgurl: string
  unionid?: string
}

/** getuserphonenumber's phone_info. */
export interface PhoneInfo {
  phoneNumber: string
  purePhoneNumber: string
  countryCode: string
  watermark: { timestamp: number; appid: string }
}

/** A JS-SDK ticket with its lifetime. */
export interface Ticket {
  ticket: string
  expiresIn: number
}

/** How upload_shipping_info names a trade: 1 = mchid + out_trade_no, 2 = transaction_id. */
export type ShippingOrderKey =
  | { order_number_type: 1; mchid: string; out_trade_no: string }
  | { order_number_type: 2; transaction_id: string }

/** One package of upload_shipping_info's shipping_list. */
export interface ShippingPackage {
  /** Express (logistics_type 1) only. */
  tracking_no?: string
  /** A delivery_id of get_delivery_list; express only. */
  express_company?: string
  /** At most 120 characters. */
  item_desc: string
  /** Masked, the last four digits readable; required for SF (顺丰). */
  contact?: { consignor_contact?: string; receiver_contact?: string }
}

/** upload_shipping_info's body, with the field names of the docs. */
export interface ShippingInfoUpload {
  order_key: ShippingOrderKey
  /** 1 express, 2 same-city, 3 virtual goods, 4 self-pickup. */
  logistics_type: 1 | 2 | 3 | 4
  /** 1 unified (one package), 2 split. */
  delivery_mode: 1 | 2
  is_all_delivered?: boolean
  shipping_list: ShippingPackage[]
  /** RFC 3339, later than the previous upload's. */
  upload_time: string
  payer: { openid: string }
}

/** How get_order and notify_confirm_receive name a trade. */
export type ShippingTradeRef = { transactionId: string } | { merchantId: string; merchantTradeNo: string }

/** What the kit reads of get_order's `order`. */
export interface ShippingOrder {
  /** 1 待发货, 2 已发货, 3 确认收货, 4 交易完成, 5 已退款, 6 资金待结算. */
  orderState: number
  /** 0 until shipping finished, 1, then 2 after a re-shipment. */
  finishShippingCount: number
  inComplaint: boolean
}

/** One carrier of get_delivery_list. */
export interface DeliveryCompany {
  /** The delivery_id, what express_company carries. */
  id: string
  name: string
}

/** The api.weixin.qq.com calls of the kit. */
export interface WechatClient {
  jscode2session(input: { appid: string; secret: string; code: string }): Promise<Code2Session>
  stableToken(input: { appid: string; secret: string; forceRefresh: boolean }): Promise<AccessToken>
  /** `openid`: WeChat then checks that the code belongs to that user (40003 otherwise, the code left unspent). */
  getUserPhoneNumber(input: { accessToken: string; code: string; openid?: string }): Promise<PhoneInfo>
  oauthAccessToken(input: { appid: string; secret: string; code: string }): Promise<OAuthAccessToken>
  oauthRefreshToken(input: { appid: string; refreshToken: string }): Promise<OAuthAccessToken>
  oauthUserInfo(input: { accessToken: string; openid: string }): Promise<OAuthUserInfo>
  getTicket(input: { accessToken: string; type: 'jsapi' }): Promise<Ticket>
  /** is_trade_managed: whether 小程序发货信息管理 applies to the mini program. */
  isTradeManaged(input: { accessToken: string; appid: string }): Promise<boolean>
  uploadShippingInfo(input: { accessToken: string; info: ShippingInfoUpload }): Promise<void>
  getShippingOrder(input: { accessToken: string; trade: ShippingTradeRef }): Promise<ShippingOrder>
  /** notify_confirm_receive; `receivedTime` in seconds, as the docs want it. */
  notifyConfirmReceive(input: { accessToken: string; trade: ShippingTradeRef; receivedTime: number }): Promise<void>
  getDeliveryList(input: { accessToken: string }): Promise<DeliveryCompany[]>
}

/** A non-200 answer (5xx is worth a retry, the rest is not). */
class UpstreamStatusError extends CloudError {
  constructor(
    api: string,
    readonly status: number,
  ) {
    super('WX_UPSTREAM_ERROR', `WeChat ${api} answered HTTP ${status}`)
    this.name = 'UpstreamStatusError'
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof WechatApiError) return error.errcode === -1
  if (error instanceof UpstreamStatusError) return error.status >= 500
  return error instanceof HttpError
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

function malformed(api: string): CloudError {
  return new CloudError('WX_UPSTREAM_ERROR', `WeChat ${api} answered an unexpected body`)
}

/** Create a client. */
export function createWechatClient(options: WechatClientOptions): WechatClient {
  const { http, baseUrl, timeoutMs = 3000, retries = 2, baseDelayMs = 200, maxDelayMs = 2000, sleep, random } = options

  async function once(api: string, method: HttpMethod, query: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> {
    const url = `${baseUrl}/${api}?${new URLSearchParams(query).toString()}`
    const response = await http.request(url, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      timeoutMs,
    })
    if (response.status !== 200) throw new UpstreamStatusError(api, response.status)
    let parsed: unknown
    try {
      parsed = JSON.parse(response.body)
    } catch {
      throw malformed(api)
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformed(api)
    const answer = parsed as Record<string, unknown>
    if (answer.errcode !== undefined && answer.errcode !== 0) {
      throw new WechatApiError(api, typeof answer.errcode === 'number' ? answer.errcode : Number(answer.errcode))
    }
    return answer
  }

  async function call(api: string, method: HttpMethod, query: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> {
    let retried = false
    try {
      return await withRetry(
        (attempt) => {
          retried = attempt > 0
          return once(api, method, query, body)
        },
        { retries, baseDelayMs, maxDelayMs, shouldRetry: isRetryable, sleep, random },
      )
    } catch (error) {
      if (isRetryable(error)) throw new CloudError('WX_UPSTREAM_BUSY', 'WeChat is busy, try again')
      // "Code used" after our own failed attempt: that attempt spent it without an answer.
      if (retried && error instanceof WechatApiError && error.errcode === 40163) {
        throw new CloudError('WX_UPSTREAM_BUSY', 'WeChat is busy, get a new code and try again')
      }
      throw error
    }
  }

  function oauthToken(api: string, answer: Record<string, unknown>): OAuthAccessToken {
    const accessToken = str(answer.access_token)
    const openid = str(answer.openid)
    const refreshToken = str(answer.refresh_token)
    if (!accessToken || !openid || !refreshToken) throw malformed(api)
    return {
      accessToken,
      expiresIn: num(answer.expires_in) ?? 7200,
      refreshToken,
      openid,
      scope: str(answer.scope) ?? '',
      ...(str(answer.unionid) ? { unionid: str(answer.unionid) } : {}),
    }
  }

  // get_order and notify_confirm_receive take merchant_id / merchant_trade_no, not upload's mchid / out_trade_no.
  function tradeBody(trade: ShippingTradeRef): Record<string, string> {
    return 'transactionId' in trade ? { transaction_id: trade.transactionId } : { merchant_id: trade.merchantId, merchant_trade_no: trade.merchantTradeNo }
  }

  return {
    async jscode2session({ appid, secret, code }) {
      const api = 'sns/jscode2session'
      const answer = await call(api, 'GET', { appid, secret, js_code: code, grant_type: 'authorization_code' })
      const openid = str(answer.openid)
      const sessionKey = str(answer.session_key)
      if (!openid || !sessionKey) throw malformed(api)
      const unionid = str(answer.unionid)
      return unionid ? { openid, sessionKey, unionid } : { openid, sessionKey }
    },

    async stableToken({ appid, secret, forceRefresh }) {
      const api = 'cgi-bin/stable_token'
      const answer = await call(api, 'POST', {}, { grant_type: 'client_credential', appid, secret, force_refresh: forceRefresh })
      const accessToken = str(answer.access_token)
      const expiresIn = num(answer.expires_in)
      if (!accessToken || !expiresIn) throw malformed(api)
      return { accessToken, expiresIn }
    },

    async getUserPhoneNumber({ accessToken, code, openid }) {
      const api = 'wxa/business/getuserphonenumber'
      const answer = await call(api, 'POST', { access_token: accessToken }, openid ? { code, openid } : { code })
      const info = answer.phone_info as Record<string, unknown> | undefined
      const watermark = (info?.watermark ?? {}) as Record<string, unknown>
      const purePhoneNumber = str(info?.purePhoneNumber)
      if (!info || !purePhoneNumber) throw malformed(api)
      return {
        phoneNumber: str(info.phoneNumber) ?? purePhoneNumber,
        purePhoneNumber,
        countryCode: str(info.countryCode) ?? '86',
        watermark: { timestamp: num(watermark.timestamp) ?? 0, appid: str(watermark.appid) ?? '' },
      }
    },

    async oauthAccessToken({ appid, secret, code }) {
      const api = 'sns/oauth2/access_token'
      return oauthToken(api, await call(api, 'GET', { appid, secret, code, grant_type: 'authorization_code' }))
    },

    async oauthRefreshToken({ appid, refreshToken }) {
      const api = 'sns/oauth2/refresh_token'
      return oauthToken(api, await call(api, 'GET', { appid, grant_type: 'refresh_token', refresh_token: refreshToken }))
    },

    async oauthUserInfo({ accessToken, openid }) {
      const api = 'sns/userinfo'
      const answer = await call(api, 'GET', { access_token: accessToken, openid, lang: 'zh_CN' })
      const id = str(answer.openid)
      if (!id) throw malformed(api)
      return {
        openid: id,
        nickname: typeof answer.nickname === 'string' ? answer.nickname : '',
        headimgurl: typeof answer.headimgurl === 'string' ? answer.headimgurl : '',
        ...(str(answer.unionid) ? { unionid: str(answer.unionid) } : {}),
      }
    },

    async getTicket({ accessToken, type }) {
      const api = 'cgi-bin/ticket/getticket'
      const answer = await call(api, 'GET', { access_token: accessToken, type })
      const ticket = str(answer.ticket)
      const expiresIn = num(answer.expires_in)
      if (!ticket || !expiresIn) throw malformed(api)
      return { ticket, expiresIn }
    },

    async isTradeManaged({ accessToken, appid }) {
      const api = 'wxa/sec/order/is_trade_managed'
      const answer = await call(api, 'POST', { access_token: accessToken }, { appid })
      if (typeof answer.is_trade_managed !== 'boolean') throw malformed(api)
      return answer.is_trade_managed
    },

    async uploadShippingInfo({ accessToken, info }) {
      await call('wxa/sec/order/upload_shipping_info', 'POST', { access_token: accessToken }, info)
    },

    async getShippingOrder({ accessToken, trade }) {
      const api = 'wxa/sec/order/get_order'
      const answer = await call(api, 'POST', { access_token: accessToken }, tradeBody(trade))
      const order = answer.order as Record<string, unknown> | undefined
      const orderState = num(order?.order_state)
      if (!order || orderState === undefined) throw malformed(api)
      const shipping = (order.shipping ?? {}) as Record<string, unknown>
      return { orderState, finishShippingCount: num(shipping.finish_shipping_count) ?? 0, inComplaint: order.in_complaint === true }
    },

    async notifyConfirmReceive({ accessToken, trade, receivedTime }) {
      await call('wxa/sec/order/notify_confirm_receive', 'POST', { access_token: accessToken }, { ...tradeBody(trade), received_time: receivedTime })
    },

    async getDeliveryList({ accessToken }) {
      const api = 'cgi-bin/express/delivery/open_msg/get_delivery_list'
      const answer = await call(api, 'POST', { access_token: accessToken }, {})
      if (!Array.isArray(answer.delivery_list)) throw malformed(api)
      const companies: DeliveryCompany[] = []
      for (const entry of answer.delivery_list as Array<Record<string, unknown>>) {
        const id = str(entry?.delivery_id)
        if (id) companies.push({ id, name: str(entry.delivery_name) ?? id })
      }
      return companies
    },
  }
}
