import { isDuplicateKeyError } from '../shared/database'
import { CloudError } from '../shared/errors'
import { isWxpayError, toCloudError } from '../wxpay/errors'
import type { RequestPaymentParams, Transaction } from '../wxpay/types'
import { runFulfilment } from './fulfilment'
import { transition } from './order-transitions'
import {
  PAID_STATUSES,
  orderCommands,
  ordersOf,
  findOrderByOutTradeNo,
  readOrder,
  type CloseReason,
  type OrderRecord,
  type PayChannel,
  type TransitionCause,
} from './orders'
import type { PayDeps } from './pay-deps'
import { priceCart, type CartLine } from './pricing'
import { formatBeijingTime, newOutTradeNo, parseWechatTime } from './trade-numbers'

/**
 * Paying for an order: placing it with WeChat Pay, and applying what WeChat
 * Pay says about it (a notify, a query, a close) through the one transition
 * function. A notify and a query that report the same payment run the same
 * code, so "the query shows SUCCESS but the order is never updated" cannot
 * happen, and neither can a second fulfilment.
 */

/** How long an unpaid order can be paid (time_expire). */
export const ORDER_TTL_MS = 15 * 60_000
/** getOrder asks WeChat Pay about one order at most this often. */
export const QUERY_INTERVAL_MS = 5_000
/** How long WeChat Pay's Native code_url can be scanned (docs/wechat-h5-returns.md). */
export const CODE_URL_TTL_MS = 2 * 60 * 60_000

/** What the client hands to WeChat to pay, by channel. */
export type PaymentParams = RequestPaymentParams | { h5Url: string } | { codeUrl: string }

/** A payment report that does not belong to the order it names; `status` is the notify's HTTP answer. */
export class PaymentMatchError extends Error {
  readonly status: number
  readonly fields: string[]

  constructor(status: number, message: string, fields: string[] = []) {
    super(message)
    this.name = 'PaymentMatchError'
    this.status = status
    this.fields = fields
  }
}

/** True for a WeChat Pay answer with this `code`. */
export function isWechatCode(error: unknown, code: string): boolean {
  return isWxpayError(error, 'UPSTREAM_ERROR') && error.wechatCode === code
}

/**
 * True when WeChat Pay (or the local checks before sending) refused the
 * request itself: a 4xx other than 429. Repeating it would fail the same way.
 */
export function isDefinitiveRejection(error: unknown): boolean {
  if (isWxpayError(error, 'REQUEST_INVALID')) return true
  if (!isWxpayError(error, 'UPSTREAM_ERROR') || error.status === undefined) return false
  return error.status >= 400 && error.status < 500 && error.status !== 429
}

/** The error a client gets for a failed WeChat Pay call. */
export function asCloudError(error: unknown): unknown {
  return isWxpayError(error) ? toCloudError(error) : error
}

/** What placing an order needs beyond the cart. */
export interface PlaceOrderInput {
  userId: string
  lines: readonly CartLine[]
  channel: PayChannel
  /** The app the payer pays in (mini program, official account, or the merchant's app for H5/Native). */
  appid: string
  /** Required for miniprogram and jsapi: the payer's openid under `appid`. */
  payerOpenid?: string
  /** Required for h5: scene_info.payer_client_ip. */
  clientIP?: string
}

async function insertOrder(deps: PayDeps, draft: Omit<OrderRecord, '_id' | 'outTradeNo'>): Promise<OrderRecord> {
  // 50 random bits per second make a clash unlikely; the unique index makes one harmless.
  for (let attempt = 0; ; attempt++) {
    const outTradeNo = newOutTradeNo(deps.env)
    try {
      const { id } = await ordersOf(deps.db).add({ ...draft, outTradeNo })
      return { ...draft, outTradeNo, _id: id }
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= 2) throw error
    }
  }
}

