/**
 * payAdmin.overview: the last 14 Beijing days' takings, paid orders and
 * refunds (today last) and the queues' counts, against orders and refunds
 * written straight into the runtime's database; the sums expected are added
 * up here from the same documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEV_OPERATOR } from '../../../emulators/start'
import { callObject, loginMp, startPayStack, type PayStack } from '../../helpers/pay'
import { seedId, seedShop, type SeededOrders } from '../../helpers/seed-orders'
import type { RefundRecord } from '../../../cloud/pay/refund-records'

const HOUR = 3600_000
const BEIJING = 8 * HOUR

let s: PayStack
let operator: string
let shop: SeededOrders & { refunds: RefundRecord[] }

beforeAll(async () => {
  s = await startPayStack()
  operator = await loginMp(s, DEV_OPERATOR)
  // Twenty days of an order every 90 minutes: the first six fall before the fortnight.
  shop = await seedShop(s.db, { count: 320, newest: Date.now() - 60_000, spacingMs: 90 * 60_000 })
  const paid = shop.orders.find((o) => o.status === 'PAID')!
  // A duplicate payment's refund (not takings), a request waiting for review, a failed shipping upload.
  await s.db.collection('wxkit-refunds').add([
    { ...shop.refunds[0], _id: seedId('refund', 9000), origin: 'duplicate', settledAt: Date.now() - HOUR, outRefundNo: 'RDUP1' },
    { ...shop.refunds[0], _id: seedId('refund', 9001), status: 'REQUESTED', orderId: paid._id, outRefundNo: undefined, settledAt: undefined },
  ])
  await s.db.collection('wxkit-orders').doc(paid._id).update({ shipping: { status: 'shipped', kind: 'express', upload: { state: 'failed', attempts: 12 } } })
}, 60_000)
afterAll(() => s?.close())

const beijingDay = (ms: number) => new Date(ms + BEIJING).toISOString().slice(0, 10)

describe('payAdmin.overview', () => {
  it('adds up each Beijing day of the last fortnight: takings and paid orders by payment time, refunds by settlement', async () => {
    const answer = await callObject(s, 'payAdmin', 'overview', [], { token: operator })
    expect(answer.errCode).toBe(0)
    const days: string[] = answer.days.map((d: { date: string }) => d.date)
    expect(days).toHaveLength(14)
    expect(days[13]).toBe(beijingDay(answer.asOf))
    for (let i = 1; i < 14; i++) expect(Date.parse(days[i]) - Date.parse(days[i - 1])).toBe(24 * HOUR)
    expect(answer.today).toEqual(answer.days[13])

    const expected = days.map((date) => {
      const paid = shop.orders.filter((o) => o.paidAt !== undefined && beijingDay(o.paidAt) === date)
      const refunds = shop.refunds.filter((r) => beijingDay(r.settledAt!) === date)
      return {
        date,
        takings: paid.reduce((sum, o) => sum + o.amount, 0),
        paidOrders: paid.length,
        refunds: refunds.length,
        refunded: refunds.reduce((sum, r) => sum + r.amount, 0),
      }
    })
    expect(answer.days).toEqual(expected)
    expect(expected.reduce((n, d) => n + d.paidOrders, 0)).toBeGreaterThan(100)
    expect(answer.waiting).toEqual({ refundRequests: 1, shippingFailures: 1 })
  })

  it('reads the fortnight with one request per collection and a count per queue', async () => {
    await callObject(s, 'payAdmin', 'overview', [], { token: operator })
    const requests = s.stack.runtime.lastInvocation()!.db.operations.map((o) => `${o.kind} ${o.collection}`)
    expect(requests.sort()).toEqual(['count wxkit-orders', 'count wxkit-refunds', 'get wxkit-orders', 'get wxkit-refunds', 'get wxkit-sessions', 'get wxkit-users'])
  })
})
