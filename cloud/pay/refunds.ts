import { isDuplicateKeyError } from '../shared/database'
import { commands } from '../shared/db-commands'
import { CloudError } from '../shared/errors'
import { isWxpayError } from '../wxpay/errors'
import type { RefundStatus as WechatRefundStatus, Transaction } from '../wxpay/types'
import { PaymentMatchError } from './match-error'
import { transition } from './order-transitions'
import {
  REFUNDABLE_STATUSES,
  orderCommands,
  ordersOf,
  readOrder,
  type OrderRecord,
  type TradeRecord,
  type TransitionCause,
} from './orders'
import type { PayDeps } from './pay-deps'
import { refundsOf, type RefundOrigin, type RefundRecord, type RefundStatus } from './refund-records'
import { newOutRefundNo, parseWechatTime } from './trade-numbers'
import { isDefinitiveRejection } from './trades'

/**
 * Refunds under the merchant's control. A buyer asks (`requestRefund`: an
 * amount, part or all of what is left, and a reason); the merchant approves or
 * rejects with a reason the buyer sees; a configured policy may approve at
 * once. The merchant may also refund part or all of an order on their own. An
 * approval reserves the amount on the order with one conditional update
 * (`refundable ≥ amount`, fewer than 50 refunds, paid within a year), so
 * concurrent approvals can never refund more than was paid; only then is the
 * refund sent to WeChat Pay, with an out_refund_no fixed at approval and reused
 * by every retry. WeChat Pay wants a minute between two refunds of one order:
 * an approval inside that minute waits and the timer sends it.
 *
 * Every refund is settled by the one function `applyRefund`, whatever
 * reported it: the answer of the create call, a REFUND.* notify, the
 * reconciler's query. SUCCESS adds to the order's `refunded` and moves it to
 * PARTIALLY_REFUNDED or REFUNDED through the one transition; CLOSED (and a
 * refusal) gives the amount back; ABNORMAL keeps it for the merchant to resolve.
 */

/** WeChat Pay's limit on `reason`. */
export const REFUND_REASON_MAX_LENGTH = 80
/** WeChat Pay refunds one trade at most 50 times. */
export const MAX_REFUNDS_PER_ORDER = 50
/** WeChat Pay refunds a trade within a year of its payment (支付成功时间 + 365 天). */
export const REFUND_WINDOW_MS = 365 * 86400_000
/** WeChat Pay wants refund requests of one order a minute apart (a retry of the same refund is exempt). */
export const REFUND_SPACING_MS = 60_000
/** The reconciler asks about a refund under way, or resends one not yet accepted, at most this often. */
export const REFUND_RECHECK_MS = 60_000

/** The `refundPolicy` config section: when a buyer's request is approved without review. */
export interface RefundPolicy {
  /** Absent: every request waits for review. Present: approve when every condition given holds. */
  autoApprove?: {
    /** Only while the order is not yet fulfilled. */
    unfulfilledOnly?: boolean
    /** Only up to this amount (fen). */
    maxAmount?: number
  }
}

/** What WeChat Pay reports about a refund: the refund APIs' answer or a REFUND.* notify's resource. */
export interface RefundReport {
  out_refund_no: string
  out_trade_no: string
  refund_id?: string
  mchid?: string
  success_time?: string
  status: WechatRefundStatus
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
    status: status as WechatRefundStatus,
    amount: { refund: amount.refund as number, total: amount.total as number },
  }
}

function cleanReason(reason: string | undefined, fallback: string): string {
  const text = (reason ?? '').trim()
  return (text || fallback).slice(0, REFUND_REASON_MAX_LENGTH)
}

/** Why an order cannot take a refund of `amount` now, as the stable error a caller gets (before WeChat Pay is asked). */
function refusalFor(order: OrderRecord, amount: number, now: number): CloudError {
  if (!REFUNDABLE_STATUSES.includes(order.status)) return new CloudError('ORDER_NOT_REFUNDABLE', 'only a paid order can be refunded')
  if ((order.paidAt ?? 0) <= now - REFUND_WINDOW_MS) return new CloudError('REFUND_WINDOW_CLOSED', 'WeChat Pay refunds a payment within a year only')
  if (order.refundCount >= MAX_REFUNDS_PER_ORDER) return new CloudError('REFUND_LIMIT_REACHED', `an order can be refunded at most ${MAX_REFUNDS_PER_ORDER} times`)
  if (amount > order.refundable) {
    return new CloudError('REFUND_EXCEEDS_REMAINING', 'the amount is more than what is left to refund', { refundable: order.refundable })
  }
  return new CloudError('ORDER_NOT_REFUNDABLE', 'the order cannot be refunded now')
}

