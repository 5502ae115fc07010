import { createHash, createHmac } from 'node:crypto'
import { DEFAULT_BROWSER_USER } from './constants'
import type { Identity } from './identity'
import type { BillDiscrepancy, BillDownload, TradeBillSnapshot } from './wxpay/bill-ledger'
import { wxpayRules, type WxpayRules } from './wxpay/rules'
import { ShippingState } from './shipping/state'

/** A simulated WeChat user, named by a string key such as 'alice'. */
export interface SimUser {
  key: string
  unionid?: string
  /** Bound phone: `defaultPhoneNumber(key)` on creation; absent once a control clears it. */
  phoneNumber?: string
  nickname: string
  headimgurl?: string
}

/** Which phone-number button a failure is armed for. */
export type PhoneButton = 'getPhoneNumber' | 'getRealtimePhoneNumber'

/** The next `remaining` taps of a phone-number button fail with this errMsg / errno (client-side answers). */
export interface PhoneButtonFailure {
  id: number
  button: PhoneButton | 'any'
  errMsgSuffix: string
  errno?: number
  remaining: number
}

/** A one-time code: wx.login, web OAuth, or getPhoneNumber. */
export interface IssuedCode {
  code: string
  kind: 'login' | 'oauth' | 'phone'
  appid: string
  user: string
  scope?: string
  issuedAt: number
  usedAt?: number
}

/** A server access_token from /cgi-bin/stable_token or /cgi-bin/token. */
export interface CgiToken {
  token: string
  appid: string
  kind: 'stable' | 'classic'
  issuedAt: number
  expiresAt: number
  revoked: boolean
}

/** A web OAuth access_token with its refresh_token. */
export interface OAuthGrant {
  accessToken: string
  refreshToken: string
  appid: string
  user: string
  openid: string
  scope: string
  accessExpiresAt: number
  refreshExpiresAt: number
}

/** A JS-SDK or card ticket, cached per (appid, type) while valid. */
export interface Ticket {
  ticket: string
  expiresAt: number
}

/**
 * The phone number a simulated user starts with: a valid-looking mainland
 * mobile (country code 86), 138 followed by eight digits hashed from the key,
 * so "alice" has the same number in every emulator and test.
 */
export function defaultPhoneNumber(userKey: string): string {
  const n = createHash('sha256').update(userKey).digest().readUInt32BE(0) % 100_000_000
  return '138' + String(n).padStart(8, '0')
}

export type TradeType = 'JSAPI' | 'MWEB' | 'NATIVE'
export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND'

/** A WeChat Pay order as the emulator keeps it. */
export interface Order {
  appid: string
  mchid: string
  outTradeNo: string
  description: string
  attach?: string
  notifyUrl: string
  total: number
  currency: string
  timeExpire?: string
  timeExpireAt?: number
  tradeType: TradeType
  /** The openid given when ordering (JSAPI), or of the payer once paid. */
  payerOpenid?: string
  sceneInfo?: unknown
  /** The request body, canonicalised, for OUT_TRADE_NO_USED. */
  fingerprint: string
  prepayId: string
  prepayExpiresAt: number
  codeUrlToken?: string
  state: TradeState
  transactionId?: string
  successTime?: string
  /** success_time in ms (business clock). */
  paidAt?: number
  createdAt: number
  /** The sum of the order's refunds that are not CLOSED: what can no longer be refunded. */
  refundedTotal: number
}

export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED'

/** A refund of an order. */
export interface Refund {
  refundId: string
  outRefundNo: string
  outTradeNo: string
  transactionId: string
  reason?: string
  notifyUrl?: string
  refund: number
  total: number
  currency: string
  status: RefundStatus
  createTime: string
  successTime?: string
  /** create_time and success_time in ms (business clock), for the refund rules and bills. */
  requestedAt: number
  successAt?: number
  fingerprint: string
}

/** Per-appid bookkeeping of stable_token force refreshes. */
export interface ForceRefreshQuota {
  day: string
  count: number
  lastAt: number
}

