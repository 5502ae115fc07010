import type { Database } from '../shared/database'
import type { Env } from '../shared/env'
import type { WechatPayClient } from '../wxpay/client'
import type { WechatClient } from '../wechat/client'
import type { AppCredentials, CredentialDeps } from '../wechat/credential-cache'
import type { OrderRecord } from './orders'

/**
 * What the payment flows are given: the database, the WeChat Pay gateway, the
 * clock, the merchant's fulfilment and a log. Its own module, so that orders,
 * fulfilment and the flows all depend on it and not on each other.
 */

/** What a shop does once an order is paid. Replace `createDeliveryFulfiller` with your own. */
export interface Fulfiller {
  /**
   * Deliver what a paid order bought. May run again for the same order after
   * a failure or a crash: make it idempotent on `order._id`. Throw to have it
   * retried later.
   */
  fulfil(order: OrderRecord): Promise<void>
}

/** The part of the WeChat Pay client the payment flows use (a fake in unit tests). */
export type PayGateway = Pick<
  WechatPayClient,
  | 'mchId'
  | 'createJsapiOrder'
  | 'createH5Order'
  | 'createNativeOrder'
  | 'queryOrderByOutTradeNo'
  | 'closeOrder'
  | 'createRefund'
  | 'queryRefund'
  | 'buildRequestPaymentParams'
>

/** Operational log lines: ids, codes and field names only, never keys, bodies or openids. */
export interface PayLog {
  info(line: string): void
  warn(line: string): void
  error(line: string): void
}

/**
 * What uploading shipping information (小程序发货信息管理, shipping.ts) needs:
 * the api.weixin.qq.com client, the mini program, and the central
 * access_token cache of that mini program.
 */
export interface ShippingDeps {
  wechat: WechatClient
  /** The mini program (`mp` of the config). */
  app: AppCredentials
  credentials: CredentialDeps
}

/** Everything the payment flows need, passed in so they run in plain Node. */
export interface PayDeps {
  db: Database
  gateway: PayGateway
  env: Env
  fulfiller: Fulfiller
  log: PayLog
  /**
   * Built when first needed (a shop without a mini program has no `mp`
   * config): absent, shipping entries are still recorded, nothing is uploaded.
   */
  shipping?: () => ShippingDeps
}

