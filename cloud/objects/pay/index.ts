import * as v from 'valibot'
import { defineCloudObject, kitTokenOf, type CloudObjectContext, type ComposedResponse } from '../../shared/cloud-object'
import { getConfig } from '../../shared/config'
import { CloudError } from '../../shared/errors'
import { normaliseAnswer } from '../../shared/lifecycle'
import { getUniCloud } from '../../shared/unicloud'
import { parseInput } from '../../shared/validation'
import { systemEnv } from '../../shared/env'
import {
  ORDER_STATUSES,
  PAY_CHANNELS,
  findOwnOrder,
  listOwnOrders,
  readOrder,
  toOrderView,
  type OrderStatus,
  type OrderView,
  type PayChannel,
} from '../../pay/orders'
import type { PayDeps } from '../../pay/pay-deps'
import { log, payDeps, wechatPay } from './wiring'
import { applyTransaction, asCloudError, closeUnpaidOrder, placeOrder, refreshUnpaidOrder, type PaymentParams } from '../../pay/payments'
import { refundsOfOrders, toRefundView, type RefundView } from '../../pay/refund-records'
import { payOrder, pendingCodeUrl, type TradeTarget } from '../../pay/trades'
import type { CloudObjectContext as Context } from '../../shared/cloud-object'
import { admitOrderCreation } from '../../pay/order-limits'
import { handleRefundNotify, handleTransactionNotify, notifyFailure, type NotifyAnswer, type NotifyRequest } from '../../pay/pay-notify'
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES } from '../../pay/pricing'
import { reconcile, type ReconcileSummary } from '../../pay/reconcile'
import { REFUND_REASON_MAX_LENGTH, requestRefund } from '../../pay/refunds'
import type { OrderRecord } from '../../pay/orders'
import { authenticateCall, callerOf } from '../../login/caller'
import { openidFor } from '../../login/users'

/**
 * WeChat Pay, the buyer's side: orders (`createOrder`, `payOrder` to pay an
 * unpaid order again on any channel, `getOrder`, `listOrders`, `closeOrder`),
 * refund requests (`requestRefund`: part or all, reviewed by the merchant —
 * see payAdmin), the notifies WeChat Pay POSTs to `https://<space>/pay/notify`
 * and `/pay/refundNotify`, and `_timing`, which reconciles what notifies
 * missed. The logic lives in cloud/pay.
 */

const NAME = 'pay'
/** Reached by WeChat Pay over HTTP, without a login token. Everything else needs one. */
const NOTIFY_METHODS = new Set(['notify', 'refundNotify'])

const OrderId = v.pipe(v.string(), v.minLength(1), v.maxLength(64))

// v.object drops keys it does not know: an `amount` or `price` sent by a client never gets past here.
const CreateOrderInput = v.object({
  items: v.pipe(
    v.array(
      v.object({
        productId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
        quantity: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_LINE_QUANTITY)),
      }),
    ),
    v.minLength(1),
    v.maxLength(MAX_ORDER_LINES),
  ),
  channel: v.optional(v.picklist(PAY_CHANNELS)),
})
const OrderIdInput = v.object({ orderId: OrderId })
const ListOrdersInput = v.optional(
  v.object({
    /** One status, or several (我的订单's 退款 tab: partly and wholly refunded). */
    status: v.optional(v.union([v.picklist(ORDER_STATUSES), v.pipe(v.array(v.picklist(ORDER_STATUSES)), v.minLength(1), v.maxLength(ORDER_STATUSES.length))])),
    page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 1),
  }),
  {},
)
const PayOrderInput = v.object({ orderId: OrderId, channel: v.optional(v.picklist(PAY_CHANNELS)) })
const RefundInput = v.object({
  orderId: OrderId,
  /** Fen; absent: everything left. */
  amount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000_000))),
  reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(REFUND_REASON_MAX_LENGTH)), ''),
})

function composed(answer: NotifyAnswer): ComposedResponse {
  return {
    mpserverlessComposedResponse: true,
    statusCode: answer.status,
    headers: answer.body ? { 'content-type': 'application/json; charset=utf-8' } : {},
    body: answer.body,
  }
}

/** The raw request of a URL-ized call: body decoded from base64 when the gateway encoded it, headers lower-case. */
function notifyRequest(context: Pick<CloudObjectContext, 'getHttpInfo'>): NotifyRequest | undefined {
  const http = context.getHttpInfo()
  if (!http) return undefined
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(http.headers ?? {})) headers[name.toLowerCase()] = String(value)
  const body = http.isBase64Encoded ? Buffer.from(http.body ?? '', 'base64').toString('utf8') : (http.body ?? '')
  return { httpMethod: http.httpMethod ?? '', headers, body }
}

