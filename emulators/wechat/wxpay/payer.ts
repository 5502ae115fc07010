import type { EmulatorCore } from '../core'
import { rsaVerify } from '../crypto/rsa-signer'
import { paySignMessage } from '../crypto/sign-messages'
import type { Order } from '../state'
import { payOrder, refreshOrderState, unpayableReason } from './orders'

/** A payment the phone refuses; `errMsg` is what requestPayment's fail callback gets. */
export class PaymentRefused extends Error {
  constructor(readonly errMsg: string) {
    super(errMsg)
    this.name = 'PaymentRefused'
  }
}

/** The parameters a client hands to wx.requestPayment / uni.requestPayment. */
export interface RequestPaymentParams {
  appId?: unknown
  timeStamp?: unknown
  nonceStr?: unknown
  package?: unknown
  signType?: unknown
  paySign?: unknown
  user?: unknown
}

/**
 * What the phone does on requestPayment: find the prepay_id, check appId and
 * the RSA paySign over `appId\ntimeStamp\nnonceStr\npackage\n` with the
 * merchant's public key, check the payer, then pay.
 */
export function confirmRequestPayment(core: EmulatorCore, params: RequestPaymentParams): Order {
  const fields = ['appId', 'timeStamp', 'nonceStr', 'package', 'signType', 'paySign'] as const
  for (const field of fields) {
    if (typeof params[field] !== 'string' || params[field] === '') {
      throw new PaymentRefused(`requestPayment:fail parameter error: ${field} should be a non-empty String`)
    }
  }
  const p = params as Record<(typeof fields)[number], string>
  const prepay = /^prepay_id=(\S+)$/.exec(p.package)
  if (!prepay) throw new PaymentRefused('requestPayment:fail package 格式错误，应为 prepay_id=***')
  if (p.signType !== 'RSA') throw new PaymentRefused('requestPayment:fail 支付验证签名失败')
  if (!/^\d{1,12}$/.test(p.timeStamp)) throw new PaymentRefused('requestPayment:fail timeStamp 应为秒级时间戳字符串')
  const order = core.state.ordersByPrepay.get(prepay[1])
  if (!order || order.tradeType !== 'JSAPI') throw new PaymentRefused('requestPayment:fail prepay_id 无效')
  if (p.appId !== order.appid) throw new PaymentRefused('requestPayment:fail 调用支付的 appId 与下单 appid 不一致')
  const message = paySignMessage(p.appId, p.timeStamp, p.nonceStr, p.package)
  if (!rsaVerify(core.identity.merchant.publicKey, message, p.paySign)) {
    throw new PaymentRefused('requestPayment:fail 支付验证签名失败')
  }
  if (params.user !== undefined) {
    if (typeof params.user !== 'string' || !params.user) throw new PaymentRefused('requestPayment:fail user should be a String')
    if (core.state.openid(order.appid, params.user) !== order.payerOpenid) {
      throw new PaymentRefused('requestPayment:fail 下单账号与支付账号不一致，请核实后再支付')
    }
  }
  const reason = unpayableReason(core, order)
  if (reason) throw new PaymentRefused(`requestPayment:fail ${reason}`)
  payOrder(core, order, order.payerOpenid!)
  return order
}

/** The h5_url / Native code_url order behind a cashier URL or its parameters. */
export function orderForCashier(core: EmulatorCore, ref: { prepayId?: string | null; pr?: string | null }): Order | undefined {
  if (ref.prepayId) {
    const order = core.state.ordersByPrepay.get(ref.prepayId)
    return order?.tradeType === 'MWEB' ? order : undefined
  }
  if (ref.pr) return core.state.ordersByCodeUrl.get(ref.pr)
  return undefined
}

/** Parse an h5_url or a `weixin://wxpay/bizpayurl?pr=…` code_url into cashier parameters. */
export function cashierRef(url: string): { prepayId?: string; pr?: string } {
  try {
    const parsed = new URL(url)
    return {
      prepayId: parsed.searchParams.get('prepay_id') ?? undefined,
      pr: parsed.protocol === 'weixin:' ? (parsed.searchParams.get('pr') ?? undefined) : undefined,
    }
  } catch {
    return {}
  }
}

/** The user confirms on the cashier page (H5) or after scanning (Native). */
export function confirmCashier(core: EmulatorCore, order: Order, user: string): Order {
  const reason = unpayableReason(core, order)
  if (reason) throw new PaymentRefused(reason)
  payOrder(core, order, core.state.openid(order.appid, user))
  return order
}

/**
 * The race where a close (or an expiry, or a superseding re-order) and a
 * payment cross: the payer had confirmed before the trade stopped being
 * payable, so the payment lands anyway. The trade ends SUCCESS with a
 * TRANSACTION.SUCCESS notify, whatever the close answered. `user` names the
 * payer of an H5 / Native trade; a JSAPI trade is paid by its ordering openid.
 */
export function payLate(core: EmulatorCore, order: Order, user?: string): { order: Order; was: string } {
  const was = refreshOrderState(core, order).state
  if (was === 'SUCCESS' || was === 'REFUND') throw new PaymentRefused('该订单已支付')
  let openid: string
  if (order.tradeType === 'JSAPI') {
    if (user !== undefined && core.state.openid(order.appid, user) !== order.payerOpenid) {
      throw new PaymentRefused('下单账号与支付账号不一致')
    }
    openid = order.payerOpenid!
  } else {
    openid = core.state.openid(order.appid, user ?? core.state.browserUser)
  }
  payOrder(core, order, openid)
  return { order, was }
}
