/**
 * Daily reconciliation end to end: the built payAdmin bundle in the local
 * runtime, the WeChat emulator's trade bill (gzip, SHA1, the download URL,
 * not-ready and no-bill answers, planted discrepancies, faults). One Beijing
 * day (D0, the emulator's today) is traded on, then the emulator's clock is
 * moved to 10:30 the next day so its bill is made. The cloud's own clock is
 * the real one: D0 is its today, which the console may run.
 */
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RECONCILE_DAY_DEFAULTS } from '../../../cloud/merchant/bill-reconcile'
import { DEV_OPERATOR } from '../../../emulators/start'
import { parseCron } from '../../../emulators/unicloud/cron'
import {
  armFault,
  callLog,
  callObject,
  control,
  flushNotifies,
  loginMp,
  pay,
  payWithRequestPayment,
  startPayStack,
  storedOrder,
  type Answer,
  type OrderRecord,
  type PayStack,
} from '../../helpers/pay'

let s: PayStack
let alice: string
let operator: string
/** The Beijing day traded on, and the one before. */
let d0: string
let before: string
const orders: Record<'refunded' | 'shortBilled' | 'unbilled' | 'lost' | 'plain', OrderRecord> = {} as never
let refundNo: string
let unknownTradeNo: string

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10)
}

function admin(method: string, input?: unknown): Promise<Answer> {
  return callObject(s, 'payAdmin', method, input === undefined ? [] : [input], { token: operator })
}

/** A paid order of one mug (4500 fen): its notify delivered unless notifies are being dropped. */
async function paidOrder(): Promise<OrderRecord> {
  const created = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-mug', quantity: 1 }] })
  await payWithRequestPayment(s, created.payment, 'bill-alice')
  await flushNotifies(s)
  return storedOrder(s, created.orderId as string)
}

/** The emulator's business clock set to `iso` (Beijing time), running what falls due on the way. */
async function emulatorClockTo(iso: string): Promise<void> {
  const { now } = await control<{ now: number }>(s, 'GET', '/clock')
  const seconds = Math.ceil((Date.parse(iso) - now) / 1000)
  if (seconds > 0) await control(s, 'POST', '/clock/advance', { seconds })
}

async function discrepanciesOf(billDate: string): Promise<Array<Record<string, unknown>>> {
  const answer = await admin('getReconciliation', { billDate })
  expect(answer.errCode).toBe(0)
  return answer.discrepancies
}

beforeAll(async () => {
  s = await startPayStack({ timeFactor: 0.01 })
  alice = await loginMp(s, 'bill-alice')
  operator = await loginMp(s, DEV_OPERATOR)
  const clock = await control<{ beijing: string }>(s, 'GET', '/clock')
  d0 = clock.beijing.slice(0, 10)
  before = addDays(d0, -1)

  orders.refunded = await paidOrder()
  orders.shortBilled = await paidOrder()
  orders.unbilled = await paidOrder()
  orders.plain = await paidOrder()
  // From here every notify is lost, and nothing asks WeChat Pay (no getOrder, the pay timer does not run).
  await armFault(s, { notify: 'drop', times: 1000 })
  orders.lost = await paidOrder()
  expect(orders.lost.status).toBe('NOTPAY')
  const refund = await admin('refundOrder', { orderId: orders.refunded._id, amount: 1500 })
  expect(refund.refund).toMatchObject({ status: 'PROCESSING' })
  refundNo = refund.refund.outRefundNo
  await flushNotifies(s)
  const refunds = await control<Array<{ outRefundNo: string; status: string }>>(s, 'GET', '/wxpay/refunds')
  expect(refunds.find((r) => r.outRefundNo === refundNo)?.status).toBe('SUCCESS')
  expect((await s.db.collection('wxkit-refunds').where({ outRefundNo: refundNo }).get()).data[0]).toMatchObject({ status: 'PROCESSING' })
}, 60_000)
afterAll(() => s?.close())

