import { PAGE_PREFIX, PREPAY_TTL_SECONDS } from '../constants'
import type { EmulatorCore } from '../core'
import { WxPayError } from '../errors'
import { randomAlnum, randomDigits, randomHex } from '../random'
import type { Order, TradeType } from '../state'
import { fingerprint, validateOrderRequest } from '../wxpay/field-rules'
import { orderQueryBody, refreshOrderState } from '../wxpay/orders'
import { json, parseJsonBody, type OpContext, type OpResult, type Operation } from './operation'

function badBody(): WxPayError {
  return new WxPayError('PARAM_ERROR', '请求体不是合法的 JSON')
}

function newPrepayId(core: EmulatorCore): string {
  const stamp = new Date(core.clock.now() + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14)
  return `wx${stamp}${randomHex(18)}`
}

function issuePrepay(core: EmulatorCore, order: Order): void {
  core.state.ordersByPrepay.delete(order.prepayId)
  order.prepayId = newPrepayId(core)
  order.prepayExpiresAt = core.clock.now() + PREPAY_TTL_SECONDS * 1000
  core.state.ordersByPrepay.set(order.prepayId, order)
  if (order.tradeType === 'NATIVE') {
    if (order.codeUrlToken) core.state.ordersByCodeUrl.delete(order.codeUrlToken)
    order.codeUrlToken = randomAlnum(7)
    core.state.ordersByCodeUrl.set(order.codeUrlToken, order)
  }
}

function answer(ctx: OpContext, order: Order): OpResult {
  switch (order.tradeType) {
    case 'JSAPI':
      return json({ prepay_id: order.prepayId })
    case 'MWEB':
      return json({
        h5_url: `${ctx.origin}${PAGE_PREFIX}/cashier/h5?prepay_id=${order.prepayId}&package=${randomDigits(10)}`,
      })
    case 'NATIVE':
      return json({ code_url: `weixin://wxpay/bizpayurl?pr=${order.codeUrlToken}` })
  }
}

/**
 * Place an order. An identical re-order answers the same prepay_id (a new one
 * once it expired); a different body with a used out_trade_no is OUT_TRADE_NO_USED.
 */
function placeOrder(ctx: OpContext, tradeType: TradeType): OpResult {
  const { core } = ctx
  const body = parseJsonBody(ctx.rawBody, badBody)
  const request = validateOrderRequest(core, body, tradeType)
  const print = fingerprint({ tradeType, body })
  const existing = core.state.orders.get(request.outTradeNo)
  if (existing) {
    refreshOrderState(core, existing)
    if (existing.state === 'SUCCESS' || existing.state === 'REFUND') throw new WxPayError('ORDERPAID', '该订单已支付')
    if (existing.state === 'CLOSED') throw new WxPayError('ORDER_CLOSED', '订单已关闭')
    if (existing.fingerprint !== print) throw new WxPayError('OUT_TRADE_NO_USED', '商户订单号重复')
    if (core.clock.now() >= existing.prepayExpiresAt) issuePrepay(core, existing)
    return answer(ctx, existing)
  }
  const order: Order = {
    appid: request.appid,
    mchid: request.mchid,
    outTradeNo: request.outTradeNo,
    description: request.description,
    attach: request.attach,
    notifyUrl: request.notifyUrl,
    total: request.total,
    currency: request.currency,
    timeExpire: request.timeExpire,
    timeExpireAt: request.timeExpireAt,
    tradeType,
    payerOpenid: request.payerOpenid,
    sceneInfo: request.sceneInfo,
    fingerprint: print,
    prepayId: '',
    prepayExpiresAt: 0,
    state: 'NOTPAY',
    createdAt: core.clock.now(),
    refundedTotal: 0,
  }
  issuePrepay(core, order)
  core.state.orders.set(order.outTradeNo, order)
  return answer(ctx, order)
}

function requireMchidQuery(ctx: OpContext): void {
  const mchid = ctx.url.searchParams.get('mchid')
  if (!mchid) throw new WxPayError('PARAM_ERROR', '输入源“/query/mchid”映射到值字段“直连商户号”必填性规则校验失败，此字段为必填项', { location: 'query', field: 'mchid' })
  if (mchid !== ctx.core.identity.merchant.mchid) throw new WxPayError('MCH_NOT_EXISTS', '商户号不存在')
}

function orderNotFound(): WxPayError {
  return new WxPayError('ORDER_NOT_EXIST', '订单不存在')
}

/** api.mch.weixin.qq.com order endpoints. */
export const wxpayTransactionOperations: Operation[] = [
  { method: 'POST', path: '/v3/pay/transactions/jsapi', host: 'wxpayApi', handle: (ctx) => placeOrder(ctx, 'JSAPI') },
  { method: 'POST', path: '/v3/pay/transactions/h5', host: 'wxpayApi', handle: (ctx) => placeOrder(ctx, 'MWEB') },
  { method: 'POST', path: '/v3/pay/transactions/native', host: 'wxpayApi', handle: (ctx) => placeOrder(ctx, 'NATIVE') },
  {
    method: 'GET',
    path: '/v3/pay/transactions/out-trade-no/{out_trade_no}',
    host: 'wxpayApi',
    handle(ctx) {
      requireMchidQuery(ctx)
      const order = ctx.core.state.orders.get(ctx.params.out_trade_no)
      if (!order) throw orderNotFound()
      return json(orderQueryBody(ctx.core, order))
    },
  },
  {
    method: 'GET',
    path: '/v3/pay/transactions/id/{transaction_id}',
    host: 'wxpayApi',
    handle(ctx) {
      requireMchidQuery(ctx)
      const order = [...ctx.core.state.orders.values()].find((o) => o.transactionId === ctx.params.transaction_id)
      if (!order) throw orderNotFound()
      return json(orderQueryBody(ctx.core, order))
    },
  },
  {
    method: 'POST',
    path: '/v3/pay/transactions/out-trade-no/{out_trade_no}/close',
    host: 'wxpayApi',
    handle(ctx) {
      const body = parseJsonBody(ctx.rawBody, badBody) as Record<string, unknown>
      if (typeof body?.mchid !== 'string' || !body.mchid) {
        throw new WxPayError('PARAM_ERROR', '输入源“/body/mchid”映射到值字段“直连商户号”必填性规则校验失败，此字段为必填项', { location: 'body', field: '/mchid' })
      }
      if (body.mchid !== ctx.core.identity.merchant.mchid) throw new WxPayError('MCH_NOT_EXISTS', '商户号不存在')
      const order = ctx.core.state.orders.get(ctx.params.out_trade_no)
      if (!order) throw orderNotFound()
      refreshOrderState(ctx.core, order)
      if (order.state === 'SUCCESS' || order.state === 'REFUND') throw new WxPayError('ORDERPAID', '订单已支付')
      // Closing a closed trade again is answered like the first close: the merchant's goal holds.
      const minAge = ctx.core.state.wxpayRules.closeMinAgeSeconds
      if (order.state === 'NOTPAY' && ctx.core.clock.now() - order.createdAt < minAge * 1000) {
        throw new WxPayError('RULE_LIMIT', `订单生成后需间隔${minAge}秒才能关单，请稍后再试`)
      }
      order.state = 'CLOSED'
      return { kind: 'empty', status: 204 }
    },
  },
]
