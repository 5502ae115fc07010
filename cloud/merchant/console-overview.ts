import type { Database } from '../shared/database'
import { commands } from '../shared/db-commands'
import { ordersOf, type OrderRecord } from '../pay/orders'
import { refundsOf, type RefundRecord } from '../pay/refund-records'
import { lastBeijingDays } from '../shared/beijing-time'

/**
 * The console's overview: per Beijing day, what was taken (the amounts of the
 * orders paid that day), how many orders were paid and how many refunds went
 * through (WeChat Pay confirmed them that day) and for how much; and what
 * waits for the merchant (refund requests to review, shipping uploads that
 * failed).
 *
 * uniCloud's database has no sum the local runtime emulates, so the figures
 * are added up here from the days' documents, read with only the fields the
 * sums need, a thousand per request: one request for the paid orders of the
 * fortnight of a shop with fewer than a thousand, one for the refunds, and a
 * count each for the two queues. Refunds of duplicate payments are left out:
 * those payments are not in the takings either (each order counts once).
 */

export const OVERVIEW_DAYS = 14
const READ_BATCH = 1000

/** One Beijing day's figures (amounts in fen). */
export interface DayFigures {
  date: string
  takings: number
  paidOrders: number
  refunds: number
  refunded: number
}

/** The overview: the last `OVERVIEW_DAYS` days, oldest first (the last is today), and the queues. */
export interface ConsoleOverview {
  days: DayFigures[]
  today: DayFigures
  waiting: { refundRequests: number; shippingFailures: number }
  /** When it was computed (ms). */
  asOf: number
}

/** Every document of a query, a batch per request. */
async function readAll<T>(query: () => { skip(n: number): { limit(n: number): { get(): Promise<{ data: T[] }> } } }): Promise<T[]> {
  const all: T[] = []
  for (let offset = 0; ; offset += READ_BATCH) {
    const { data } = await query().skip(offset).limit(READ_BATCH).get()
    all.push(...data)
    if (data.length < READ_BATCH) return all
  }
}

/** The overview at `now`. */
export async function consoleOverview(db: Database, now: number): Promise<ConsoleOverview> {
  const cmd = commands(db)
  const days = lastBeijingDays(now, OVERVIEW_DAYS)
  const from = days[0].start
  const figures = days.map(({ date }) => ({ date, takings: 0, paidOrders: 0, refunds: 0, refunded: 0 }))
  const dayOf = (ms: number) => {
    const index = Math.floor((ms - from) / 86_400_000)
    return index >= 0 && index < figures.length ? figures[index] : undefined
  }
  const [paid, settled, refundRequests, shippingFailures] = await Promise.all([
    readAll<Pick<OrderRecord, 'paidAt' | 'amount'>>(() =>
      ordersOf(db).where({ paidAt: cmd.gte(from) }).field({ paidAt: true, amount: true }).orderBy('paidAt', 'asc'),
    ),
    readAll<Pick<RefundRecord, 'settledAt' | 'amount' | 'origin'>>(() =>
      refundsOf(db).where({ status: 'SUCCESS', settledAt: cmd.gte(from) }).field({ settledAt: true, amount: true, origin: true }).orderBy('settledAt', 'asc'),
    ),
    refundsOf(db).where({ status: 'REQUESTED' }).count(),
    ordersOf(db).where({ 'shipping.upload.state': 'failed' }).count(),
  ])
  for (const order of paid) {
    const day = order.paidAt !== undefined ? dayOf(order.paidAt) : undefined
    if (!day) continue
    day.takings += order.amount
    day.paidOrders += 1
  }
  for (const refund of settled) {
    const day = refund.settledAt !== undefined && refund.origin !== 'duplicate' ? dayOf(refund.settledAt) : undefined
    if (!day) continue
    day.refunds += 1
    day.refunded += refund.amount
  }
  return {
    days: figures,
    today: figures[figures.length - 1],
    waiting: { refundRequests: refundRequests.total, shippingFailures: shippingFailures.total },
    asOf: now,
  }
}
