/**
 * The reconciler keeps up (issue 11 item 7): a simulated day of 10,000 orders,
 * most abandoned, some paid with every notify lost, and the timer every 5
 * minutes. Measured per run: WeChat Pay trade queries, database requests, time
 * in process; per lost payment: how long until an order shows it (detection
 * latency, in the simulated clock). The same day is then replayed with a query
 * budget of 20 per run (what `_timing` used to spend), in the same process.
 *
 * In process: the pay domain over the local runtime's in-memory database (the
 * committed indexes) and an in-memory WeChat Pay (tests/cloud/pay/support.ts).
 * The clock is simulated, so the latency figures are the reconciler's schedule,
 * not WeChat Pay's round trips; the in-process time per run is the local
 * store's cost (nedb), printed for scale only.
 */
import { performance } from 'node:perf_hooks'
import { applyTransaction, ORDER_TTL_MS, placeOrder } from '../cloud/pay/payments'
import { PAID_STATUSES, type OrderRecord } from '../cloud/pay/orders'
import { reconcile, RECONCILE_DEFAULTS, type ReconcileOptions } from '../cloud/pay/reconcile'
import type { Database as LocalDatabase } from '../emulators/unicloud/database'
import { memoryDb, testEnv } from '../tests/cloud/support'
import { FakeGateway, memoryLog, MP_APPID, OPENID } from '../tests/cloud/pay/support'
import { createDeliveryFulfiller } from '../cloud/pay/fulfilment'
import type { PayDeps } from '../cloud/pay/pay-deps'
import { percentile, table } from './support/stats'

const ORDERS_PER_DAY = 10_000
const PAID_SHARE = 0.25
const LOST_SHARE_OF_PAID = 0.1
const PERIOD_MS = 5 * 60_000
/** Orders per Beijing hour, relative (a shop's usual day: lunch and evening peaks). */
const HOURLY_WEIGHT = [2, 1, 1, 0.5, 0.5, 0.5, 1, 2, 4, 5, 6, 8, 10, 8, 6, 6, 6, 7, 8, 10, 12, 12, 8, 4]
/** Beijing midnight of the simulated day, in UTC milliseconds. */
const DAY_START = Date.UTC(2026, 10, 30, 16, 0, 0)