async function submitOrder(deps: PayDeps, order: OrderRecord, input: PlaceOrderInput): Promise<PaymentParams> {
  const base = {
    appid: order.appid,
    description: order.description,
    out_trade_no: order.outTradeNo,
    time_expire: formatBeijingTime(order.timeExpire),
    amount: { total: order.amount, currency: 'CNY' as const },
  }
  switch (order.channel) {
    case 'miniprogram':
    case 'jsapi': {
      const { prepay_id } = await deps.gateway.createJsapiOrder({ ...base, payer: { openid: input.payerOpenid as string } })
      return deps.gateway.buildRequestPaymentParams({ appId: order.appid, prepayId: prepay_id })
    }
    case 'h5': {
      const { h5_url } = await deps.gateway.createH5Order({
        ...base,
        scene_info: { payer_client_ip: input.clientIP as string, h5_info: { type: 'Wap' } },
      })
      return { h5Url: h5_url }
    }
    case 'native': {
      const { code_url } = await deps.gateway.createNativeOrder(base)
      return { codeUrl: code_url }
    }
  }
}

/**
 * Create an order: price the cart from the catalogue, store the order
 * (NOTPAY) before WeChat Pay hears of it, so a notify always finds it, then
 * place it and answer what the client needs to pay. A refused order is
 * closed; one whose placing failed on the way is left NOTPAY for the
 * reconciler, which asks WeChat Pay and closes it at expiry.
 */
export async function placeOrder(deps: PayDeps, input: PlaceOrderInput): Promise<{ order: OrderRecord; payment: PaymentParams }> {
  if ((input.channel === 'miniprogram' || input.channel === 'jsapi') && !input.payerOpenid) {
    throw new CloudError('PAYER_OPENID_MISSING', 'the payer has no openid for this app')
  }
  if (input.channel === 'h5' && !input.clientIP) throw new CloudError('PARAM_INVALID', 'the client IP is unknown')
  const priced = await priceCart(deps.db, input.lines)
  const now = deps.env.now()
  const order = await insertOrder(deps, {
    userId: input.userId,
    channel: input.channel,
    appid: input.appid,
    mchid: deps.gateway.mchId,
    ...(input.payerOpenid ? { payerOpenid: input.payerOpenid } : {}),
    description: priced.description,
    items: priced.items,
    amount: priced.amount,
    currency: 'CNY',
    status: 'NOTPAY',
    timeExpire: now + ORDER_TTL_MS,
    createdAt: now,
    updatedAt: now,
    lastQueriedAt: 0,
    fulfilment: { status: 'none', attempts: 0, leaseUntil: 0 },
    history: [],
  })
  let payment: PaymentParams
  try {
    payment = await submitOrder(deps, order, input)
  } catch (error) {
    if (isDefinitiveRejection(error)) {
      deps.log.warn(`[pay] order ${order._id} refused by WeChat Pay (${isWxpayError(error) ? (error.wechatCode ?? error.code) : 'error'})`)
      await transition(deps, {
        orderId: order._id,
        from: 'NOTPAY',
        to: 'CLOSED',
        by: 'create',
        set: { closedAt: deps.env.now(), closeReason: 'REJECTED' },
      }).catch(() => undefined)
    }
    throw asCloudError(error)
  }
  if ('codeUrl' in payment) {
    // Only for showing the QR code again; the payment itself does not depend on it.
    const kept = await ordersOf(deps.db)
      .where({ _id: order._id, status: 'NOTPAY' })
      .update({ codeUrl: payment.codeUrl })
      .then(() => true, () => false)
    if (kept) order.codeUrl = payment.codeUrl
    else deps.log.warn(`[pay] order ${order._id}: code_url not stored (the QR code cannot be shown again)`)
  }
  return { order, payment }
}

/**
 * The code_url a page can show again for `order` (a reload while the QR code
 * was up): only while the order is unpaid, placed on the Native channel, before
 * its time_expire and within the code_url's own 2 hours.
 */
