/**
 * Database operations per call (issue 9, item 17): in production every one is
 * a request from the cloud object to the space's database, so this is what
 * the cloud pays per call, whatever the local store's speed. The BUILT
 * bundles run in the local uniCloud runtime beside the WeChat emulator, as the
 * integration tests run them; the runtime records each invocation's
 * operations by kind (emulators/unicloud/db-operations.ts) and this prints
 * them beside the minimum each call needs. bench/README.md derives each
 * minimum from what the call must do.
 */
import type { InvocationRecord } from '../emulators/unicloud'
import { DB_OPERATION_KINDS, formatCounts } from '../emulators/unicloud'
import {
  armFault,
  deliveryCount,
  flushNotifies,
  loginMp,
  notifyLog,
  pay,
  payWithRequestPayment,
  sendCraftedNotify,
  startPayStack,
  storedOrder,
  transactionResource,
  type PayStack,
} from '../tests/helpers/pay'
import { percentile, table } from './support/stats'

/** One call measured: its label, the record(s) the runtime made of it, the minimum it needs. */
interface Row {
  call: string
  case: string
  records: InvocationRecord[]
  minimum: number
  /** What the minimum consists of, in the order the call makes them. */
  minimumIs: string
}

/** The records of `object.method` the runtime made while `work` ran (nested calls stay inside their caller's record). */
async function recorded(all: InvocationRecord[], object: string, method: string, work: () => Promise<unknown>): Promise<InvocationRecord[]> {
  const from = all.length
  await work()
  return all.slice(from).filter((r) => r.name === object && r.method === method)
}

function only(records: InvocationRecord[], what: string): InvocationRecord {
  if (records.length !== 1) throw new Error(`${what}: expected one invocation, the runtime recorded ${records.length}`)
  return records[0]
}

/** The operations in order, `get wxkit-orders → updateAndReturn wxkit-orders …`. */
function sequence(record: InvocationRecord): string {
  return record.db.operations.map((o) => `${o.kind} ${o.collection.replace(/^wxkit-/, '')}`).join(' → ')
}

/** A new order of the user's, paid by nobody yet: its id, payment parameters and out_trade_no. */
async function createOrder(s: PayStack, token: string) {
  const created = await pay(s, token, 'createOrder', { items: [{ productId: 'p-drip-bags', quantity: 1 }] }, { uniPlatform: 'mp-weixin' })
  return { orderId: created.orderId as string, payment: created.payment as object }
}