/** A seeded generator, so both replays see the same day. */
function mulberry32(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface PlannedOrder {
  at: number
  user: string
  /** When the buyer pays (absent: abandoned). */
  paysAt?: number
  /** Every notify of the payment is lost. */
  lost?: boolean
}

/** The day: creation times drawn from the hourly curve, payment delays mostly within a minute or two, a few near the end of the 15 minutes. */
function planDay(): PlannedOrder[] {
  const random = mulberry32(20261201)
  const total = HOURLY_WEIGHT.reduce((a, b) => a + b, 0)
  const orders: PlannedOrder[] = []
  for (let i = 0; i < ORDERS_PER_DAY; i++) {
    let pick = random() * total
    let hour = 0
    while (pick > HOURLY_WEIGHT[hour]) pick -= HOURLY_WEIGHT[hour++]
    const at = DAY_START + hour * 3_600_000 + Math.floor(random() * 3_600_000)
    const order: PlannedOrder = { at, user: `user-${Math.floor(random() * 4000)}` }
    if (random() < PAID_SHARE) {
      const late = random() < 0.05
      const delay = late ? 5 * 60_000 + random() * (ORDER_TTL_MS - 6 * 60_000) : 10_000 + random() ** 2 * 4 * 60_000
      order.paysAt = at + Math.floor(delay)
      order.lost = random() < LOST_SHARE_OF_PAID
    }
    orders.push(order)
  }
  return orders.sort((a, b) => a.at - b.at)
}

interface RunFigure {
  at: number
  queried: number
  openUnpaid: number
  dbRequests: number
  ms: number
  throttled: boolean
}

interface DayResult {
  runs: RunFigure[]
  latencies: number[]
  /** Lost payments an order showed only after its time_expire (found by the final query). */
  afterExpiry: number
  /** Lost payments never shown on their order. */
  missed: number
  queries: number
  lost: number
}

type Event = { at: number; kind: 'create' | 'pay' | 'run'; order?: PlannedOrder; index?: number }

/** Replay the day with the given reconcile options. */
async function replay(day: PlannedOrder[], options: ReconcileOptions): Promise<DayResult> {
  const env = testEnv(DAY_START)
  const db = memoryDb(env.now)
  const gateway = new FakeGateway()
  const deps: PayDeps = { db, gateway, env, log: memoryLog(), fulfiller: createDeliveryFulfiller({ db, env }) }
  const events: Event[] = []
  day.forEach((order, index) => {
    events.push({ at: order.at, kind: 'create', order, index })
    if (order.paysAt !== undefined) events.push({ at: order.paysAt, kind: 'pay', order, index })
  })
  const end = DAY_START + 24 * 3_600_000 + ORDER_TTL_MS + 2 * PERIOD_MS
  for (let at = DAY_START + PERIOD_MS; at <= end; at += PERIOD_MS) events.push({ at, kind: 'run' })
  const rank = { create: 0, pay: 1, run: 2 }
  events.sort((a, b) => a.at - b.at || rank[a.kind] - rank[b.kind])

  const placed = new Map<number, OrderRecord>()
  /** Lost payments not yet shown: index → paid at. */
  const pending = new Map<number, number>()
  const result: DayResult = { runs: [], latencies: [], afterExpiry: 0, missed: 0, queries: 0, lost: 0 }
  const local = db as unknown as LocalDatabase

  for (const event of events) {
    env.advance(event.at - env.now())
    if (event.kind === 'create' && event.order && event.index !== undefined) {
      const { order } = await placeOrder(deps, {
        userId: event.order.user,
        lines: [{ productId: 'p-mug', quantity: 1 }],
        channel: 'miniprogram',
        appid: MP_APPID,
        payerOpenid: OPENID,
      })
      placed.set(event.index, order)
    } else if (event.kind === 'pay' && event.order && event.index !== undefined) {
      const order = placed.get(event.index) as OrderRecord
      if (env.now() >= order.timeExpire) continue
      gateway.pay(order.outTradeNo)
      if (event.order.lost) {
        pending.set(event.index, env.now())
        result.lost++
      } else {
        await applyTransaction(deps, gateway.transaction(order.outTradeNo), 'notify', order)
      }
    } else if (event.kind === 'run') {
      const { total: openUnpaid } = await db.collection('wxkit-orders').where({ status: 'NOTPAY' }).count()
      const started = performance.now()
      const { result: summary, counts } = await local.measure(() => reconcile(deps, options))
      const ms = performance.now() - started
      result.runs.push({ at: env.now(), queried: summary.queried, openUnpaid, dbRequests: counts.total, ms, throttled: summary.throttled === true })
      result.queries += summary.queried
      for (const [index, paidAt] of pending) {
        const order = placed.get(index) as OrderRecord
        const { data } = await db.collection<OrderRecord>('wxkit-orders').doc(order._id).get()
        if (!PAID_STATUSES.includes(data[0].status)) continue
        pending.delete(index)
        result.latencies.push(env.now() - paidAt)
        if (env.now() > order.timeExpire) result.afterExpiry++
      }
    }
  }
  result.missed = pending.size
  return result
}

const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`

function describeDay(label: string, r: DayResult): string[] {
  const busy = r.runs.filter((run) => run.queried > 0)
  const queried = r.runs.map((run) => run.queried)
  const ms = r.runs.map((run) => run.ms)
  const db = r.runs.map((run) => run.dbRequests)
  const late = r.latencies.filter((l) => l > PERIOD_MS).length
  const peak = r.runs.reduce((a, b) => (b.openUnpaid > a.openUnpaid ? b : a))
  return [
    label,
    `  payments with every notify lost: ${r.lost}; shown on their order within one period (${minutes(PERIOD_MS)}): ${r.lost - late - r.missed}; later: ${late}; only after time_expire (the final query): ${r.afterExpiry}; never: ${r.missed}`,
    `  detection latency: p50 ${minutes(percentile(r.latencies, 50))}, p95 ${minutes(percentile(r.latencies, 95))}, max ${minutes(Math.max(...r.latencies))}`,
    `  trade queries: ${r.queries} in the day (${(r.queries / ORDERS_PER_DAY).toFixed(2)} per order); per run p50 ${percentile(queried, 50)}, max ${Math.max(...queried)}; runs that queried ${busy.length} of ${r.runs.length}; runs stopped by 429: ${r.runs.filter((x) => x.throttled).length}`,
    `  busiest run: ${peak.openUnpaid} NOTPAY orders before it (those past time_expire included: the run closes them first) at ${new Date(peak.at + 8 * 3_600_000).toISOString().slice(11, 16)} Beijing, ${peak.queried} queried`,
    `  database requests per run: p50 ${percentile(db, 50)}, max ${Math.max(...db)}; time per run in process (local store): p50 ${percentile(ms, 50).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms`,
  ]
}

/** Print the day at the defaults and at the old budget of 20. */
export async function run(): Promise<void> {
  const day = planDay()
  const paid = day.filter((o) => o.paysAt !== undefined).length
  console.log(`A simulated day: ${day.length} orders (${paid} paid, ${day.length - paid} abandoned), the timer every ${minutes(PERIOD_MS)}, orders open ${minutes(ORDER_TTL_MS)}.`)
  const defaults = await replay(day, {})
  const old = await replay(day, { queryBudget: 20 })
  for (const line of describeDay(`queryBudget ${RECONCILE_DEFAULTS.queryBudget}, concurrency ${RECONCILE_DEFAULTS.concurrency} (the defaults):`, defaults)) console.log(line)
  for (const line of describeDay('queryBudget 20 (what `_timing` used to query per run; here newest first), same day:', old)) console.log(line)
  const hours = new Map<number, number[]>()
  for (const r of defaults.runs) {
    const hour = new Date(r.at + 8 * 3_600_000).getUTCHours()
    hours.set(hour, [...(hours.get(hour) ?? []), r.queried])
  }
  console.log('Trade queries per run by Beijing hour, at the defaults:')
  console.log(table(['hour', 'runs', 'max queried', 'sum'], [...hours].map(([hour, q]) => [String(hour).padStart(2, '0'), String(q.length), String(Math.max(...q)), String(q.reduce((a, b) => a + b, 0))])))
}