export function pendingCodeUrl(order: OrderRecord, now: number): string | undefined {
  if (order.status !== 'NOTPAY' || order.channel !== 'native' || !order.codeUrl) return undefined
  if (now >= order.timeExpire || now >= order.createdAt + CODE_URL_TTL_MS) return undefined
  return order.codeUrl
}

/** Names of the fields of a WeChat Pay transaction that contradict the stored order. */
export function transactionMismatches(order: OrderRecord, tx: Transaction, mchId: string): string[] {
  const fields: string[] = []
  if (tx.out_trade_no !== order.outTradeNo) fields.push('out_trade_no')
  if (tx.appid !== order.appid) fields.push('appid')
  if (tx.mchid !== order.mchid || tx.mchid !== mchId) fields.push('mchid')
  const paid = tx.trade_state === 'SUCCESS' || tx.trade_state === 'REFUND'
  const total = tx.amount?.total
  if ((paid && total === undefined) || (total !== undefined && total !== order.amount)) fields.push('amount')
  if (tx.amount?.currency !== undefined && tx.amount.currency !== order.currency) fields.push('currency')
  return fields
}

/** Check the shape of a decrypted or queried transaction before it is trusted to name an order. */
function checkTransactionShape(tx: unknown): asserts tx is Transaction {
  const t = tx as Partial<Transaction> | null
  const ok =
    typeof t === 'object' &&
    t !== null &&
    typeof t.out_trade_no === 'string' &&
    typeof t.appid === 'string' &&
    typeof t.mchid === 'string' &&
    typeof t.trade_state === 'string' &&
    (t.amount === undefined || (typeof t.amount === 'object' && t.amount !== null))
  if (!ok) throw new PaymentMatchError(400, 'transaction lacks out_trade_no, appid, mchid or trade_state')
}

async function markPaid(deps: PayDeps, order: OrderRecord, tx: Transaction, by: TransitionCause): Promise<{ order: OrderRecord; changed: boolean }> {
  const set = {
    paidAt: parseWechatTime(tx.success_time) ?? deps.env.now(),
    ...(tx.transaction_id ? { transactionId: tx.transaction_id } : {}),
    ...(tx.payer?.openid ? { payerOpenid: tx.payer.openid } : {}),
    fulfilment: { status: 'pending', attempts: 0, leaseUntil: 0 },
  }
  let result = await transition(deps, { orderId: order._id, from: 'NOTPAY', to: 'PAID', by, set })
  if (!result.won && result.order.status === 'CLOSED') {
    result = await transition(deps, { orderId: order._id, from: 'CLOSED', to: 'PAID', by, set })
    if (result.won) deps.log.warn(`[pay] order ${order._id} was paid after it was closed here; it is PAID now`)
  }
  if (!PAID_STATUSES.includes(result.order.status)) {
    throw new Error(`order ${order._id} is ${result.order.status} after a confirmed payment`)
  }
  // Winner or duplicate alike: the notify is done only once fulfilment is.
  return { order: await runFulfilment(deps, order._id), changed: result.won }
}

/**
 * Apply a transaction WeChat Pay reported (a verified notify or a query
 * answer): find the order by out_trade_no, match appid, mchid and amount,
 * then SUCCESS → PAID (+ fulfilment), CLOSED → CLOSED. Throws
 * PaymentMatchError (logged by field name) when it does not match.
 */