/** Check a refund of `amount` against the order as read (a quick refusal; the reservation is the real check). */
function checkRefundable(order: OrderRecord, amount: number, now: number): void {
  if (!Number.isInteger(amount) || amount < 1) throw new CloudError('PARAM_INVALID', 'invalid parameter: amount', { fields: [{ field: 'amount', reason: 'must be a whole number of fen, at least 1' }] })
  const ok =
    REFUNDABLE_STATUSES.includes(order.status) &&
    (order.paidAt ?? 0) > now - REFUND_WINDOW_MS &&
    order.refundCount < MAX_REFUNDS_PER_ORDER &&
    amount <= order.refundable
  if (!ok) throw refusalFor(order, amount, now)
}

/**
 * Reserve `amount` of the order for one refund: one conditional update, so
 * of concurrent reservations only those that fit what is left succeed.
 */
async function reserve(deps: PayDeps, orderId: string, amount: number): Promise<OrderRecord> {
  const now = deps.env.now()
  const cmd = orderCommands(deps.db)
  const { doc } = await ordersOf(deps.db)
    .where({
      _id: orderId,
      status: cmd.in([...REFUNDABLE_STATUSES]),
      refundable: cmd.gte(amount),
      refundCount: cmd.lt(MAX_REFUNDS_PER_ORDER),
      paidAt: cmd.gt(now - REFUND_WINDOW_MS),
    })
    .updateAndReturn({ refundable: cmd.inc(-amount), refundCount: cmd.inc(1), updatedAt: now })
  if (doc) return doc
  throw refusalFor(await readOrder(deps.db, orderId), amount, now)
}

/** Give a reservation back (the refund was closed or refused); a refusal also gives its count back. */
async function release(deps: PayDeps, refund: RefundRecord, refused: boolean): Promise<void> {
  if (refund.origin === 'duplicate') return
  const cmd = orderCommands(deps.db)
  await ordersOf(deps.db)
    .where({ _id: refund.orderId })
    .update({ refundable: cmd.inc(refund.amount), ...(refused ? { refundCount: cmd.inc(-1) } : {}), updatedAt: deps.env.now() })
}

async function insertRefund(deps: PayDeps, draft: Omit<RefundRecord, '_id' | 'createdAt' | 'updatedAt' | 'attempts' | 'lastQueriedAt'> & { _id?: string }): Promise<RefundRecord> {
  const now = deps.env.now()
  const record = { ...draft, attempts: 0, lastQueriedAt: 0, createdAt: now, updatedAt: now }
  const { id } = await refundsOf(deps.db).add(record)
  return { ...record, _id: id } as RefundRecord
}

/** A refund by id, or REFUND_NOT_FOUND. */
export async function readRefund(deps: Pick<PayDeps, 'db'>, refundId: string): Promise<RefundRecord> {
  const { data } = await refundsOf(deps.db).doc(refundId).get()
  if (!data[0]) throw new CloudError('REFUND_NOT_FOUND', 'refund not found')
  return data[0]
}

/** Move a refund from one of `from` to `to` with `set`, atomically; the refund afterwards, or undefined when another caller moved it first. */
async function moveRefund(deps: PayDeps, refundId: string, from: readonly RefundStatus[], to: RefundStatus, set: Record<string, unknown> = {}): Promise<RefundRecord | undefined> {
  const { doc } = await refundsOf(deps.db)
    .where({ _id: refundId, status: orderCommands(deps.db).in([...from]) })
    .updateAndReturn({ ...set, status: to, updatedAt: deps.env.now() })
  return doc ?? undefined
}

/** Whether the policy approves this request without review. */
export function policyApproves(policy: RefundPolicy | undefined, order: OrderRecord, amount: number): boolean {
  const rule = policy?.autoApprove
  if (!rule) return false
  if (rule.unfulfilledOnly && order.fulfilment?.status === 'done') return false
  if (rule.maxAmount !== undefined && amount > rule.maxAmount) return false
  return true
}