describe('payAdmin reconciliation against the emulator’s trade bill', () => {
  it('a bill not made yet (before 10:00 the next day) is not-ready, and nothing changes', async () => {
    const answer = await admin('runReconciliation', { billDate: d0 })
    expect(answer).toMatchObject({ errCode: 0, day: { billDate: d0, status: 'not-ready', rows: 0, applied: 0, discrepancies: 0 } })
    expect(await discrepanciesOf(d0)).toEqual([])
    expect((await storedOrder(s, orders.lost._id)).status).toBe('NOTPAY')
  })

  it('a tampered bill (hash mismatch) is refused whole: nothing applied, nothing recorded', async () => {
    await emulatorClockTo(`${addDays(d0, 1)}T10:30:00+08:00`)
    await armFault(s, { bill: 'hashMismatch', times: 1 })
    const answer = await admin('runReconciliation', { billDate: d0 })
    expect(answer.day).toMatchObject({ status: 'failed', error: 'BILL_HASH_MISMATCH', rows: 0, applied: 0, discrepancies: 0 })
    expect(await discrepanciesOf(d0)).toEqual([])
    expect((await storedOrder(s, orders.lost._id)).status).toBe('NOTPAY')
    expect((await s.db.collection('wxkit-refunds').where({ outRefundNo: refundNo }).get()).data[0]).toMatchObject({ status: 'PROCESSING' })
    expect(await callLog(s, 'GET /v3/pay/transactions/out-trade-no/{out_trade_no}')).toEqual([])
    expect((await callLog(s, 'GET /v3/billdownload/file')).length).toBe(1)
  })

  it('reconciles the day: pays the lost order and settles the lost refund (signed queries), records a short amount, an unbilled payment, an unknown trade and the totals', async () => {
    await control(s, 'POST', `/wxpay/bills/${d0}/discrepancies`, { kind: 'amount', outTradeNo: orders.shortBilled.outTradeNo, deltaFen: -100 })
    await control(s, 'POST', `/wxpay/bills/${d0}/discrepancies`, { kind: 'missing', outTradeNo: orders.unbilled.outTradeNo })
    const unknown = await control<{ outTradeNo: string }>(s, 'POST', `/wxpay/bills/${d0}/discrepancies`, { kind: 'unknownTrade', total: 4200, time: '09:30:00' })
    unknownTradeNo = unknown.outTradeNo
    await control(s, 'POST', `/wxpay/bills/${d0}/discrepancies`, { kind: 'summary', deltaFen: 1 })

    const answer = await admin('runReconciliation', { billDate: d0 })
    // Rows: refunded, its refund, shortBilled, plain, lost, the unknown trade (unbilled left out).
    expect(answer.day).toMatchObject({ billDate: d0, status: 'discrepancies', rows: 6, matched: 4, applied: 2 })

    const lost = await storedOrder(s, orders.lost._id)
    expect(lost).toMatchObject({ status: 'PAID', fulfilment: { status: 'done' } })
    expect(lost.history.map((h) => `${h.from}>${h.to}:${h.by}`)).toEqual(['NOTPAY>PAID:bill'])
    expect((await s.db.collection('wxkit-deliveries').where({ orderId: lost._id }).count()).total).toBe(1)
    expect(await storedOrder(s, orders.refunded._id)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: 1500 })
    expect((await s.db.collection('wxkit-refunds').where({ outRefundNo: refundNo }).get()).data[0]).toMatchObject({ status: 'SUCCESS' })

    const found = await discrepanciesOf(d0)
    const brief = found.map((d) => `${d.kind} ${d.action} ${d.outRefundNo ?? d.outTradeNo ?? d.id} ${d.ours ?? '-'} ${d.theirs ?? '-'}`).sort()
    const { refunded, shortBilled, unbilled } = orders
    const billedTotal = 4 * 4500 - 100 + 4200
    expect(brief).toEqual(
      [
        `amount-mismatch recorded ${shortBilled.outTradeNo} 4500 4400`,
        `missing-at-wechat recorded ${unbilled.outTradeNo} 4500 -`,
        `paid-missing-here applied ${lost.outTradeNo} 0 4500`,
        `refund-missing-here applied ${refundNo} 0 1500`,
        `totals-mismatch recorded ${d0}:totals-mismatch:ours-total ${5 * 4500} ${billedTotal + 1}`,
        `totals-mismatch recorded ${d0}:totals-mismatch:rows-settlementTotal ${billedTotal} ${billedTotal + 1}`,
        `totals-mismatch recorded ${d0}:totals-mismatch:rows-total ${billedTotal} ${billedTotal + 1}`,
        `unknown-trade recorded ${unknownTradeNo} - 4200`,
      ].sort(),
    )
    expect(found.find((d) => d.kind === 'refund-missing-here')).toMatchObject({ orderId: refunded._id, note: '微信支付已退款，本地退款未记为成功：已按微信支付的退款查询结果记为退款成功' })
    expect(answer.day.discrepancies).toBe(found.length)
    // The lost payment and the refund were asked about, nothing else.
    expect((await callLog(s, 'GET /v3/pay/transactions/out-trade-no/{out_trade_no}')).map((c) => c.path.split('?')[0].split('/').pop())).toEqual([lost.outTradeNo])
    expect((await callLog(s, 'GET /v3/refund/domestic/refunds/{out_refund_no}')).length).toBe(1)
  })

  it('a rerun changes nothing: the same discrepancy ids, no query, no transition', async () => {
    const first = await discrepanciesOf(d0)
    const snapshot = await Promise.all(Object.values(orders).map((o) => storedOrder(s, o._id)))
    const queries = (await callLog(s, 'GET /v3/pay/transactions/out-trade-no/{out_trade_no}')).length + (await callLog(s, 'GET /v3/refund/domestic/refunds/{out_refund_no}')).length
    const answer = await admin('runReconciliation', { billDate: d0 })
    expect(answer.day).toMatchObject({ status: 'discrepancies', rows: 6, matched: 4, applied: 2, discrepancies: first.length })
    expect(await discrepanciesOf(d0)).toEqual(first)
    expect(await Promise.all(Object.values(orders).map((o) => storedOrder(s, o._id)))).toEqual(snapshot)
    expect((await callLog(s, 'GET /v3/pay/transactions/out-trade-no/{out_trade_no}')).length + (await callLog(s, 'GET /v3/refund/domestic/refunds/{out_refund_no}')).length).toBe(queries)
  })

  it('a day without trades is no-bill; an order paid here that day is recorded as missing at WeChat Pay', async () => {
    const quiet = await admin('runReconciliation', { billDate: addDays(d0, -2) })
    expect(quiet.day).toMatchObject({ status: 'no-bill', discrepancies: 0 })
    // An order this database says was paid the day before, which WeChat Pay never saw (a stray import, say).
    const { _id: _drop, ...copy } = orders.plain
    const strayNo = `STRAY${Date.now()}`
    const { id } = (await s.db.collection('wxkit-orders').add({ ...copy, outTradeNo: strayNo, tradeNos: [strayNo], trades: {}, paidAt: Date.parse(`${before}T12:00:00+08:00`) })) as { id: string }
    const answer = await admin('runReconciliation', { billDate: before })
    expect(answer.day).toMatchObject({ billDate: before, status: 'no-bill', rows: 0, discrepancies: 1 })
    expect(await discrepanciesOf(before)).toMatchObject([{ kind: 'missing-at-wechat', action: 'recorded', orderId: id, outTradeNo: strayNo, ours: 4500 }])
  })

  it('the timer reconciles the days due at its trigger time, and asks again for a bill that was late', async () => {
    const late = addDays(d0, -3)
    await armFault(s, { bill: 'late', date: late, readyAt: `${addDays(d0, 1)}T12:00:00+08:00` })
    const first = (await s.stack.runtime.runTimer('payAdmin', new Date(`${addDays(d0, 1)}T10:45:00+08:00`))) as { due: number; days: Array<{ billDate: string; status: string }> }
    const statuses = Object.fromEntries(first.days.map((d) => [d.billDate, d.status]))
    // The window is the week up to d0: d0, d0-1 and d0-2 were run from the console already.
    expect(statuses).toEqual({
      [addDays(d0, -6)]: 'no-bill',
      [addDays(d0, -5)]: 'no-bill',
      [addDays(d0, -4)]: 'no-bill',
      [late]: 'not-ready',
    })
    await emulatorClockTo(`${addDays(d0, 1)}T12:05:00+08:00`)
    const second = (await s.stack.runtime.runTimer('payAdmin', new Date(`${addDays(d0, 1)}T12:15:00+08:00`))) as typeof first
    expect(second).toEqual({ due: 1, days: [{ billDate: late, status: 'no-bill' }] })
    const listed = await admin('listReconciliations', {})
    expect(listed.days.map((d: { billDate: string }) => d.billDate)).toEqual([0, -1, -2, -3, -4, -5, -6].map((n) => addDays(d0, n)))
    expect(listed.days[0]).toMatchObject({ billDate: d0, status: 'discrepancies', applied: 2 })
  })

  it('refuses days outside the last 90 and answers RECONCILIATION_NOT_FOUND for a day never run', async () => {
    expect(await admin('runReconciliation', { billDate: addDays(d0, -91) })).toMatchObject({ errCode: 'PARAM_INVALID' })
    expect(await admin('runReconciliation', { billDate: addDays(d0, 1) })).toMatchObject({ errCode: 'PARAM_INVALID' })
    expect(await admin('runReconciliation', { billDate: '2025-02-30' })).toMatchObject({ errCode: 'PARAM_INVALID' })
    expect(await admin('getReconciliation', { billDate: addDays(d0, -30) })).toMatchObject({ errCode: 'RECONCILIATION_NOT_FOUND' })
  })
})