export async function applyTransaction(deps: PayDeps, tx: unknown, by: TransitionCause): Promise<{ order: OrderRecord; changed: boolean }> {
  checkTransactionShape(tx)
  const order = await findOrderByOutTradeNo(deps.db, tx.out_trade_no)
  if (!order) {
    deps.log.error(`[pay] ${by} names an unknown out_trade_no`)
    throw new PaymentMatchError(404, 'no such order')
  }
  const mismatches = transactionMismatches(order, tx, deps.gateway.mchId)
  if (mismatches.length > 0) {
    deps.log.error(`[pay] ${by} for order ${order._id} (out_trade_no ${order.outTradeNo}) does not match: ${mismatches.join(', ')}`)
    throw new PaymentMatchError(400, 'transaction does not match the order', mismatches)
  }
  switch (tx.trade_state) {
    case 'SUCCESS':
    case 'REFUND':
      return markPaid(deps, order, tx, by)
    case 'CLOSED': {
      if (order.status !== 'NOTPAY') return { order, changed: false }
      const result = await transition(deps, {
        orderId: order._id,
        from: 'NOTPAY',
        to: 'CLOSED',
        by,
        set: { closedAt: deps.env.now(), closeReason: 'WXPAY' },
      })
      return { order: result.order, changed: result.won }
    }
    default:
      // NOTPAY, USERPAYING, PAYERROR, REVOKED: nothing settled yet; expiry closes it.
      return { order, changed: false }
  }
}

/**
 * Ask WeChat Pay about an unpaid order and apply the answer, at most once per
 * `minIntervalMs` per order across all callers (a conditional update claims
 * the slot). Answers the order as it is afterwards.
 */
export async function refreshUnpaidOrder(
  deps: PayDeps,
  order: OrderRecord,
  options: { minIntervalMs?: number; by?: TransitionCause } = {},
): Promise<OrderRecord> {
  if (order.status !== 'NOTPAY') return order
  const now = deps.env.now()
  const { updated } = await ordersOf(deps.db)
    .where({ _id: order._id, status: 'NOTPAY', lastQueriedAt: orderCommands(deps.db).lt(now - (options.minIntervalMs ?? QUERY_INTERVAL_MS)) })
    .update({ lastQueriedAt: now })
  if (updated !== 1) return readOrder(deps.db, order._id)
  let tx: Transaction
  try {
    tx = await deps.gateway.queryOrderByOutTradeNo(order.outTradeNo)
  } catch (error) {
    // Never placed (placing failed before WeChat Pay kept it): nothing to learn.
    if (isWechatCode(error, 'ORDER_NOT_EXIST')) return readOrder(deps.db, order._id)
    throw error
  }
  return (await applyTransaction(deps, tx, options.by ?? 'query')).order
}

/**
 * Close an unpaid order: at WeChat Pay first, so it can no longer be paid,
 * then here. When WeChat Pay says it was paid meanwhile, the query's answer is
 * applied instead and the order becomes PAID.
 */
export async function closeUnpaidOrder(deps: PayDeps, order: OrderRecord, reason: CloseReason, by: TransitionCause): Promise<OrderRecord> {
  if (order.status !== 'NOTPAY') return order
  try {
    await deps.gateway.closeOrder(order.outTradeNo)
  } catch (error) {
    if (isWechatCode(error, 'ORDERPAID')) {
      const tx = await deps.gateway.queryOrderByOutTradeNo(order.outTradeNo)
      return (await applyTransaction(deps, tx, by)).order
    }
    // Never placed at WeChat Pay: closing here is all there is to do.
    if (!isWechatCode(error, 'ORDER_NOT_EXIST')) throw error
  }
  const result = await transition(deps, {
    orderId: order._id,
    from: 'NOTPAY',
    to: 'CLOSED',
    by,
    set: { closedAt: deps.env.now(), closeReason: reason },
  })
  return result.order
}

/**
 * An unpaid order past its time_expire: one final query (a payment made at
 * the last second still counts), then close.
 */
export async function expireOrder(deps: PayDeps, order: OrderRecord): Promise<OrderRecord> {
  if (order.status !== 'NOTPAY') return order
  let tx: Transaction | undefined
  try {
    tx = await deps.gateway.queryOrderByOutTradeNo(order.outTradeNo)
  } catch (error) {
    if (!isWechatCode(error, 'ORDER_NOT_EXIST')) throw error
  }
  if (tx && (tx.trade_state === 'SUCCESS' || tx.trade_state === 'REFUND')) return (await applyTransaction(deps, tx, 'timing')).order
  return closeUnpaidOrder(deps, order, 'EXPIRED', 'timing')
}