/**
 * A buyer asks for a refund of `amount` (default: everything left) of their
 * paid order. One request per order waits for review at a time
 * (REFUND_REQUEST_PENDING otherwise). The policy may approve it at once; else
 * it stays REQUESTED until the merchant decides.
 */
export async function requestRefund(
  deps: PayDeps,
  order: OrderRecord,
  input: { amount?: number; reason?: string },
  policy?: RefundPolicy,
): Promise<RefundRecord> {
  const now = deps.env.now()
  const amount = input.amount ?? order.refundable
  checkRefundable(order, amount, now)
  const { updated } = await ordersOf(deps.db)
    .where({ _id: order._id, refundRequestOpen: false, status: orderCommands(deps.db).in([...REFUNDABLE_STATUSES]) })
    .update({ refundRequestOpen: true, refundRequests: orderCommands(deps.db).inc(1), updatedAt: now })
  if (updated !== 1) {
    const current = await readOrder(deps.db, order._id)
    if (current.refundRequestOpen) throw new CloudError('REFUND_REQUEST_PENDING', 'a refund request of this order is waiting for review')
    throw refusalFor(current, amount, now)
  }
  let request: RefundRecord
  try {
    request = await insertRefund(deps, {
      orderId: order._id,
      userId: order.userId,
      outTradeNo: order.outTradeNo,
      origin: 'buyer',
      amount,
      total: order.amount,
      reason: cleanReason(input.reason, '用户申请退款'),
      status: 'REQUESTED',
      requestedAt: now,
    })
  } catch (error) {
    await ordersOf(deps.db).where({ _id: order._id }).update({ refundRequestOpen: false })
    throw error
  }
  deps.log.info(`[pay] refund ${request._id} of order ${order._id} requested (${amount} fen)`)
  if (!policyApproves(policy, order, amount)) return request
  try {
    return await approveRefund(deps, request._id, 'policy')
  } catch (error) {
    // The policy could not approve it (the amount no longer fits, a limit): the merchant reviews it.
    if (!(error instanceof CloudError)) throw error
    deps.log.warn(`[pay] refund ${request._id}: automatic approval refused (${error.code}); left for review`)
    return readRefund(deps, request._id)
  }
}

/**
 * Approve a requested refund (`by`: the operator's name, or 'policy'): claim
 * the request, reserve its amount, fix its out_refund_no, send it. A request
 * whose amount no longer fits goes back to REQUESTED with the reason thrown.
 */
export async function approveRefund(deps: PayDeps, refundId: string, by: string): Promise<RefundRecord> {
  const request = await readRefund(deps, refundId)
  if (request.status !== 'REQUESTED') {
    if (request.status === 'APPROVED' || request.status === 'PROCESSING' || request.status === 'SUCCESS') return request
    throw new CloudError('REFUND_NOT_PENDING', 'this refund request is no longer waiting for review')
  }
  const now = deps.env.now()
  const claimed = await moveRefund(deps, refundId, ['REQUESTED'], 'APPROVED', { outRefundNo: newOutRefundNo(deps.env), decidedAt: now, decidedBy: by })
  if (!claimed) return readRefund(deps, refundId)
  let order: OrderRecord
  try {
    order = await reserve(deps, claimed.orderId, claimed.amount)
  } catch (error) {
    await refundsOf(deps.db)
      .where({ _id: refundId, status: 'APPROVED', attempts: 0 })
      .update({ status: 'REQUESTED', outRefundNo: commands(deps.db).remove(), decidedAt: commands(deps.db).remove(), decidedBy: commands(deps.db).remove(), updatedAt: deps.env.now() })
    throw error
  }
  await ordersOf(deps.db).where({ _id: order._id }).update({ refundRequestOpen: false })
  deps.log.info(`[pay] refund ${refundId} of order ${order._id} approved by ${by === 'policy' ? 'policy' : 'an operator'}`)
  return submitRefund(deps, claimed)
}

/** Reject a requested refund, with the reason the buyer sees. */
export async function rejectRefund(deps: PayDeps, refundId: string, reason: string, by: string): Promise<RefundRecord> {
  const request = await readRefund(deps, refundId)
  if (request.status === 'REJECTED') return request
  if (request.status !== 'REQUESTED') throw new CloudError('REFUND_NOT_PENDING', 'this refund request is no longer waiting for review')
  const rejected = await moveRefund(deps, refundId, ['REQUESTED'], 'REJECTED', {
    decidedAt: deps.env.now(),
    decidedBy: by,
    rejectReason: cleanReason(reason, '商家未同意退款'),
  })
  if (!rejected) return rejectRefund(deps, refundId, reason, by)
  await ordersOf(deps.db).where({ _id: rejected.orderId }).update({ refundRequestOpen: false, updatedAt: deps.env.now() })
  return rejected
}

