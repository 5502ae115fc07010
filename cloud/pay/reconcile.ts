import { errorLabel } from '../shared/error-label'
import { isWxpayError } from '../wxpay/errors'
import { runFulfilment } from './fulfilment'
import { PAID_STATUSES, orderCommands, ordersOf, type OrderRecord } from './orders'
import type { PayDeps } from './pay-deps'
import { expireOrder, QUERY_INTERVAL_MS, refreshUnpaidOrder, verifyClosedTrades } from './payments'
import { reconcileRefund, refundsToReconcile } from './refunds'
import { reconcileShipping, type ShippingSummary } from './shipping'

/**
 * The timer's work (`_timing`, every 5 minutes): WeChat Pay gives up on a
 * notify after about 24 h, and a notify may never come at all, so the server
 * asks on its own.
 * - unpaid orders past time_expire: a final query of their trades, then close;
 * - every unpaid order, however young, not asked about in the last few seconds
 *   (by a polling buyer, say): its live trade is asked about once per run,
 *   newest first (payments happen early in an order's life), a few at a time,
 *   up to a query budget — so a payment whose notifies were all lost is found
 *   within one timer period however many abandoned orders there are. (Leaving
 *   orders under a minute old to their notifies would save 0.2 queries an
 *   order and let a payment in an order's first minute wait up to 6 minutes.)
 *   (`npm run bench -- reconciler` measures it at 10,000 orders a day); a 429
 *   FREQUENCY_LIMITED stops the run's queries (the rest wait for the next run);
 * - closed trades no query has confirmed: asked about (a payment may have
 *   crossed the close; one found is kept once, a second refunded);
 * - refunds: approved ones not yet accepted are sent, those under way asked about;
 * - paid orders whose fulfilment is pending and free: run it;
 * - WeChat shipping uploads due, and receipt polls (shipping.ts), when wired.
 * Each order is handled on its own; one failure never stops the batch.
 */

/** How a run went. */
export interface ReconcileSummary {
  expired: number
  paid: number
  /** WeChat Pay trade queries this run made for unpaid orders. */
  queried: number
  /** WeChat Pay answered a query 429 FREQUENCY_LIMITED: the run's remaining queries were left to the next run. */
  throttled?: true
  /** Closed trades confirmed (or found paid) this run. */
  verified: number
  refundsSettled: number
  fulfilled: number
  failures: number
  /** Only when shipping is wired (`deps.shipping`). */
  shipping?: ShippingSummary
}

/** Tuning of one run. */
export interface ReconcileOptions {
  /** Orders per category per run for the cheap steps (expiry, refunds, fulfilment). */
  batch?: number
  /** A closed trade is first checked once its order has been still this long (the close settles at WeChat Pay first). */
  staleAfterMs?: number
  /** An unpaid order asked about this recently (by a poll or another run) is skipped; far below the timer period, so each run asks. */
  requeryAfterMs?: number
  /** Unpaid-order queries per run at most (WeChat Pay's query rate limit is per merchant). */
  queryBudget?: number
  /** Queries in flight at once. */
  concurrency?: number
}

/** The defaults: the timer runs every 5 minutes. */
export const RECONCILE_DEFAULTS = { batch: 100, staleAfterMs: 60_000, requeryAfterMs: QUERY_INTERVAL_MS, queryBudget: 1000, concurrency: 8 } as const

/** Run `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lane = async () => {
    while (next < items.length) await work(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
}

/** One reconciliation pass. */
export async function reconcile(deps: PayDeps, options: ReconcileOptions = {}): Promise<ReconcileSummary> {
  const { batch, staleAfterMs, requeryAfterMs, queryBudget, concurrency } = { ...RECONCILE_DEFAULTS, ...options }
  const summary: ReconcileSummary = { expired: 0, paid: 0, queried: 0, verified: 0, refundsSettled: 0, fulfilled: 0, failures: 0 }
  const now = deps.env.now()
  const cmd = orderCommands(deps.db)
  const orders = ordersOf(deps.db)

  const each = async <T extends { _id: string }, R>(list: T[], step: string, work: (item: T) => Promise<R>, count: (before: T, after: R) => void, parallel = 1) => {
    await eachLimited(list, parallel, async (item) => {
      try {
        count(item, await work(item))
      } catch (error) {
        summary.failures++
        deps.log.warn(`[pay._timing] ${step} of ${item._id} failed: ${errorLabel(error)}`)
      }
    })
  }
  const countPaid = (before: OrderRecord, after: OrderRecord) => {
    if (before.status === 'NOTPAY' && PAID_STATUSES.includes(after.status)) summary.paid++
  }

  const expired = await orders.where({ status: 'NOTPAY', timeExpire: cmd.lt(now) }).orderBy('timeExpire', 'asc').limit(batch).get()
  await each(expired.data, 'expiry', (order) => expireOrder(deps, order), (before, after) => {
    if (after.status === 'CLOSED') summary.expired++
    countPaid(before, after)
  }, concurrency)

  const unpaid = await orders
    .where({ status: 'NOTPAY', lastQueriedAt: cmd.lt(now - requeryAfterMs) })
    .orderBy('createdAt', 'desc')
    .limit(queryBudget)
    .get()
  await each(unpaid.data, 'query', async (order) => {
    if (summary.throttled) return order
    summary.queried++
    try {
      return await refreshUnpaidOrder(deps, order, { minIntervalMs: requeryAfterMs, by: 'timing' })
    } catch (error) {
      if (isWxpayError(error, 'UPSTREAM_ERROR') && error.status === 429) summary.throttled = true
      throw error
    }
  }, countPaid, concurrency)

  const unverified = await orders.where({ unverifiedTrades: cmd.gt(0), updatedAt: cmd.lt(now - staleAfterMs) }).orderBy('updatedAt', 'asc').limit(batch).get()
  await each(unverified.data, 'closed-trade check', (order) => verifyClosedTrades(deps, order), (before, after) => {
    for (const trade of Object.values(before.trades)) {
      const now = after.trades[trade.outTradeNo]
      if (trade.state === 'CLOSED' && !trade.verified && (now?.verified || now?.state !== 'CLOSED')) summary.verified++
    }
    countPaid(before, after)
  }, concurrency)

  const refunds = await refundsToReconcile(deps, batch)
  await each(refunds, 'refund', (refund) => reconcileRefund(deps, refund), (before, after) => {
    if (before.status !== after.status && ['SUCCESS', 'CLOSED', 'ABNORMAL', 'REFUSED'].includes(after.status)) summary.refundsSettled++
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
