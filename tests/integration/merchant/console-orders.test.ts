/**
 * The console's order list (payAdmin.listOrders) and order detail
 * (payAdmin.getOrderDetail) against a few hundred orders written straight
 * into the runtime's database as the kit stores them: every filter, each
 * search key, paging on the server, and the database requests of each call.
 * The expected pages are computed here from the seeded documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEV_OPERATOR } from '../../../emulators/start'
import type { OrderRecord } from '../../../cloud/pay/orders'
import { callObject, loginMp, startPayStack, type Answer, type PayStack } from '../../helpers/pay'
import { SEED_CHANNELS, seedShop, seedTradeNo, seedTransactionId, type SeededOrders } from '../../helpers/seed-orders'

const COUNT = 300
const HOUR = 3600_000
const PAGE = 20
const BEIJING = 8 * HOUR

let s: PayStack
let operator: string
let shop: SeededOrders
let newest: number

beforeAll(async () => {
  s = await startPayStack()
  operator = await loginMp(s, DEV_OPERATOR)
  newest = Date.now() - 60_000
  // An order an hour, over twelve and a half days; ten buyers, two of them 咖啡.
  shop = await seedShop(s.db, { count: COUNT, newest, spacingMs: HOUR, users: 10, nickname: (u) => (u < 2 ? `咖啡爱好者${u}` : `买家${u}`) })
}, 60_000)
afterAll(() => s?.close())

async function admin(method: string, input?: unknown): Promise<Answer> {
  const answer = await callObject(s, 'payAdmin', method, input === undefined ? [] : [input], { token: operator })
  if (answer.errCode !== 0) throw new Error(`payAdmin.${method}: ${String(answer.errCode)} ${answer.errMsg ?? ''}`)
  return answer
}

/** The database requests of the last call, as `kind collection`. */
function requestsOfLastCall(): string[] {
  return s.stack.runtime.lastInvocation()!.db.operations.map((o) => `${o.kind} ${o.collection}`)
}

const newestFirst = (orders: readonly OrderRecord[]) => [...orders].sort((a, b) => b.createdAt - a.createdAt).map((o) => o._id)
const beijingDay = (ms: number) => new Date(ms + BEIJING).toISOString().slice(0, 10)

/** Every page of a listing, followed through hasMore (and the matched key, as the console does). */
async function allPages(filters: Record<string, unknown>): Promise<{ ids: string[]; pages: number; matchedBy?: string }> {
  const ids: string[] = []
  let by: string | undefined
  for (let page = 1; ; page++) {
    const answer = await admin('listOrders', { ...filters, ...(by ? { by } : {}), page })
    expect(answer.orders.length).toBeLessThanOrEqual(PAGE)
    ids.push(...answer.orders.map((o: { orderId: string }) => o.orderId))
    by ??= answer.matchedBy
    if (!answer.hasMore) return { ids, pages: page, matchedBy: by }
    expect(answer.orders).toHaveLength(PAGE)
  }
}

