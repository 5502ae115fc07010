/** Paying again, never twice: one live trade per order, reuse, channel switches, payments that cross a close. */
import { describe, expect, it } from 'vitest'
import { applyTransaction, ORDER_TTL_MS } from '../../../cloud/pay/payments'
import { reconcile } from '../../../cloud/pay/reconcile'
import { refundsOf } from '../../../cloud/pay/refund-records'
import { H5_URL_VALID_MS, payOrder, type TradeTarget } from '../../../cloud/pay/trades'
import type { OrderRecord } from '../../../cloud/pay/orders'
import { MP_APPID, OPENID, newOrder, payFixture, stored, wxpayError, type PayFixture } from './support'
import { rejection } from '../support'

const MP: TradeTarget = { channel: 'miniprogram', appid: MP_APPID, payerOpenid: OPENID }
const NATIVE: TradeTarget = { channel: 'native', appid: MP_APPID }
const H5: TradeTarget = { channel: 'h5', appid: MP_APPID, clientIP: '203.0.113.7' }

/** The pay object's onPaid: ask WeChat Pay about the trade and apply the answer. */
function onPaid(f: PayFixture) {
  return async (order: OrderRecord, trade: { outTradeNo: string }) =>
    (await applyTransaction(f.deps, f.gateway.transaction(trade.outTradeNo), 'query', order)).order
}

function placed(f: PayFixture): string[] {
  return f.gateway.calls.filter((c) => c.method.startsWith('create') && c.method.endsWith('Order')).map((c) => (c.arg as { out_trade_no: string }).out_trade_no)
}

describe('paying an unpaid order again', () => {
  it('on the same channel reuses the live trade: no new WeChat Pay order, fresh requestPayment parameters for the same prepay', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    const again = await payOrder(f.deps, await stored(f, order._id), MP, onPaid(f))
    expect('payment' in again && again.payment).toMatchObject({ package: `prepay_id=wx${order.outTradeNo}` })
    expect(placed(f)).toEqual([order.outTradeNo])
    expect((await stored(f, order._id)).tradeNos).toEqual([order.outTradeNo])
  })

  it('an H5 cashier link lives 5 minutes: after that the same trade is placed again, identically', async () => {
    const f = payFixture()
    const order = await newOrder(f, { ...H5 })
    f.env.advance(H5_URL_VALID_MS)
    await payOrder(f.deps, await stored(f, order._id), H5, onPaid(f))
    const bodies = f.gateway.calls.filter((c) => c.method === 'createH5Order').map((c) => c.arg)
    expect(bodies).toHaveLength(2)
    expect(bodies[1]).toEqual(bodies[0])
  })

  it('switching channel closes the live trade first, then places a new trade; the order names the new one', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    const answer = await payOrder(f.deps, await stored(f, order._id), NATIVE, onPaid(f))
    expect('payment' in answer && answer.payment).toMatchObject({ codeUrl: expect.stringMatching(/^weixin:\/\/wxpay\/bizpayurl/) })
    const calls = f.gateway.calls.map((c) => c.method)
    expect(calls.indexOf('closeOrder')).toBeLessThan(calls.indexOf('createNativeOrder'))
    const after = await stored(f, order._id)
    const [first, second] = after.tradeNos
    expect(after).toMatchObject({ liveTradeNo: second, outTradeNo: second, channel: 'native', unverifiedTrades: 1 })
    expect(after.trades[first]).toMatchObject({ state: 'CLOSED', channel: 'miniprogram' })
    expect(after.trades[second]).toMatchObject({ state: 'LIVE', channel: 'native' })
  })

  it('a live trade that cannot be closed is never left beside a second one: PAY_CHANNEL_SWITCH_UNAVAILABLE', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    f.gateway.failures.closeOrder = [wxpayError(403, 'RULE_LIMIT')]
    expect((await rejection(payOrder(f.deps, await stored(f, order._id), NATIVE, onPaid(f)))).code).toBe('PAY_CHANNEL_SWITCH_UNAVAILABLE')
    expect(await stored(f, order._id)).toMatchObject({ liveTradeNo: order.outTradeNo, tradeNos: [order.outTradeNo] })
    expect(placed(f)).toEqual([order.outTradeNo])
  })

  it('a live trade paid meanwhile (close answers ORDERPAID) pays the order instead of a switch', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    f.gateway.pay(order.outTradeNo)
    const answer = await payOrder(f.deps, await stored(f, order._id), NATIVE, onPaid(f))
    expect(answer).toMatchObject({ paid: true })
    expect(await stored(f, order._id)).toMatchObject({ status: 'PAID', outTradeNo: order.outTradeNo })
    expect(placed(f)).toEqual([order.outTradeNo])
  })

  it('an order past its time_expire cannot be paid again: ORDER_EXPIRED; a closed one ORDER_NOT_PAYABLE', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    f.env.advance(ORDER_TTL_MS - 30_000)
    expect((await rejection(payOrder(f.deps, await stored(f, order._id), MP, onPaid(f)))).code).toBe('ORDER_EXPIRED')
    f.env.advance(60_000)
    await reconcile(f.deps)
    expect((await rejection(payOrder(f.deps, await stored(f, order._id), MP, onPaid(f)))).code).toBe('ORDER_NOT_PAYABLE')
  })
})

