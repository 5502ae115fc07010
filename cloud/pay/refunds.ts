import { isDuplicateKeyError } from '../shared/database'
import { CloudError } from '../shared/errors'
import { isWxpayError } from '../wxpay/errors'
import type { RefundStatus } from '../wxpay/types'
import { transition } from './order-transitions'
import {
  findOrderByOutTradeNo,
  orderCommands,
  ordersOf,
  readOrder,
  type OrderRecord,
  type OrderRefund,
  type OrderStatus,
  type RefundState,
  type TransitionCause,
} from './orders'
import type { PayDeps } from './pay-deps'
import { PaymentMatchError, isDefinitiveRejection } from './payments'
import { newOutRefundNo, parseWechatTime } from './trade-numbers'
import { COLLECTIONS } from '../shared/collections'

/**
 * Full refunds: PAID → REFUNDING when asked, then REFUNDED or REFUND_FAILED
 * when WeChat Pay settles it (by the create answer, a refund notify, or the
 * reconciler's query), all through the one transition function. The
 * `wxkit-refunds` collection is the ledger (unique out_refund_no); the order keeps a
 * copy of its refund for the client.
 */

export const REFUNDS = COLLECTIONS.refunds
/** WeChat Pay's limit on `reason`. */
export const REFUND_REASON_MAX_LENGTH = 80

/** A `wxkit-refunds` document. */
export interface RefundRecord {
  _id: string
  /** Unique (index). */
  outRefundNo: string
  orderId: string
  outTradeNo: string
  userId: string
  /** Integer fen. */
  amount: number
  total: number
  reason: string
  status: RefundState
  refundId?: string
  successTime?: string
  createdAt: number
  updatedAt: number
}

/** What WeChat Pay reports about a refund: the refund APIs' answer or a REFUND.* notify's resource. */
export interface RefundReport {
  out_refund_no: string
  out_trade_no: string
  refund_id?: string
  mchid?: string
  success_time?: string
  status: RefundStatus
  amount: { refund: number; total: number }
}

/** Check and normalise a refund report: a refund API answer (`status`) or a REFUND.* notify resource (`refund_status`). */
export function refundReportOf(resource: unknown): RefundReport {
  const r = resource as Record<string, unknown> | null
  const amount = r?.amount as Record<string, unknown> | undefined
  const status = r?.refund_status ?? r?.status
  const ok =
    typeof r === 'object' &&
    r !== null &&
    typeof r.out_refund_no === 'string' &&
    typeof r.out_trade_no === 'string' &&
    typeof status === 'string' &&
    typeof amount === 'object' &&
    amount !== null &&
    typeof amount.refund === 'number' &&
    typeof amount.total === 'number'
  if (!ok) throw new PaymentMatchError(400, 'refund lacks out_refund_no, out_trade_no, status or amount')
  return {
    out_refund_no: r.out_refund_no as string,
    out_trade_no: r.out_trade_no as string,
    ...(typeof r.refund_id === 'string' ? { refund_id: r.refund_id } : {}),
    ...(typeof r.mchid === 'string' ? { mchid: r.mchid } : {}),
    ...(typeof r.success_time === 'string' ? { success_time: r.success_time } : {}),
    status: status as RefundStatus,
    amount: { refund: amount.refund as number, total: amount.total as number },
  }
}

function refundsOf(deps: PayDeps) {
  return deps.db.collection<RefundRecord>(REFUNDS)
}

/** Write the ledger entry of an order's refund, once (the unique index absorbs repeats). */
async function recordRefund(deps: PayDeps, order: OrderRecord): Promise<void> {
  const refund = order.refund as OrderRefund
  const now = deps.env.now()
  try {
    await refundsOf(deps).add({
      outRefundNo: refund.outRefundNo,
      orderId: order._id,
      outTradeNo: order.outTradeNo,
      userId: order.userId,
      amount: refund.amount,
      total: order.amount,
      reason: refund.reason,
      status: 'PROCESSING',
      createdAt: now,
      updatedAt: now,
    })
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error
  }
}

/** Move the ledger entry out of PROCESSING (once). */
async function settleRecord(deps: PayDeps, outRefundNo: string, status: RefundState, facts: { refundId?: string; successTime?: string }): Promise<void> {
  await refundsOf(deps)
    .where({ outRefundNo, status: 'PROCESSING' })
    .update({ status, updatedAt: deps.env.now(), ...(facts.refundId ? { refundId: facts.refundId } : {}), ...(facts.successTime ? { successTime: facts.successTime } : {}) })
}

/**
 * Apply a refund report: match it against the order (out_refund_no,
 * out_trade_no, amounts, mchid), then SUCCESS → REFUNDED, CLOSED/ABNORMAL →
 * REFUND_FAILED, PROCESSING → nothing yet. Duplicates change nothing.
 */