/** The merchant refunds `amount` (default: everything left) of a paid order on their own. */
export async function refundByMerchant(deps: PayDeps, order: OrderRecord, input: { amount?: number; reason?: string }, by: string): Promise<RefundRecord> {
  const now = deps.env.now()
  const amount = input.amount ?? order.refundable
  checkRefundable(order, amount, now)
  const reserved = await reserve(deps, order._id, amount)
  let refund: RefundRecord
  try {
    refund = await insertRefund(deps, {
      orderId: order._id,
      userId: order.userId,
      outTradeNo: reserved.outTradeNo,
      outRefundNo: newOutRefundNo(deps.env),
      origin: 'merchant',
      amount,
      total: order.amount,
      reason: cleanReason(input.reason, '商家退款'),
      status: 'APPROVED',
      requestedAt: now,
      decidedAt: now,
      decidedBy: by,
    })
  } catch (error) {
    await ordersOf(deps.db).where({ _id: order._id }).update({ refundable: orderCommands(deps.db).inc(amount), refundCount: orderCommands(deps.db).inc(-1) })
    throw error
  }
  return submitRefund(deps, refund)
}

/**
 * A second payment of an order (on a superseded trade): recorded on the order
 * once and refunded in full, as a refund of that trade (it does not touch the
 * order's own refundable amount). Answers the order.
 */
export async function refundDuplicatePayment(deps: PayDeps, order: OrderRecord, trade: TradeRecord, tx: Transaction): Promise<OrderRecord> {
  const now = deps.env.now()
  const refundId = `dup-${trade.outTradeNo}`
  const { doc } = await ordersOf(deps.db)
    .where({ _id: order._id, [`duplicates.${trade.outTradeNo}`]: orderCommands(deps.db).exists(false) })
    .updateAndReturn({
      duplicates: { [trade.outTradeNo]: { outTradeNo: trade.outTradeNo, ...(tx.transaction_id ? { transactionId: tx.transaction_id } : {}), amount: order.amount, detectedAt: now, refundId } },
      trades: { [trade.outTradeNo]: { state: 'DUPLICATE', ...(tx.transaction_id ? { transactionId: tx.transaction_id } : {}) } },
      updatedAt: now,
    })
  let refund: RefundRecord
  try {
    refund = await insertRefund(deps, {
      _id: refundId,
      orderId: order._id,
      userId: order.userId,
      outTradeNo: trade.outTradeNo,
      outRefundNo: newOutRefundNo(deps.env),
      origin: 'duplicate',
      amount: order.amount,
      total: order.amount,
      reason: '重复支付自动退款',
      status: 'APPROVED',
      requestedAt: now,
      decidedAt: now,
      decidedBy: 'policy',
    })
  } catch (error) {
    // A concurrent report of the same payment inserted it first.
    if (!isDuplicateKeyError(error)) throw error
    refund = await readRefund(deps, refundId)
  }
  if (!doc) deps.log.info(`[pay] duplicate payment of order ${order._id} on ${trade.outTradeNo} was recorded already`)
  await submitRefund(deps, refund)
  return readOrder(deps.db, order._id)
}

/** The wait before this refund may be sent (0: now); a retry of a refund already sent never waits. */
async function claimSendSlot(deps: PayDeps, refund: RefundRecord): Promise<boolean> {
  if (refund.origin === 'duplicate' || refund.attempts > 0) return true
  const now = deps.env.now()
  const { updated } = await ordersOf(deps.db)
    .where({ _id: refund.orderId, lastRefundSubmittedAt: orderCommands(deps.db).lt(now - REFUND_SPACING_MS) })
    .update({ lastRefundSubmittedAt: now })
  return updated === 1
}

/**
 * Send an approved refund to WeChat Pay (the same parameters every time) and
 * apply the answer. Inside the minute WeChat Pay wants between two refunds of
 * an order it waits (APPROVED; the timer sends it). A refusal by WeChat Pay
 * ends it REFUSED with the amount released; no answer leaves it APPROVED for
 * the timer to send again with the same out_refund_no.
 */
