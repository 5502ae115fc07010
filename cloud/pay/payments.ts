import { isDuplicateKeyError } from '../shared/database'
import { isWxpayError, toCloudError } from '../wxpay/errors'
import type { Transaction } from '../wxpay/types'
import { fulfilLeased, leasedOutbox, runFulfilment } from './fulfilment'
import { PaymentMatchError } from './match-error'
import { transition, type TransitionResult } from './order-transitions'
import {
  PAID_STATUSES,
  orderCommands,
  ordersOf,
  findOrderByOutTradeNo,
  readOrder,
  type CloseReason,
  type OrderRecord,
  type TradeRecord,
  type TransitionCause,
} from './orders'
import type { PayDeps } from './pay-deps'
import { priceCart, type CartLine } from './pricing'
import { refundDuplicatePayment } from './refunds'
import { newOutTradeNo, parseWechatTime } from './trade-numbers'
import {
  checkTarget,
  closeLiveTrade,
  isDefinitiveRejection,
  isWechatCode,
  newTrade,
  paymentForLiveTrade,
  type PaymentParams,
  type TradeTarget,
} from './trades'

export { PaymentMatchError } from './match-error'
export { isDefinitiveRejection, isWechatCode, type PaymentParams } from './trades'

/**
 * Paying for an order: creating it with its first trade, and applying what
 * WeChat Pay says about any of its trades (a notify, a query, a close) through
 * the one transition function. A notify and a query that report the same
 * payment run the same code, so "the query shows SUCCESS but the order is
 * never updated" cannot happen, and neither can a second fulfilment. A payment
 * on a second trade of an already paid order (the buyer raced a channel
 * switch) is kept once: the extra one is refunded and recorded.
 */

/** How long an unpaid order can be paid (time_expire of all its trades). */
export const ORDER_TTL_MS = 15 * 60_000
/** getOrder asks WeChat Pay about one order at most this often. */
export const QUERY_INTERVAL_MS = 5_000

/** The error a client gets for a failed WeChat Pay call. */
export function asCloudError(error: unknown): unknown {
  return isWxpayError(error) ? toCloudError(error) : error
}

/** What placing an order needs beyond the cart. */
export interface PlaceOrderInput extends TradeTarget {
  userId: string
  lines: readonly CartLine[]
}

async function insertOrder(deps: PayDeps, draft: Omit<OrderRecord, '_id' | 'outTradeNo' | 'tradeNos' | 'trades' | 'liveTradeNo'>, target: TradeTarget): Promise<OrderRecord> {
  // 50 random bits per second make a clash unlikely; the unique index makes one harmless.
  for (let attempt = 0; ; attempt++) {
    const outTradeNo = newOutTradeNo(deps.env)
    const order = { ...draft, outTradeNo, tradeNos: [outTradeNo], trades: { [outTradeNo]: newTrade(outTradeNo, target, draft.createdAt) }, liveTradeNo: outTradeNo }
    try {
      const { id } = await ordersOf(deps.db).add(order)
      return { ...order, _id: id }
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= 2) throw error
    }
  }
}

/**
 * Create an order: price the cart from the catalogue, store the order (NOTPAY)
 * with its first trade before WeChat Pay hears of it, so a notify always finds
 * it, then place the trade and answer what the client needs to pay. A refused
 * order is closed; one whose placing failed on the way is left NOTPAY for the
 * reconciler, which asks WeChat Pay and closes it at expiry.
 */