describe('money that crosses a channel switch: kept once, never lost, never kept twice', () => {
  it('both trades paid (the close answered 204 but the payment landed): the first report pays the order, the second is refunded and recorded', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    await payOrder(f.deps, await stored(f, order._id), NATIVE, onPaid(f))
    const [superseded, live] = (await stored(f, order._id)).tradeNos
    // The buyer pays the old trade anyway (the race), and the new one.
    f.gateway.orders.get(superseded)!.state = 'NOTPAY'
    f.gateway.pay(superseded)
    f.gateway.pay(live)
    await applyTransaction(f.deps, f.gateway.transaction(live), 'notify')
    await applyTransaction(f.deps, f.gateway.transaction(superseded), 'notify')
    const after = await stored(f, order._id)
    expect(after).toMatchObject({ status: 'PAID', outTradeNo: live, refundable: after.amount })
    expect(after.duplicates?.[superseded]).toMatchObject({ outTradeNo: superseded, amount: after.amount, refundId: `dup-${superseded}` })
    expect(after.trades[superseded].state).toBe('DUPLICATE')
    const refunds = (await refundsOf(f.deps.db).where({ orderId: order._id }).get()).data
    expect(refunds).toEqual([expect.objectContaining({ origin: 'duplicate', outTradeNo: superseded, amount: after.amount, status: 'PROCESSING' })])
    expect(f.gateway.calls.filter((c) => c.method === 'createRefund').map((c) => (c.arg as { out_trade_no: string }).out_trade_no)).toEqual([superseded])
    // The same report again changes nothing.
    await applyTransaction(f.deps, f.gateway.transaction(superseded), 'notify')
    expect(f.gateway.count('createRefund')).toBe(1)
  })

  it('only the superseded trade paid: it pays the order, and the live trade beside it is closed', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    await payOrder(f.deps, await stored(f, order._id), NATIVE, onPaid(f))
    const [superseded, live] = (await stored(f, order._id)).tradeNos
    f.gateway.orders.get(superseded)!.state = 'NOTPAY'
    f.gateway.pay(superseded)
    await applyTransaction(f.deps, f.gateway.transaction(superseded), 'notify')
    const after = await stored(f, order._id)
    expect(after).toMatchObject({ status: 'PAID', outTradeNo: superseded, channel: 'miniprogram', liveTradeNo: '' })
    expect(after.trades[live].state).toBe('CLOSED')
    expect(f.gateway.orders.get(live)?.state).toBe('CLOSED')
  })

  it('the reconciler finds a payment on a superseded trade whose notifies were all lost', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    await payOrder(f.deps, await stored(f, order._id), NATIVE, onPaid(f))
    const [superseded, live] = (await stored(f, order._id)).tradeNos
    f.gateway.pay(live)
    await applyTransaction(f.deps, f.gateway.transaction(live), 'notify')
    f.gateway.orders.get(superseded)!.state = 'NOTPAY'
    f.gateway.pay(superseded)
    f.env.advance(61_000)
    const summary = await reconcile(f.deps)
    expect(summary.verified).toBe(1)
    const after = await stored(f, order._id)
    expect(after.duplicates?.[superseded]).toBeDefined()
    expect(after.unverifiedTrades).toBe(0)
  })

  it('a superseded trade the query finds CLOSED is confirmed and asked about no more', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    await payOrder(f.deps, await stored(f, order._id), NATIVE, onPaid(f))
    f.env.advance(61_000)
    await reconcile(f.deps)
    const after = await stored(f, order._id)
    expect(after.unverifiedTrades).toBe(0)
    expect(after.trades[after.tradeNos[0]].verified).toBe(true)
    const queriesOf = (no: string) => f.gateway.calls.filter((c) => c.method === 'queryOrderByOutTradeNo' && c.arg === no).length
    const before = queriesOf(after.tradeNos[0])
    f.env.advance(300_000)
    await reconcile(f.deps)
    expect(queriesOf(after.tradeNos[0])).toBe(before)
    // The live trade is still asked about.
    expect(queriesOf(after.tradeNos[1])).toBeGreaterThan(0)
  })
})
