import { getConfig } from '../../shared/config'
import { systemEnv } from '../../shared/env'
import { createUniCloudHttpClient } from '../../shared/http'
import { getUniCloud } from '../../shared/unicloud'
import { createWechatPay, type WechatPay } from '../../wxpay/wechat-pay'
import { createCloudObjectFulfiller, createDeliveryFulfiller } from '../../pay/fulfilment'
import type { Fulfiller, PayDeps, PayLog } from '../../pay/pay-deps'
import { createShippingDeps } from '../../pay/shipping'

/**
 * How the pay objects (`pay`, the buyer's; `payAdmin`, the merchant's) are
 * wired to uniCloud: the configured merchant's WeChat Pay client, the
 * fulfilment hook, the log. Built per warm instance.
 */

export const log: PayLog = {
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
}

let wired: { config: object; wechatPay: WechatPay } | undefined

/** The protocol core for the configured merchant, built once per warm instance. */
export function wechatPay(): WechatPay {
  const { wxpay, endpoints } = getConfig(['wxpay'])
  if (wired?.config !== wxpay) {
    wired = {
      config: wxpay,
      wechatPay: createWechatPay({
        credentials: wxpay,
        http: createUniCloudHttpClient(),
        baseUrl: endpoints.wxpayApi,
      }),
    }
  }
  return wired.wechatPay
}

/** The merchant's fulfilment hook when the config names one, else the kit's delivery record. */
function fulfiller(): Fulfiller {
  const uniCloud = getUniCloud()
  const hook = getConfig(['fulfilment']).fulfilment
  if (hook) return createCloudObjectFulfiller({ importObject: (name) => uniCloud.importObject(name), cloudObject: hook.cloudObject, method: hook.method })
  return createDeliveryFulfiller({ db: uniCloud.database(), env: systemEnv })
}

/** What the payment flows get in a cloud object: the database, the WeChat Pay client, the clock, the fulfiller, the log. */
export function payDeps(): PayDeps {
  const db = getUniCloud().database()
  // Built only when a mini-program order's shipping needs WeChat: a shop without a mini program has no `mp`.
  const shipping = () =>
    createShippingDeps({ db, env: systemEnv, http: createUniCloudHttpClient(), config: getConfig(['mp', 'sessionKeyEncryptionKey']) })
  return { db, gateway: wechatPay().client, env: systemEnv, fulfiller: fulfiller(), log, shipping }
}