export async function placeOrder(deps: PayDeps, input: PlaceOrderInput): Promise<{ order: OrderRecord; payment: PaymentParams }> {
  checkTarget(input)
  const priced = await priceCart(deps.db, input.lines)
  const now = deps.env.now()
  const order = await insertOrder(
    deps,
    {
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
      unverifiedTrades: 0,
      fulfilment: { status: 'none', attempts: 0, leaseUntil: 0 },
      refundable: priced.amount,
      refunded: 0,
      refundCount: 0,
      lastRefundSubmittedAt: 0,
      refundRequestOpen: false,
      refundRequests: 0,
      history: [],
    },
    input,
  )
  try {
    return { order, payment: await paymentForLiveTrade(deps, order, order.trades[order.outTradeNo]) }
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
}

/** Names of the fields of a WeChat Pay transaction that contradict the stored order and the trade it names. */
export function transactionMismatches(order: OrderRecord, tx: Transaction, mchId: string): string[] {
  const fields: string[] = []
  const trade = order.trades?.[tx.out_trade_no]
  if (!trade) fields.push('out_trade_no')
  if (tx.appid !== (trade?.appid ?? order.appid)) fields.push('appid')
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

/**
 * SUCCESS (or REFUND) on `trade` for `order` as just read: NOTPAY or CLOSED →
 * PAID, the trade becomes the paying one, with the outbox entry leased to this
 * caller in the same update; then the fulfilment. The winner fulfils under the
 * lease it already holds; a duplicate (another caller won) runs or waits for
 * the pending fulfilment from the order it has. A live trade of another
 * channel left beside the paying one is closed (best effort; the reconciler
 * confirms it).
 */
async function markPaid(deps: PayDeps, order: OrderRecord, trade: TradeRecord, tx: Transaction, by: TransitionCause): Promise<{ order: OrderRecord; changed: boolean }> {
  const outbox = leasedOutbox(deps)
  const otherLive = order.liveTradeNo && order.liveTradeNo !== trade.outTradeNo ? order.trades[order.liveTradeNo] : undefined
  const set = {
    paidAt: parseWechatTime(tx.success_time) ?? deps.env.now(),
    ...(tx.transaction_id ? { transactionId: tx.transaction_id } : {}),
    outTradeNo: trade.outTradeNo,
    channel: trade.channel,
    appid: trade.appid,
    ...(tx.payer?.openid ? { payerOpenid: tx.payer.openid } : trade.payerOpenid ? { payerOpenid: trade.payerOpenid } : {}),
    trades: { [trade.outTradeNo]: { state: 'PAID', ...(tx.transaction_id ? { transactionId: tx.transaction_id } : {}) } },
    ...(order.liveTradeNo === trade.outTradeNo ? { liveTradeNo: '' } : {}),
    fulfilment: outbox.entry,
  }
  let result: TransitionResult = { won: false, order }
  // Only what the order was read as is tried; a lost NOTPAY race may find it CLOSED meanwhile.
  if (result.order.status === 'NOTPAY') result = await transition(deps, { orderId: order._id, from: 'NOTPAY', to: 'PAID', by, set })
  if (!result.won && result.order.status === 'CLOSED') {
    result = await transition(deps, { orderId: order._id, from: 'CLOSED', to: 'PAID', by, set })
    if (result.won) deps.log.warn(`[pay] order ${order._id} was paid after it was closed here; it is PAID now`)
  }
  if (!PAID_STATUSES.includes(result.order.status)) {
    throw new Error(`order ${order._id} is ${result.order.status} after a confirmed payment`)
  }
  if (!result.won && result.order.outTradeNo !== trade.outTradeNo) {
    // Another trade won the race to pay this order: this payment is the second one.
    return { order: await recordDuplicatePayment(deps, result.order, trade, tx, by), changed: false }
  }
  if (result.won && otherLive) await closeLeftoverTrade(deps, result.order, otherLive)
  // Winner or duplicate notify alike: the notify is done only once fulfilment is.
  if (result.won) return { order: await fulfilLeased(deps, result.order, outbox.owner), changed: true }
  return { order: await runFulfilment(deps, result.order), changed: false }
}

/** A live trade of another channel left beside the paying one: close it at WeChat Pay and here; a failure leaves it for the reconciler. */
async function closeLeftoverTrade(deps: PayDeps, order: OrderRecord, trade: TradeRecord): Promise<void> {
  const now = deps.env.now()
  let verified = false
  try {
    await deps.gateway.closeOrder(trade.outTradeNo)
  } catch (error) {
    // ORDERPAID: it was paid too; its notify or the reconciler's query records and refunds it.
    verified = isWechatCode(error, 'ORDER_NOT_EXIST')
    if (!verified && !isWechatCode(error, 'ORDERPAID')) deps.log.warn(`[pay] order ${order._id}: closing a leftover trade failed; the timer checks it`)
  }
  await ordersOf(deps.db)
    .where({ _id: order._id, liveTradeNo: trade.outTradeNo })
    .update({
      liveTradeNo: '',
      trades: { [trade.outTradeNo]: { state: 'CLOSED', closedAt: now, ...(verified ? { verified: true } : {}) } },
      ...(verified ? {} : { unverifiedTrades: orderCommands(deps.db).inc(1) }),
      updatedAt: now,
    })
}

/**
 * A payment on `trade` of an order another trade has paid: recorded once (a
 * conditional update keyed by the trade) and refunded in full automatically;
 * the merchant sees it in the order's `duplicates`. A repeat of the same
 * report changes nothing.
 */
async function recordDuplicatePayment(deps: PayDeps, order: OrderRecord, trade: TradeRecord, tx: Transaction, by: TransitionCause): Promise<OrderRecord> {
  const known = order.duplicates?.[trade.outTradeNo]
  if (known) return order
  deps.log.warn(`[pay] order ${order._id} was paid twice (trade ${trade.outTradeNo} after ${order.outTradeNo}, by ${by}); refunding the second payment`)
  return refundDuplicatePayment(deps, order, trade, tx)
}

/**
 * Apply a transaction WeChat Pay reported (a verified notify or a query
 * answer): find the order by any of its trades' out_trade_no (unless the
 * caller just read the order it asked about: `known`), match appid, mchid and
 * amount against the order and that trade, then SUCCESS → PAID (+ fulfilment,
 * or a recorded and refunded duplicate), CLOSED of the live trade → CLOSED, of
 * a closed one → confirmed. Throws PaymentMatchError (logged by field name)
 * when it does not match.
 */
export async function applyTransaction(
  deps: PayDeps,
  tx: unknown,
  by: TransitionCause,
  known?: OrderRecord,
): Promise<{ order: OrderRecord; changed: boolean }> {
  checkTransactionShape(tx)
  const order = known ?? (await findOrderByOutTradeNo(deps.db, tx.out_trade_no))
  if (!order) {
    deps.log.error(`[pay] ${by} names an unknown out_trade_no`)
    throw new PaymentMatchError(404, 'no such order')
  }
  const mismatches = transactionMismatches(order, tx, deps.gateway.mchId)
  if (mismatches.length > 0) {
    deps.log.error(`[pay] ${by} for order ${order._id} (out_trade_no ${tx.out_trade_no}) does not match: ${mismatches.join(', ')}`)
    throw new PaymentMatchError(400, 'transaction does not match the order', mismatches)
  }
  const trade = order.trades[tx.out_trade_no]
  switch (tx.trade_state) {
    case 'SUCCESS':
    case 'REFUND': {
      if (PAID_STATUSES.includes(order.status) && order.outTradeNo !== trade.outTradeNo) {
        const recorded = await recordDuplicatePayment(deps, order, trade, tx, by)
        await confirmTradeClosed(deps, order, trade, false)
        return { order: recorded, changed: false }
      }
      const result = await markPaid(deps, order, trade, tx, by)
      await confirmTradeClosed(deps, result.order, trade, false)
      return result
    }
    case 'CLOSED': {
      if (trade.state === 'CLOSED' || trade.state === 'LIVE') await confirmTradeClosed(deps, order, trade, true)
      if (order.status !== 'NOTPAY' || order.liveTradeNo !== trade.outTradeNo) return { order, changed: false }
      const result = await transition(deps, {
        orderId: order._id,
        from: 'NOTPAY',
        to: 'CLOSED',
        by,
        set: { closedAt: deps.env.now(), closeReason: 'WXPAY', liveTradeNo: '', trades: { [trade.outTradeNo]: { state: 'CLOSED', closedAt: deps.env.now(), verified: true } } },
      })
      return { order: result.order, changed: result.won }
    }
    default:
      // NOTPAY, USERPAYING, PAYERROR, REVOKED: nothing settled yet; expiry closes it.
      return { order, changed: false }
  }
}

/**
 * A closed trade WeChat Pay has now reported on (closed for good, or paid
 * after all): it no longer needs confirming. Once per trade (conditional on
 * its `verified` flag).
 */
async function confirmTradeClosed(deps: PayDeps, order: OrderRecord, trade: TradeRecord, closedThere: boolean): Promise<void> {
  const current = order.trades[trade.outTradeNo]
  if (!current || current.verified || current.state === 'LIVE' || !current.closedAt) return
  await ordersOf(deps.db)
    .where({ _id: order._id, [`trades.${trade.outTradeNo}.verified`]: orderCommands(deps.db).exists(false) })
    .update({ trades: { [trade.outTradeNo]: { verified: true } }, unverifiedTrades: orderCommands(deps.db).inc(-1), updatedAt: deps.env.now() })
  if (!closedThere) deps.log.info(`[pay] closed trade ${trade.outTradeNo} of order ${order._id} was paid after all`)
}

/** Ask WeChat Pay about one trade; undefined when it never had it. */
async function queryTrade(deps: PayDeps, outTradeNo: string): Promise<Transaction | undefined> {
  try {
    return await deps.gateway.queryOrderByOutTradeNo(outTradeNo)
  } catch (error) {
    // Never placed (placing failed before WeChat Pay kept it): nothing to learn.
    if (isWechatCode(error, 'ORDER_NOT_EXIST')) return undefined
    throw error
  }
}

/**
 * Ask WeChat Pay about an unpaid order's live trade and apply the answer, at
 * most once per `minIntervalMs` per order across all callers (a conditional
 * update claims the slot and answers the order). Answers the order as it is
 * afterwards; when another caller holds the slot, the order as the caller read
 * it (reading it again here would be one more request for the same few
 * milliseconds' news).
 */
export async function refreshUnpaidOrder(
  deps: PayDeps,
  order: OrderRecord,
  options: { minIntervalMs?: number; by?: TransitionCause } = {},
): Promise<OrderRecord> {
  if (order.status !== 'NOTPAY' || !order.liveTradeNo) return order
  const now = deps.env.now()
  const { doc: claimed } = await ordersOf(deps.db)
    .where({ _id: order._id, status: 'NOTPAY', lastQueriedAt: orderCommands(deps.db).lt(now - (options.minIntervalMs ?? QUERY_INTERVAL_MS)) })
    .updateAndReturn({ lastQueriedAt: now })
  if (!claimed || !claimed.liveTradeNo) return claimed ?? order
  const tx = await queryTrade(deps, claimed.liveTradeNo)
  if (!tx) return claimed
  // The claim answered the order as it was a moment ago: no need to look it up by out_trade_no again.
  return (await applyTransaction(deps, tx, options.by ?? 'query', claimed)).order
}

/**
 * Ask WeChat Pay about the closed trades of an order that no query has
 * confirmed yet (a payment may have crossed the close): CLOSED confirms them,
 * SUCCESS pays the order or, when another trade paid it, is recorded and refunded.
 */
export async function verifyClosedTrades(deps: PayDeps, order: OrderRecord, by: TransitionCause = 'timing'): Promise<OrderRecord> {
  let current = order
  for (const trade of Object.values(order.trades)) {
    if (trade.state !== 'CLOSED' || trade.verified) continue
    const tx = await queryTrade(deps, trade.outTradeNo)
    if (!tx) {
      await confirmTradeClosed(deps, current, trade, true)
      continue
    }
    current = (await applyTransaction(deps, tx, by, current)).order
  }
  return readOrder(deps.db, order._id)
}

/**
 * Close an unpaid order: its live trade at WeChat Pay first, so it can no
 * longer be paid, then the order here. When WeChat Pay says the trade was paid
 * meanwhile, the query's answer is applied instead and the order becomes PAID.
 */
export async function closeUnpaidOrder(deps: PayDeps, order: OrderRecord, reason: CloseReason, by: TransitionCause): Promise<OrderRecord> {
  if (order.status !== 'NOTPAY') return order
  const live = order.liveTradeNo ? order.trades[order.liveTradeNo] : undefined
  if (live) {
    const outcome = await closeLiveTrade(deps, order, live)
    if (!outcome.closed) {
      const tx = await queryTrade(deps, live.outTradeNo)
      if (tx) return (await applyTransaction(deps, tx, by)).order
    }
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
 * An unpaid order past its time_expire: one final query of each of its trades
 * (a payment made at the last second still counts), then close.
 */
export async function expireOrder(deps: PayDeps, order: OrderRecord): Promise<OrderRecord> {
  if (order.status !== 'NOTPAY') return order
  for (const trade of Object.values(order.trades)) {
    if (trade.state !== 'LIVE' && (trade.state !== 'CLOSED' || trade.verified)) continue
    const tx = await queryTrade(deps, trade.outTradeNo)
    if (tx && (tx.trade_state === 'SUCCESS' || tx.trade_state === 'REFUND')) return (await applyTransaction(deps, tx, 'timing', order)).order
  }
  return closeUnpaidOrder(deps, await readOrder(deps.db, order._id), 'EXPIRED', 'timing')
}