describe('payAdmin’s timer as uniCloud installs it (cloudfunction-config)', () => {
  const config = (createRequire(import.meta.url)('../../../uni_modules/wxkit-login-pay/uniCloud/cloudfunctions/payAdmin/package.json') as {
    'cloudfunction-config': { timeout: number; triggers: Array<{ name: string; type: string; config: string }> }
  })['cloudfunction-config']

  it('has one trigger (Aliyun allows one per function), 7 fields, firing at :15 and :45 Beijing time, never on the hour', () => {
    expect(config.triggers).toHaveLength(1)
    const [trigger] = config.triggers
    expect(trigger.type).toBe('timer')
    expect(trigger.config.split(' ')).toHaveLength(7)
    const cron = parseCron(trigger.config)
    expect(cron.matches(new Date('2030-01-02T10:15:00+08:00'))).toBe(true)
    expect(cron.matches(new Date('2030-01-02T10:45:00+08:00'))).toBe(true)
    expect(cron.matches(new Date('2030-01-02T10:00:00+08:00'))).toBe(false)
    expect(cron.matches(new Date('2030-01-02T10:15:01+08:00'))).toBe(false)
  })

  it('gives a run its budget and the last step’s margin within the function timeout', () => {
    expect(RECONCILE_DAY_DEFAULTS.budgetMs + 15_000).toBeLessThanOrEqual(config.timeout * 1000)
    expect(config.timeout).toBeLessThanOrEqual(600)
  })
})