describe('payAdmin.listOrders', () => {
  it('pages through every order, newest first, 20 a page, each once', async () => {
    const { ids, pages } = await allPages({})
    expect(ids).toEqual(newestFirst(shop.orders))
    expect(pages).toBe(COUNT / PAGE)
  })

  it('answers a page with the session, the operator check, one orders read and one read of the buyers’ nicknames', async () => {
    const answer = await admin('listOrders', { page: 2 })
    expect(requestsOfLastCall()).toEqual(['get wxkit-sessions', 'get wxkit-users', 'get wxkit-orders', 'get wxkit-users'])
    const row = answer.orders[0]
    const order = shop.orders.find((o) => o._id === row.orderId)!
    const buyer = shop.users.find((u) => u._id === order.userId)!
    expect(row).toMatchObject({
      outTradeNo: order.outTradeNo,
      status: order.status,
      channel: order.channel,
      amount: order.amount,
      refunded: order.refunded,
      createdAt: order.createdAt,
      buyer: { userId: buyer._id, nickname: buyer.nickname },
    })
  })

  it.each(['NOTPAY', 'PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CLOSED'])('filters by status %s', async (status) => {
    const { ids } = await allPages({ status })
    expect(ids).toEqual(newestFirst(shop.orders.filter((o) => o.status === status)))
    expect(ids.length).toBeGreaterThan(0)
  })

  it.each(SEED_CHANNELS)('filters by channel %s, and by channel and status together', async (channel) => {
    expect((await allPages({ channel })).ids).toEqual(newestFirst(shop.orders.filter((o) => o.channel === channel)))
    const both = await allPages({ channel, status: 'PAID' })
    expect(both.ids).toEqual(newestFirst(shop.orders.filter((o) => o.channel === channel && o.status === 'PAID')))
    expect(both.ids.length).toBeGreaterThan(0)
  })

  it('filters by a range of Beijing days, both ends inclusive, and by either end alone', async () => {
    const from = beijingDay(newest - 9 * 24 * HOUR)
    const to = beijingDay(newest - 3 * 24 * HOUR)
    const inRange = (o: OrderRecord, a?: string, b?: string) => (!a || beijingDay(o.createdAt) >= a) && (!b || beijingDay(o.createdAt) <= b)
    const range = await allPages({ from, to })
    expect(range.ids).toEqual(newestFirst(shop.orders.filter((o) => inRange(o, from, to))))
    // Seven whole days of an order an hour.
    expect(range.ids).toHaveLength(7 * 24)
    expect((await allPages({ from })).ids).toEqual(newestFirst(shop.orders.filter((o) => inRange(o, from))))
    expect((await allPages({ to, status: 'CLOSED' })).ids).toEqual(newestFirst(shop.orders.filter((o) => inRange(o, undefined, to) && o.status === 'CLOSED')))
  })

  it('refuses a date that does not exist, naming the field', async () => {
    const answer = await callObject(s, 'payAdmin', 'listOrders', [{ from: '2025-02-30' }], { token: operator })
    expect(answer).toMatchObject({ errCode: 'PARAM_INVALID', detail: { fields: [{ field: 'from' }] } })
  })

  it('finds an order by its id, by the out_trade_no of any of its trades, and by its transaction_id', async () => {
    const order = shop.orders[42]
    expect((await admin('listOrders', { q: order._id })).orders.map((o: { orderId: string }) => o.orderId)).toEqual([order._id])
    expect(requestsOfLastCall()).toEqual(['get wxkit-sessions', 'get wxkit-users', 'get wxkit-orders', 'get wxkit-users'])

    const byTrade = await admin('listOrders', { q: seedTradeNo(42) })
    expect(byTrade).toMatchObject({ matchedBy: 'outTradeNo', orders: [{ orderId: order._id }] })
    // Order 42 switched channel: its earlier trade's number finds it too.
    expect(order.tradeNos).toHaveLength(2)
    expect((await admin('listOrders', { q: seedTradeNo(42, 1) })).orders.map((o: { orderId: string }) => o.orderId)).toEqual([order._id])

    const paid = shop.orders.find((o, i) => i > 100 && o.transactionId)!
    const byTransaction = await admin('listOrders', { q: paid.transactionId, status: paid.status })
    expect(byTransaction).toMatchObject({ matchedBy: 'transactionId', orders: [{ orderId: paid._id, transactionId: paid.transactionId }] })
    // The out_trade_no was tried first: one request more.
    expect(requestsOfLastCall()).toEqual(['get wxkit-sessions', 'get wxkit-users', 'get wxkit-orders', 'get wxkit-orders', 'get wxkit-users'])
    expect((await admin('listOrders', { q: seedTransactionId(999_999) })).orders).toEqual([])
  })

  it('finds a buyer’s orders by user id and by the start of the nickname, paging with the key it matched', async () => {
    const buyer = shop.users[3]
    const byUser = await allPages({ q: buyer._id })
    expect(byUser.matchedBy).toBe('userId')
    expect(byUser.ids).toEqual(newestFirst(shop.orders.filter((o) => o.userId === buyer._id)))

    const byNickname = await allPages({ q: '咖啡' })
    expect(byNickname.matchedBy).toBe('nickname')
    const coffee = new Set(shop.users.filter((u) => u.nickname.startsWith('咖啡')).map((u) => u._id))
    expect(byNickname.ids).toEqual(newestFirst(shop.orders.filter((o) => coffee.has(o.userId))))
    expect(byNickname.pages).toBeGreaterThan(1)

    const one = await allPages({ q: '买家7', status: 'REFUNDED' })
    expect(one.ids).toEqual(newestFirst(shop.orders.filter((o) => o.userId === shop.users[7]._id && o.status === 'REFUNDED')))
    // A nickname is matched from its start only, and a regex character is just a character.
    expect((await admin('listOrders', { q: '爱好者' })).orders).toEqual([])
    expect((await admin('listOrders', { q: '.*' })).orders).toEqual([])
  })

  it('applies the filters to a search: an order outside them is not found', async () => {
    const order = shop.orders.find((o) => o.status === 'CLOSED')!
    expect((await admin('listOrders', { q: order.outTradeNo, status: 'PAID' })).orders).toEqual([])
    expect((await admin('listOrders', { q: order.outTradeNo, status: 'CLOSED' })).orders).toHaveLength(1)
  })
})