export async function applyRefund(deps: PayDeps, report: RefundReport, by: TransitionCause): Promise<OrderRecord> {
  const order = await findOrderByOutTradeNo(deps.db, report.out_trade_no)
  if (!order || order.refund?.outRefundNo !== report.out_refund_no) {
    deps.log.error(`[pay] ${by} names an unknown refund`)
    throw new PaymentMatchError(404, 'no such refund')
  }
  const refund = order.refund
  const fields: string[] = []
  if (report.amount.refund !== refund.amount) fields.push('amount.refund')
  if (report.amount.total !== order.amount) fields.push('amount.total')
  if (report.mchid !== undefined && (report.mchid !== order.mchid || report.mchid !== deps.gateway.mchId)) fields.push('mchid')
  if (fields.length > 0) {
    deps.log.error(`[pay] refund ${refund.outRefundNo} of order ${order._id}: ${by} does not match: ${fields.join(', ')}`)
    throw new PaymentMatchError(400, 'refund does not match the order', fields)
  }
  await recordRefund(deps, order)
  const refundId = report.refund_id
  if (report.status === 'PROCESSING') {
    if (refundId && !refund.refundId) await ordersOf(deps.db).where({ _id: order._id }).update({ refund: { refundId } })
    return readOrder(deps.db, order._id)
  }
  const target: OrderStatus = report.status === 'SUCCESS' ? 'REFUNDED' : 'REFUND_FAILED'
  await settleRecord(deps, refund.outRefundNo, report.status, { refundId, successTime: report.success_time })
  const result = await transition(deps, {
    orderId: order._id,
    from: 'REFUNDING',
    to: target,
    by,
    set: {
      refund: {
        status: report.status,
        ...(refundId ? { refundId } : {}),
        ...(report.status === 'SUCCESS' ? { succeededAt: parseWechatTime(report.success_time) ?? deps.env.now() } : {}),
      },
    },
  })
  if (!result.won && result.order.status !== target) {
    deps.log.warn(`[pay] refund ${refund.outRefundNo} reported ${report.status} while order ${order._id} is ${result.order.status}`)
  }
  return result.order
}

/** Send the order's refund to WeChat Pay (same parameters every time) and apply the answer. */
async function submitRefund(deps: PayDeps, order: OrderRecord): Promise<OrderRecord> {
  const refund = order.refund as OrderRefund
  let answer: unknown
  try {
    answer = await deps.gateway.createRefund({
      out_trade_no: order.outTradeNo,
      out_refund_no: refund.outRefundNo,
      ...(refund.reason ? { reason: refund.reason } : {}),
      amount: { refund: refund.amount, total: order.amount, currency: 'CNY' },
    })
  } catch (error) {
    if (!isDefinitiveRejection(error)) {
      // Timeout, 5xx, 429 after the client's own retries: the reconciler asks again.
      deps.log.warn(`[pay] refund ${refund.outRefundNo} not submitted yet (${isWxpayError(error) ? error.code : 'error'}); the timer retries`)
      return readOrder(deps.db, order._id)
    }
    const wechatCode = isWxpayError(error) ? (error.wechatCode ?? error.code) : 'REJECTED'
    deps.log.warn(`[pay] refund ${refund.outRefundNo} of order ${order._id} refused by WeChat Pay (${wechatCode})`)
    await settleRecord(deps, refund.outRefundNo, 'REJECTED', {})
    const result = await transition(deps, {
      orderId: order._id,
      from: 'REFUNDING',
      to: 'REFUND_FAILED',
      by: 'refund',
      set: { refund: { status: 'REJECTED', wechatCode } },
    })
    return result.order
  }
  return applyRefund(deps, refundReportOf(answer), 'refund')
}

/**
 * Refund a paid order in full: PAID → REFUNDING with a new out_refund_no (one
 * conditional update, so a double click refunds once), the ledger entry, then
 * WeChat Pay. Asking again while it is under way answers the order as it is.
 */
export async function requestRefund(deps: PayDeps, order: OrderRecord, reason: string): Promise<OrderRecord> {
  if (order.status === 'REFUNDING' || order.status === 'REFUNDED') return order
  if (order.status !== 'PAID') throw new CloudError('ORDER_NOT_REFUNDABLE', 'only a paid order can be refunded')
  const now = deps.env.now()
  const refund: OrderRefund = {
    outRefundNo: newOutRefundNo(deps.env),
    status: 'PROCESSING',
    amount: order.amount,
    reason: reason.slice(0, REFUND_REASON_MAX_LENGTH),
    requestedAt: now,
    lastQueriedAt: now,
  }
  const result = await transition(deps, { orderId: order._id, from: 'PAID', to: 'REFUNDING', by: 'user', set: { refund } })
  if (!result.won) {
    if (result.order.status === 'REFUNDING' || result.order.status === 'REFUNDED') return result.order
    throw new CloudError('ORDER_NOT_REFUNDABLE', 'only a paid order can be refunded')
  }
  await recordRefund(deps, result.order)
  return submitRefund(deps, result.order)
}

/**
 * Reconcile a REFUNDING order (the timer): ask WeChat Pay about its refund at
 * most once per `minIntervalMs`; a refund WeChat Pay never received is
 * submitted again with the same out_refund_no.
 */
export async function reconcileRefund(deps: PayDeps, order: OrderRecord, options: { minIntervalMs?: number } = {}): Promise<OrderRecord> {
  if (order.status !== 'REFUNDING' || !order.refund) return order
  const now = deps.env.now()
  const { updated } = await ordersOf(deps.db)
    .where({ _id: order._id, status: 'REFUNDING', 'refund.lastQueriedAt': orderCommands(deps.db).lt(now - (options.minIntervalMs ?? 60_000)) })
    .update({ refund: { lastQueriedAt: now } })
  if (updated !== 1) return readOrder(deps.db, order._id)
  await recordRefund(deps, order)
  let answer: unknown
  try {
    answer = await deps.gateway.queryRefund(order.refund.outRefundNo)
  } catch (error) {
    if (isWxpayError(error, 'UPSTREAM_ERROR') && error.status === 404) return submitRefund(deps, order)
    throw error
  }
  return applyRefund(deps, refundReportOf(answer), 'timing')
}