/** The app a channel pays in: mini program, official account (WeChat browser), else the merchant's app. */
function appIdFor(channel: PayChannel): string {
  if (channel === 'miniprogram') return getConfig(['mp']).mp.appId
  if (channel === 'jsapi') return getConfig(['officialAccount']).officialAccount.appId
  return getConfig(['wxpay']).wxpay.appId
}

/**
 * Where the caller pays on `requested` (default: the mini program inside it):
 * the app, the payer's openid under it for JSAPI channels, the client IP for H5.
 */
async function tradeTarget(context: Pick<Context, 'getClientInfo'>, deps: PayDeps, userId: string, requested?: PayChannel): Promise<TradeTarget> {
  const clientInfo = context.getClientInfo()
  const channel = requested ?? (clientInfo.uniPlatform === 'mp-weixin' ? 'miniprogram' : undefined)
  if (!channel) throw new CloudError('PARAM_INVALID', 'invalid parameter: channel', { fields: [{ field: 'channel', reason: 'required outside the mini program' }] })
  const appid = appIdFor(channel)
  let payerOpenid: string | undefined
  if (channel === 'miniprogram' || channel === 'jsapi') {
    payerOpenid = await openidFor(deps.db, userId, appid)
    if (!payerOpenid) {
      throw new CloudError('PAYER_OPENID_MISSING', channel === 'miniprogram' ? 'log in through the mini program to pay there' : 'log in through the WeChat browser to pay there')
    }
  }
  return { channel, appid, ...(payerOpenid ? { payerOpenid } : {}), ...(typeof clientInfo.clientIP === 'string' ? { clientIP: clientInfo.clientIP } : {}) }
}

/** The client's views of orders with their refunds (one more request, only when one of them has any). */
async function withRefunds(db: PayDeps['db'], orders: readonly OrderRecord[]): Promise<OrderView[]> {
  const ids = orders.filter((o) => (o.refundRequests ?? 0) > 0 || (o.refundCount ?? 0) > 0).map((o) => o._id)
  const refunds = await refundsOfOrders(db, ids)
  return orders.map((order) => toOrderView(order, refunds))
}