export async function submitRefund(deps: PayDeps, refund: RefundRecord): Promise<RefundRecord> {
  if (refund.status !== 'APPROVED' || !refund.outRefundNo) return refund
  if (!(await claimSendSlot(deps, refund))) {
    deps.log.info(`[pay] refund ${refund._id} waits: WeChat Pay wants a minute between refunds of one order`)
    return refund
  }
  const now = deps.env.now()
  await refundsOf(deps.db).where({ _id: refund._id }).update({ attempts: orderCommands(deps.db).inc(1), submittedAt: now, updatedAt: now })
  let answer: unknown
  try {
    answer = await deps.gateway.createRefund({
      out_trade_no: refund.outTradeNo,
      out_refund_no: refund.outRefundNo,
      ...(refund.reason ? { reason: refund.reason } : {}),
      amount: { refund: refund.amount, total: refund.total, currency: 'CNY' },
    })
  } catch (error) {
    const code = isWxpayError(error) ? (error.wechatCode ?? error.code) : 'error'
    if (!isDefinitiveRejection(error)) {
      // Timeout, 5xx, 429 after the client's own retries: the timer sends it again, with the same out_refund_no.
      deps.log.warn(`[pay] refund ${refund._id} not accepted yet (${code}); the timer retries`)
      return readRefund(deps, refund._id)
    }
    deps.log.warn(`[pay] refund ${refund._id} of order ${refund.orderId} refused by WeChat Pay (${code})`)
    const refused = await moveRefund(deps, refund._id, ['APPROVED'], 'REFUSED', { wechatCode: String(code).slice(0, 64), settledAt: deps.env.now() })
    if (refused) await release(deps, refused, true)
    return refused ?? readRefund(deps, refund._id)
  }
  return applyRefund(deps, refundReportOf(answer), 'refund')
}

/**
 * Apply a refund report: match it against the refund it names (out_refund_no,
 * out_trade_no, amounts, mchid), then PROCESSING → under way, SUCCESS → the
 * order's refunded total and status, CLOSED → released, ABNORMAL → kept for
 * the merchant. Each refund settles once; duplicates change nothing.
 */
export async function applyRefund(deps: PayDeps, report: RefundReport, by: TransitionCause): Promise<RefundRecord> {
  const { data } = await refundsOf(deps.db).where({ outRefundNo: report.out_refund_no }).limit(1).get()
  const refund = data[0]
  if (!refund || refund.outTradeNo !== report.out_trade_no) {
    deps.log.error(`[pay] ${by} names an unknown refund`)
    throw new PaymentMatchError(404, 'no such refund')
  }
  const fields: string[] = []
  if (report.amount.refund !== refund.amount) fields.push('amount.refund')
  if (report.amount.total !== refund.total) fields.push('amount.total')
  if (report.mchid !== undefined && report.mchid !== deps.gateway.mchId) fields.push('mchid')
  if (fields.length > 0) {
    deps.log.error(`[pay] refund ${refund._id} of order ${refund.orderId}: ${by} does not match: ${fields.join(', ')}`)
    throw new PaymentMatchError(400, 'refund does not match', fields)
  }
  const facts = { ...(report.refund_id ? { refundId: report.refund_id } : {}), ...(report.success_time ? { successTime: report.success_time } : {}) }
  switch (report.status) {
    case 'PROCESSING': {
      if (refund.status !== 'APPROVED') return refund
      return (await moveRefund(deps, refund._id, ['APPROVED'], 'PROCESSING', facts)) ?? readRefund(deps, refund._id)
    }
    case 'SUCCESS': {
      const settledAt = parseWechatTime(report.success_time) ?? deps.env.now()
      const won = await moveRefund(deps, refund._id, ['APPROVED', 'PROCESSING', 'ABNORMAL'], 'SUCCESS', { ...facts, settledAt })
      if (!won) return readRefund(deps, refund._id)
      await recordRefunded(deps, won, by)
      return won
    }
    case 'CLOSED': {
      const closed = await moveRefund(deps, refund._id, ['APPROVED', 'PROCESSING'], 'CLOSED', { ...facts, settledAt: deps.env.now() })
      if (!closed) return readRefund(deps, refund._id)
      deps.log.warn(`[pay] refund ${refund._id} of order ${refund.orderId} was closed by WeChat Pay; its amount can be refunded again`)
      await release(deps, closed, false)
      return closed
    }
    case 'ABNORMAL': {
      const abnormal = await moveRefund(deps, refund._id, ['APPROVED', 'PROCESSING'], 'ABNORMAL', facts)
      if (abnormal) deps.log.error(`[pay] refund ${refund._id} of order ${refund.orderId} is ABNORMAL at WeChat Pay: the merchant must resolve it`)
      return abnormal ?? readRefund(deps, refund._id)
    }
  }
}

