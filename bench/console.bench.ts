/**
 * The merchant console's order list (issue 12, Performance): `payAdmin.listOrders`
 * of the BUILT bundle in the local uniCloud runtime, with 10,000 orders (and
 * their buyers and refunds) written into its database as the kit stores them
 * (tests/helpers/seed-orders.ts), for the query shapes the console sends:
 * the first page, a deep page, each filter, and each kind of search.
 *
 * Printed per shape, each measured in this run:
 * - the call's server time: `runtime.invoke` in process, timed around the
 *   call (`_before`, the method, `_after`, the JSON of input and answer; no
 *   transport), p50 / p99;
 * - its database requests (the runtime's count) and their sequence;
 * - the floors beside it: `payAdmin.whoami` (what every payAdmin call pays
 *   for the session and the operator check) and the same requests the method
 *   makes for the page (the orders read with the same where / orderBy / skip /
 *   limit, the nicknames read, a search's key lookups) run straight on the
 *   local store, with no cloud object around them.
 */
import { performance } from 'node:perf_hooks'
import type { Database } from '../cloud/shared/database'
import { CONSOLE_PAGE_SIZE, filterWhere, nicknamesOf, searchConditionFor, searchKindsFor, type ConsoleOrderFilters } from '../cloud/merchant/console-orders'
import { ordersOf } from '../cloud/pay/orders'
import { DEV_OPERATOR } from '../emulators/start'
import type { InvocationRecord } from '../emulators/unicloud'
import { withKitToken } from '../tests/helpers/login'
import { loginMp, startPayStack } from '../tests/helpers/pay'
import { seedShop, seedTradeNo, seedTransactionId } from '../tests/helpers/seed-orders'
import { machine, ms, percentile, sequential, table } from './support/stats'

const ORDERS = 10_000
const BOUNDS = { maxCount: 120, maxMs: 2_500 }
const BEIJING = 8 * 3600_000

/** The page of a shape the direct floor reads, as the method reads it (search keys tried in the same order). */
async function directPage(db: Database, filters: ConsoleOrderFilters, page: number): Promise<number> {
  const base = filterWhere(db, filters)
  const q = filters.q?.trim()
  const kinds = q ? (filters.by ? [filters.by] : searchKindsFor(q)) : [undefined]
  for (const kind of kinds) {
    const condition = kind && q ? await searchConditionFor(db, kind, q) : {}
    if (!condition) continue
    const { data } = await ordersOf(db)
      .where({ ...base, ...condition })
      .orderBy('createdAt', 'desc')
      .skip((page - 1) * CONSOLE_PAGE_SIZE)
      .limit(CONSOLE_PAGE_SIZE + 1)
      .get()
    if (data.length || !kind) {
      await nicknamesOf(
        db,
        data.slice(0, CONSOLE_PAGE_SIZE).map((o) => o.userId),
      )
      return data.length
    }
  }
  return 0
}

/** Run the module's measurements and print them. */
export async function run(): Promise<void> {
  const records: InvocationRecord[] = []
  const s = await startPayStack({ onInvocation: (r) => records.push(r) })
  try {
    const newest = Date.now() - 60_000
    const t0 = performance.now()
    // An order every 3 minutes: 10,000 orders over about three weeks; 200 buyers, ten of them 咖啡….
    await seedShop(s.db, { count: ORDERS, newest, spacingMs: 3 * 60_000, users: 200, nickname: (u) => (u < 10 ? `咖啡爱好者${u}` : `买家${u}`) })
    const seededMs = performance.now() - t0
    const token = await loginMp(s, DEV_OPERATOR)
    const db = s.db as unknown as Database

    const invoke = (method: string, input: unknown) =>
      s.stack.runtime.invoke('payAdmin', method, withKitToken([input], token), { clientInfo: { uniPlatform: 'web' } })
    /** Server time of each call over a bounded loop, and the runtime's record of the last one. */
    const serverTimes = async (method: string, input: unknown): Promise<{ times: number[]; last: InvocationRecord }> => {
      const answer = (await invoke(method, input)) as { errCode: unknown }
      if (answer.errCode !== 0) throw new Error(`payAdmin.${method}: ${String(answer.errCode)}`)
      const last = records[records.length - 1]
      const { samples } = await sequential(() => invoke(method, input), BOUNDS)
      return { times: samples, last }
    }

    const day = (daysAgo: number) => new Date(newest + BEIJING - daysAgo * 86_400_000).toISOString().slice(0, 10)
    const shapes: Array<{ label: string; filters: ConsoleOrderFilters; page: number }> = [
      { label: 'first page, no filter', filters: {}, page: 1 },
      { label: 'page 100 (orders 1981–2000)', filters: {}, page: 100 },
      { label: 'status PAID', filters: { status: 'PAID' }, page: 1 },
      { label: 'status + channel', filters: { status: 'REFUNDED', channel: 'h5' }, page: 1 },
      { label: 'seven Beijing days', filters: { from: day(10), to: day(4) }, page: 1 },
      { label: 'search: out_trade_no', filters: { q: seedTradeNo(4321) }, page: 1 },
      { label: 'search: transaction_id', filters: { q: seedTransactionId(4321) }, page: 1 },
      { label: 'search: order id', filters: { q: 'a' + (4321).toString(16).padStart(23, '0') }, page: 1 },
      { label: 'search: nickname prefix', filters: { q: '咖啡' }, page: 1 },
      { label: 'search: nickname, page 3 (by)', filters: { q: '咖啡', by: 'nickname' }, page: 3 },
    ]

    const whoami = await serverTimes('whoami', {})
    const whoamiP50 = percentile(whoami.times, 50)
    const rows: string[][] = []
    const sequences: string[][] = []
    for (const shape of shapes) {
      const call = await serverTimes('listOrders', { ...shape.filters, page: shape.page })
      const direct = await sequential(() => directPage(db, shape.filters, shape.page), BOUNDS)
      const { counts } = await (db as unknown as { measure<T>(w: () => Promise<T>): Promise<{ counts: { total: number } }> }).measure(() => directPage(db, shape.filters, shape.page))
      const p50 = percentile(call.times, 50)
      const directP50 = percentile(direct.samples, 50)
      rows.push([
        shape.label,
        String(call.last.db.total),
        String(counts.total),
        ms(p50),
        ms(percentile(call.times, 99)),
        ms(directP50),
        `${String(call.times.length)} / ${String(direct.samples.length)}`,
      ])
      sequences.push([shape.label, call.last.db.operations.map((o) => `${o.kind} ${o.collection.replace(/^wxkit-/, '')}`).join(' → ')])
    }

    console.log(`machine: ${machine()}`)
    console.log(`${ORDERS.toLocaleString('en-US')} orders seeded straight into the runtime's store in ${ms(seededMs)}; each shape measured up to ${BOUNDS.maxCount} calls or ${BOUNDS.maxMs / 1000} s`)
    console.log(`payAdmin.whoami (session + operator check, the floor of every payAdmin call): p50 ${ms(whoamiP50)}, p99 ${ms(percentile(whoami.times, 99))}, ${whoami.last.db.total} requests`)
    console.log('\npayAdmin.listOrders at 10,000 orders: server time beside the same page read straight from the store')
    console.log(table(['query', 'requests', 'of them the page', 'server p50', 'server p99', 'same page, store alone p50', 'n (call / store)'], rows))
    console.log('\nrequests of each call, in order')
    console.log(table(['query', 'sequence'], sequences))
  } finally {
    await s.close()
  }
}