export default defineCloudObject({
  async _before() {
    const method = this.getMethodName()
    if (NOTIFY_METHODS.has(method)) return
    // The URL path exists for WeChat Pay's notifies only; the shop is called through the client SDK.
    if (this.getClientInfo().source === 'http') throw new CloudError('METHOD_NOT_FOUND', 'not available over HTTP')
    const deps = { db: getUniCloud().database(), token: getConfig(['token']).token, env: systemEnv }
    await authenticateCall(this, deps, kitTokenOf(this))
  },

  _after(error: unknown, result: unknown) {
    const method = this.getMethodName()
    if (NOTIFY_METHODS.has(method) && (result as ComposedResponse | undefined)?.mpserverlessComposedResponse !== true) {
      // A plain answer would reach WeChat Pay as HTTP 200, an acknowledgement: never for a failure.
      console.error(`[${NAME}.${method}] failed before answering`)
      return composed(notifyFailure(500, 'processing failed, retry later'))
    }
    return normaliseAnswer(NAME, method, error, result)
  },

  /** Timer trigger (every 5 minutes): expire, reconcile and fulfil what notifies missed; upload shipping, poll receipts. */
  async _timing(): Promise<ReconcileSummary> {
    const summary = await reconcile(payDeps())
    console.log(`[${NAME}._timing] ${JSON.stringify(summary)}`)
    return summary
  },

  /**
   * Create an order from `items` and answer what the client needs to pay on
   * `channel` (default: the mini program inside it). The server prices the
   * order from the catalogue; whatever amount a client sends is ignored.
   */
  async createOrder(input: {
    items: Array<{ productId: string; quantity: number }>
    channel?: PayChannel
  }): Promise<{ orderId: string; amount: number; payment: PaymentParams }> {
    const { items, channel } = parseInput(CreateOrderInput, input)
    const { userId } = callerOf(this)
    const deps = payDeps()
    const target = await tradeTarget(this, deps, userId, channel)
    // Before WeChat Pay hears of it: TOO_MANY_UNPAID_ORDERS / RATE_LIMITED.
    await admitOrderCreation(deps, userId, getConfig(['orderLimits']).orderLimits)
    const { order, payment } = await placeOrder(deps, { userId, lines: items, ...target })
    return { orderId: order._id, amount: order.amount, payment }
  },

  /**
   * Pay an unpaid order (again) on `channel` (default: the mini program inside
   * it): the same channel reuses its trade, another closes it first. Answers
   * what the client needs to pay, or `paid: true` when it turned out paid.
   */
  async payOrder(input: { orderId: string; channel?: PayChannel }): Promise<{ orderId: string; amount: number; payment?: PaymentParams; paid?: true }> {
    const { orderId, channel } = parseInput(PayOrderInput, input)
    const { userId } = callerOf(this)
    const deps = payDeps()
    const order = await findOwnOrder(deps.db, userId, orderId)
    const target = await tradeTarget(this, deps, userId, channel)
    try {
      const answer = await payOrder(deps, order, target, async (current, trade) => {
        const tx = await deps.gateway.queryOrderByOutTradeNo(trade.outTradeNo)
        return (await applyTransaction(deps, tx, 'query', current)).order
      })
      if ('paid' in answer) return { orderId, amount: answer.order.amount, paid: true }
      return { orderId, amount: answer.order.amount, payment: answer.payment }
    } catch (error) {
      throw asCloudError(error)
    }
  },

  /**
   * One of the caller's orders; while unpaid, WeChat Pay is asked (at most every 5 s).
   * `codeUrl`: an unpaid Native order's QR code content while it can still be
   * scanned, so a page reloaded while showing the QR code shows it again.
   */
  async getOrder(input: { orderId: string }): Promise<{ order: OrderView; codeUrl?: string }> {
    const { orderId } = parseInput(OrderIdInput, input)
    const deps = payDeps()
    let order = await findOwnOrder(deps.db, callerOf(this).userId, orderId)
    if (order.status === 'NOTPAY') {
      try {
        order = await refreshUnpaidOrder(deps, order)
      } catch (error) {
        // A poller must get the stored state, not an error, when WeChat Pay is slow.
        log.warn(`[${NAME}.getOrder] query of order ${order._id} failed: ${error instanceof Error ? error.name : typeof error}`)
        order = await readOrder(deps.db, order._id)
      }
    }
    const view = (await withRefunds(deps.db, [order]))[0]
    const codeUrl = pendingCodeUrl(order, deps.env.now())
    return codeUrl ? { order: view, codeUrl } : { order: view }
  },

  /** The caller's orders, newest first, 10 per page. */
  async listOrders(input?: { status?: OrderStatus | OrderStatus[]; page?: number }): Promise<{ orders: OrderView[]; hasMore: boolean }> {
    const { status, page } = parseInput(ListOrdersInput, input)
    const db = getUniCloud().database()
    const { orders, hasMore } = await listOwnOrders(db, callerOf(this).userId, { status, page })
    return { orders: await withRefunds(db, orders), hasMore }
  },

  /** Cancel an unpaid order (closed at WeChat Pay first; one paid meanwhile becomes PAID instead). */
  async closeOrder(input: { orderId: string }): Promise<{ order: OrderView }> {
    const { orderId } = parseInput(OrderIdInput, input)
    const deps = payDeps()
    const order = await findOwnOrder(deps.db, callerOf(this).userId, orderId)
    if (order.status === 'CLOSED') return { order: toOrderView(order) }
    if (order.status !== 'NOTPAY') throw new CloudError('ORDER_NOT_PAYABLE', 'only an unpaid order can be closed')
    try {
      return { order: toOrderView(await closeUnpaidOrder(deps, order, 'USER', 'user')) }
    } catch (error) {
      throw asCloudError(error)
    }
  },

  /**
   * Ask for a refund of a paid order: `amount` fen (default: everything left)
   * and a reason. The merchant reviews it (payAdmin) unless the configured
   * policy approves it at once; the order's `refunds` show where it is.
   */
  async requestRefund(input: { orderId: string; amount?: number; reason?: string }): Promise<{ order: OrderView; refund: RefundView }> {
    const { orderId, amount, reason } = parseInput(RefundInput, input)
    const deps = payDeps()
    const order = await findOwnOrder(deps.db, callerOf(this).userId, orderId)
    const refund = await requestRefund(deps, order, { amount, reason }, getConfig(['refundPolicy']).refundPolicy)
    return { order: (await withRefunds(deps.db, [await readOrder(deps.db, orderId)]))[0], refund: toRefundView(refund) }
  },

  /** WeChat Pay's payment notify. Answers 204 only once the payment is applied and fulfilled. */
  async notify(): Promise<ComposedResponse> {
    const request = notifyRequest(this)
    if (!request) return composed(notifyFailure(400, 'HTTP only'))
    return composed(await handleTransactionNotify(payDeps(), wechatPay().notifyParser, request))
  },

  /** WeChat Pay's refund notify. */
  async refundNotify(): Promise<ComposedResponse> {
    const request = notifyRequest(this)
    if (!request) return composed(notifyFailure(400, 'HTTP only'))
    return composed(await handleRefundNotify(payDeps(), wechatPay().notifyParser, request))
  },
})