/** A refund WeChat Pay paid out: the order's refunded total, then PAID → PARTIALLY_REFUNDED → REFUNDED through the one transition. */
async function recordRefunded(deps: PayDeps, refund: RefundRecord, by: TransitionCause): Promise<void> {
  const now = deps.env.now()
  if (refund.origin === 'duplicate') {
    await ordersOf(deps.db)
      .where({ _id: refund.orderId })
      .update({ duplicates: { [refund.outTradeNo]: { refundedAt: now } }, updatedAt: now })
    return
  }
  const { doc } = await ordersOf(deps.db)
    .where({ _id: refund.orderId })
    .updateAndReturn({ refunded: orderCommands(deps.db).inc(refund.amount), updatedAt: now })
  if (!doc) return
  const target = doc.refunded >= doc.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED'
  if (doc.status === target) return
  const result = await transition(deps, { orderId: doc._id, from: doc.status, to: target, by, set: {} })
  if (!result.won && result.order.status !== target && result.order.status !== 'REFUNDED') {
    // A concurrent settlement moved it first (PAID → PARTIALLY_REFUNDED); take the step from there.
    await transition(deps, { orderId: doc._id, from: result.order.status, to: target, by, set: {} }).catch(() => undefined)
  }
}

/**
 * The reconciler's step for one refund: an approved one not yet accepted is
 * sent (again, same out_refund_no); one under way is asked about (at most
 * once per REFUND_RECHECK_MS) and the answer applied; one WeChat Pay never
 * received (404) is sent again.
 */
export async function reconcileRefund(deps: PayDeps, refund: RefundRecord): Promise<RefundRecord> {
  const now = deps.env.now()
  if (refund.status === 'APPROVED') {
    if ((refund.submittedAt ?? 0) > now - REFUND_RECHECK_MS) return refund
    return submitRefund(deps, refund)
  }
  if (refund.status !== 'PROCESSING' || !refund.outRefundNo) return refund
  const { updated } = await refundsOf(deps.db)
    .where({ _id: refund._id, status: 'PROCESSING', lastQueriedAt: orderCommands(deps.db).lt(now - REFUND_RECHECK_MS) })
    .update({ lastQueriedAt: now })
  if (updated !== 1) return refund
  let answer: unknown
  try {
    answer = await deps.gateway.queryRefund(refund.outRefundNo)
  } catch (error) {
    if (isWxpayError(error, 'UPSTREAM_ERROR') && error.status === 404) {
      const resend = await moveRefund(deps, refund._id, ['PROCESSING'], 'APPROVED')
      return resend ? submitRefund(deps, resend) : readRefund(deps, refund._id)
    }
    throw error
  }
  return applyRefund(deps, refundReportOf(answer), 'timing')
}

/** Refunds the reconciler looks at: approved ones waiting to be sent, and those under way not asked about lately. */
export async function refundsToReconcile(deps: Pick<PayDeps, 'db' | 'env'>, limit: number): Promise<RefundRecord[]> {
  const cutoff = deps.env.now() - REFUND_RECHECK_MS
  const cmd = orderCommands(deps.db)
  const [approved, processing] = await Promise.all([
    refundsOf(deps.db).where({ status: 'APPROVED', updatedAt: cmd.lt(cutoff) }).orderBy('updatedAt', 'asc').limit(limit).get(),
    refundsOf(deps.db).where({ status: 'PROCESSING', lastQueriedAt: cmd.lt(cutoff) }).orderBy('lastQueriedAt', 'asc').limit(limit).get(),
  ])
  return [...approved.data, ...processing.data]
}

/** Who asked, for logs and views. */
export function originLabel(origin: RefundOrigin): string {
  return origin === 'buyer' ? '买家申请' : origin === 'merchant' ? '商家退款' : '重复支付退款'
}