/** Print the operations of a login, a createOrder, a getOrder and a notify, beside their minimums. */
export async function run(): Promise<void> {
  const all: InvocationRecord[] = []
  // timeFactor 1: WeChat Pay's notify retries wait their real 15 s, so only the deliveries flushed here happen.
  const s = await startPayStack({ timeFactor: 1, onInvocation: (r) => all.push(r) })
  try {
    const rows: Row[] = []
    const add = (call: string, kase: string, records: InvocationRecord[], minimum: number, minimumIs: string) =>
      rows.push({ call, case: kase, records, minimum, minimumIs })

    // Another user logs in first, so this minute's per-IP counter exists, as it does for all but a minute's first login.
    await loginMp(s, 'bench-db-ops-other')
    let token = ''
    const firstLogin = await recorded(all, 'weixinLogin', 'login', async () => (token = await loginMp(s, 'bench-db-ops')))
    add(
      'weixinLogin.login',
      'first login (new user)',
      [only(firstLogin, 'first login')],
      8,
      'count IP (inc), claim code (add), count openid (add: a new minute for this user), session key (set), find user (get), add user, add session, complete code (update)',
    )
    const returning = await recorded(all, 'weixinLogin', 'login', async () => (token = await loginMp(s, 'bench-db-ops')))
    add(
      'weixinLogin.login',
      'returning user, same minute',
      [only(returning, 'returning login')],
      7,
      'count IP (inc), claim code (add), count openid (inc), session key (set), find and stamp the user (updateAndReturn), add session, complete code (update)',
    )

    let order = { orderId: '', payment: {} as object }
    const created = await recorded(all, 'pay', 'createOrder', async () => (order = await createOrder(s, token)))
    add('pay.createOrder', 'mini program, one line', [only(created, 'createOrder')], 8, "session (get), payer openid (get user), count open unpaid (count), count the user's minute (inc; add: the minute's first order), price the cart (get products), add order, keep the prepay_id on the trade (update)")

    const queried = await recorded(all, 'pay', 'getOrder', () => pay(s, token, 'getOrder', { orderId: order.orderId }))
    add('pay.getOrder', 'NOTPAY, asks WeChat Pay (NOTPAY)', [only(queried, 'getOrder')], 3, 'session (get), own order (get), claim the query slot (updateAndReturn)')
    const polled = await recorded(all, 'pay', 'getOrder', () => pay(s, token, 'getOrder', { orderId: order.orderId }))
    add('pay.getOrder', 'NOTPAY, asked < 5 s ago', [only(polled, 'getOrder again')], 3, 'session (get), own order (get), claim the query slot (refused)')

    const first = await recorded(all, 'pay', 'notify', async () => {
      await payWithRequestPayment(s, order.payment, 'bench-db-ops')
      await flushNotifies(s)
    })
    add('pay.notify', 'first (kit delivery fulfiller)', [only(first, 'first notify')], 4, 'find by out_trade_no (get), NOTPAY→PAID with the outbox leased (updateAndReturn), add delivery, mark done (updateAndReturn)')
    const stored = await storedOrder(s, order.orderId)
    const duplicate = await recorded(all, 'pay', 'notify', async () => {
      const answer = await sendCraftedNotify(s, { resource: transactionResource(stored) })
      if (answer.status !== 204) throw new Error(`duplicate notify answered ${answer.status}`)
    })
    add('pay.notify', 'duplicate, after fulfilment', [only(duplicate, 'duplicate notify')], 1, 'find by out_trade_no (get): PAID, fulfilment done')

    const paid = await recorded(all, 'pay', 'getOrder', () => pay(s, token, 'getOrder', { orderId: order.orderId }))
    add('pay.getOrder', 'PAID', [only(paid, 'getOrder of a paid order')], 2, 'session (get), own order (get)')

    // 20 concurrent copies of one payment's notify: one applies it, the others find it applied or wait for its fulfilment.
    const COPIES = 20
    const raced = await createOrder(s, token)
    await armFault(s, { notify: 'duplicate', copies: COPIES - 1 })
    const burst = await recorded(all, 'pay', 'notify', async () => {
      await payWithRequestPayment(s, raced.payment, 'bench-db-ops')
      await flushNotifies(s)
    })
    if (burst.length !== COPIES) throw new Error(`expected ${COPIES} notifies, the runtime recorded ${burst.length}`)

    console.log('Database operations per call: the built bundles in the local uniCloud runtime, counted by the runtime per invocation.')
    console.log('In production each is one request from the cloud object to the space database. minimum: see bench/README.md.')
    console.log(
      table(
        ['call', 'case', 'operations', ...DB_OPERATION_KINDS, 'minimum', 'over'],
        rows.map((r) => {
          const [record] = r.records
          return [r.call, r.case, record.db.total, ...DB_OPERATION_KINDS.map((k) => record.db.byKind[k] ?? ''), r.minimum, record.db.total - r.minimum]
        }),
      ),
    )
    console.log('')
    console.log('  In order (collection names without wxkit-), and what the minimum consists of:')
    for (const r of rows) {
      console.log(`  ${r.call}, ${r.case}:`)
      console.log(`    measured  ${sequence(r.records[0])}`)
      console.log(`    minimum   ${r.minimumIs}`)
    }

    const totals = burst.map((r) => r.db.total).sort((a, b) => a - b)
    const sum = totals.reduce((n, t) => n + t, 0)
    const kinds: Record<string, number> = {}
    for (const r of burst) for (const [k, n] of Object.entries(r.db.byKind)) kinds[k] = (kinds[k] ?? 0) + (n ?? 0)
    const shapes = new Map<string, number>()
    for (const r of burst) shapes.set(sequence(r), (shapes.get(sequence(r)) ?? 0) + 1)
    const racedOrder = await storedOrder(s, raced.orderId)
    const answers = (await notifyLog(s, racedOrder.outTradeNo)).map((d) => d.status)
    console.log('')
    console.log(`  ${COPIES} concurrent copies of one notify (the emulator's duplicate delivery fault):`)
    console.log(
      `    ${sum} operations in all (${formatCounts({ total: sum, byKind: kinds, operations: [] })}), minimum ${4 + (COPIES - 1)} (one applies it: 4; each other copy reads the order: 1);` +
        ` per copy min ${totals[0]}, p50 ${percentile(totals, 50)}, max ${totals[totals.length - 1]}`,
    )
    console.log(
      `    answers ${[...new Set(answers)].map((st) => `${answers.filter((a) => a === st).length} × ${st}`).join(', ')}; ` +
        `transitions applied ${racedOrder.history.length}; fulfilment ${racedOrder.fulfilment.status}, attempts ${racedOrder.fulfilment.attempts}; ` +
        `deliveries ${await deliveryCount(s, raced.orderId)}`,
    )
    console.log('    the copies by what they did:')
    for (const [shape, n] of [...shapes].sort((a, b) => b[1] - a[1])) console.log(`      ${String(n).padStart(2)} × ${shape}`)
  } finally {
    await s.close()
  }
}
