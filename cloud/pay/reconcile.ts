import { errorLabel } from '../shared/error-label'
import { runFulfilment } from './fulfilment'
import { PAID_STATUSES, orderCommands, ordersOf, type OrderRecord } from './orders'
import type { PayDeps } from './pay-deps'
import { expireOrder, refreshUnpaidOrder } from './payments'
import { reconcileRefund } from './refunds'
import { reconcileShipping, type ShippingSummary } from './shipping'

/**
 * The timer's work (`_timing`, every 5 minutes): WeChat Pay gives up on a
 * notify after about 24 h, and a notify may never come at all, so the server
 * asks on its own.
 * - unpaid orders past time_expire: a final query, then close;
 * - unpaid orders older than a minute: query (a lost notify);
 * - refunds under way: query (a lost refund notify), resubmit if unknown;
 * - paid orders whose fulfilment is pending and free: run it;
 * - WeChat shipping uploads due, and receipt polls (shipping.ts), when wired.
 * Each order is handled on its own; one failure never stops the batch.
 */

/** How a run went. */
export interface ReconcileSummary {
  expired: number
  paid: number
  refundsSettled: number
  fulfilled: number
  failures: number
  /** Only when shipping is wired (`deps.shipping`). */
  shipping?: ShippingSummary
}

/** Tuning of one run. */
export interface ReconcileOptions {
  /** Orders per category per run; keeps a run inside the function timeout. */
  batch?: number
  /** An unpaid order is queried once it is this old, and then at most this often. */
  staleAfterMs?: number
}

/** One reconciliation pass. */
export async function reconcile(deps: PayDeps, options: ReconcileOptions = {}): Promise<ReconcileSummary> {
  const batch = options.batch ?? 20
  const staleAfterMs = options.staleAfterMs ?? 60_000
  const summary: ReconcileSummary = { expired: 0, paid: 0, refundsSettled: 0, fulfilled: 0, failures: 0 }
  const now = deps.env.now()
  const cmd = orderCommands(deps.db)
  const orders = ordersOf(deps.db)

  const each = async (list: OrderRecord[], step: string, work: (order: OrderRecord) => Promise<OrderRecord>, count: (before: OrderRecord, after: OrderRecord) => void) => {
    for (const order of list) {
      try {
        count(order, await work(order))
      } catch (error) {
        summary.failures++
        deps.log.warn(`[pay._timing] ${step} of order ${order._id} failed: ${errorLabel(error)}`)
      }
    }
  }
  const countPaid = (before: OrderRecord, after: OrderRecord) => {
    if (before.status === 'NOTPAY' && PAID_STATUSES.includes(after.status)) summary.paid++
  }

  const expired = await orders.where({ status: 'NOTPAY', timeExpire: cmd.lt(now) }).orderBy('timeExpire', 'asc').limit(batch).get()
  await each(expired.data, 'expiry', (order) => expireOrder(deps, order), (before, after) => {
    if (after.status === 'CLOSED') summary.expired++
    countPaid(before, after)
  })

  const stale = await orders
    .where({ status: 'NOTPAY', createdAt: cmd.lt(now - staleAfterMs), lastQueriedAt: cmd.lt(now - staleAfterMs) })
    .orderBy('createdAt', 'asc')
    .limit(batch)
    .get()
  await each(stale.data, 'query', (order) => refreshUnpaidOrder(deps, order, { minIntervalMs: staleAfterMs, by: 'timing' }), countPaid)

  const refunding = await orders
    .where({ status: 'REFUNDING', 'refund.lastQueriedAt': cmd.lt(now - staleAfterMs) })
    .orderBy('updatedAt', 'asc')
    .limit(batch)
    .get()
  await each(refunding.data, 'refund query', (order) => reconcileRefund(deps, order, { minIntervalMs: staleAfterMs }), (_before, after) => {
    if (after.status === 'REFUNDED' || after.status === 'REFUND_FAILED') summary.refundsSettled++
  })

  const pending = await orders
    .where({ 'fulfilment.status': 'pending', 'fulfilment.leaseUntil': cmd.lt(deps.env.now()) })
    .orderBy('updatedAt', 'asc')
    .limit(batch)
    .get()
  await each(pending.data, 'fulfilment', (order) => runFulfilment(deps, order, { waitMs: 0 }), (_before, after) => {
    if (after.fulfilment.status === 'done') summary.fulfilled++
  })

  if (deps.shipping) summary.shipping = await reconcileShipping(deps, { batch })
  return summary
}