/** The emulator's runtime state: everything reset wipes (the identity is kept). */
export class EmulatorState {
  readonly users = new Map<string, SimUser>()
  readonly codes = new Map<string, IssuedCode>()
  /** Current session_key per `${appid}|${user}`. */
  readonly sessionKeys = new Map<string, string>()
  readonly cgiTokens = new Map<string, CgiToken>()
  readonly forceRefresh = new Map<string, ForceRefreshQuota>()
  readonly oauthGrants = new Map<string, OAuthGrant>()
  readonly oauthByRefresh = new Map<string, OAuthGrant>()
  /** `${appid}|${user}` pairs that consented to snsapi_userinfo. */
  readonly consents = new Set<string>()
  readonly tickets = new Map<string, Ticket>()
  readonly orders = new Map<string, Order>()
  readonly ordersByPrepay = new Map<string, Order>()
  readonly ordersByCodeUrl = new Map<string, Order>()
  readonly refunds = new Map<string, Refund>()
  /** openid → (appid, user), filled whenever an openid is handed out. */
  readonly openids = new Map<string, { appid: string; user: string }>()
  /** Armed client-side failures of the phone-number buttons, in arming order. */
  readonly phoneButtonFailures: PhoneButtonFailure[] = []
  /** 小程序发货信息管理: trade-management switches and per-trade shipping. */
  readonly shipping = new ShippingState()
  browserUser = DEFAULT_BROWSER_USER
  /** WeChat Pay rule strictness (close age, refund spacing); reset restores the configured values. */
  wxpayRules: WxpayRules
  /** Trade bills as first generated, by bill_date (a bill does not change once made). */
  readonly tradeBills = new Map<string, TradeBillSnapshot>()
  /** Live download_url tokens. */
  readonly billDownloads = new Map<string, BillDownload>()
  /** Discrepancies planted into the bill of a bill_date. */
  readonly billDiscrepancies = new Map<string, BillDiscrepancy[]>()

  constructor(
    private readonly identity: Identity,
    private readonly configuredRules: Partial<WxpayRules> = {},
  ) {
    this.wxpayRules = wxpayRules(configuredRules)
  }

  /** The user named `key`, created with defaults on first use. */
  user(key: string): SimUser {
    let user = this.users.get(key)
    if (!user) {
      user = { key, nickname: key, phoneNumber: defaultPhoneNumber(key) }
      this.users.set(key, user)
    }
    return user
  }

  /** The openid of a user under an appid: stable, 28 characters, distinct per app. */
  openid(appid: string, userKey: string): string {
    this.user(userKey)
    const openid = 'o' + this.derive(`openid|${appid}|${userKey}`)
    this.openids.set(openid, { appid, user: userKey })
    return openid
  }

  /** The unionid a user gets with `unionid: true`. */
  generatedUnionid(userKey: string): string {
    return 'o' + this.derive(`unionid|${userKey}`)
  }

  /** The user behind an openid of this appid, if any. */
  userByOpenid(appid: string, openid: string): SimUser | undefined {
    const owner = this.openids.get(openid)
    if (!owner || owner.appid !== appid) return undefined
    return this.users.get(owner.user)
  }

  /** Forget everything but the identity. */
  reset(): void {
    for (const map of [
      this.users, this.codes, this.sessionKeys, this.cgiTokens, this.forceRefresh, this.oauthGrants,
      this.oauthByRefresh, this.tickets, this.orders, this.ordersByPrepay, this.ordersByCodeUrl,
      this.refunds, this.openids, this.tradeBills, this.billDownloads, this.billDiscrepancies,
    ] as Map<string, unknown>[]) {
      map.clear()
    }
    this.consents.clear()
    this.phoneButtonFailures.length = 0
    this.shipping.reset()
    this.browserUser = DEFAULT_BROWSER_USER
    this.wxpayRules = wxpayRules(this.configuredRules)
  }

  private derive(label: string): string {
    return createHmac('sha256', this.identity.seed).update(label).digest('base64url').slice(0, 27)
  }
}