describe('payAdmin.getOrderDetail', () => {
  it('answers an order in full: items, amounts, trades, payment, history, refunds with who decided, fulfilment and what may be done', async () => {
    const order = shop.orders.find((o, i) => o.status === 'PARTIALLY_REFUNDED' && i % 3 === 0)!
    const { order: detail } = await admin('getOrderDetail', { orderId: order._id })
    expect(requestsOfLastCall().sort()).toEqual(['get wxkit-orders', 'get wxkit-refunds', 'get wxkit-sessions', 'get wxkit-users', 'get wxkit-users'].sort())
    expect(detail).toMatchObject({
      orderId: order._id,
      status: 'PARTIALLY_REFUNDED',
      amount: order.amount,
      refunded: order.refunded,
      refundable: order.amount - order.refunded,
      items: [{ productId: order.items[0].productId, name: order.items[0].name, quantity: 1 }],
      payment: { transactionId: order.transactionId, paidAt: order.paidAt, outTradeNo: order.outTradeNo },
      buyer: { userId: order.userId, nickname: shop.users.find((u) => u._id === order.userId)!.nickname },
      history: order.history,
      fulfilment: { status: 'done', running: false },
      refunds: [{ orderId: order._id, status: 'SUCCESS', amount: order.refunded, decidedBy: '演示店长', origin: 'merchant' }],
      // A fulfilled mini-program order may be shipped (its shipping entry is made then, for orders fulfilled before it existed).
      actions: { close: false, refund: true, retryFulfilment: false, enterShipment: order.channel === 'miniprogram', retryShipping: false },
    })
    expect(detail.trades.map((t: { outTradeNo: string; state: string; current: boolean }) => [t.outTradeNo, t.state, t.current])).toEqual([
      [seedTradeNo(shop.orders.indexOf(order), 1), 'CLOSED', false],
      [order.outTradeNo, 'PAID', true],
    ])
  })

  it('offers closing an unpaid order and nothing else; ORDER_NOT_FOUND for an unknown id', async () => {
    const unpaid = shop.orders.find((o) => o.status === 'NOTPAY')!
    const { order: detail } = await admin('getOrderDetail', { orderId: unpaid._id })
    expect(detail).toMatchObject({ status: 'NOTPAY', payableUntil: unpaid.timeExpire, actions: { close: true, refund: false } })
    expect(detail.payment).toBeUndefined()
    const missing = await callObject(s, 'payAdmin', 'getOrderDetail', [{ orderId: 'f'.repeat(24) }], { token: operator })
    expect(missing.errCode).toBe('ORDER_NOT_FOUND')
  })
})
