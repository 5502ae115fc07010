/**
 * Paying an unpaid order again, never twice, through the built pay bundle
 * and the WeChat emulator: the same channel reuses its trade, another channel
 * closes it first, and a payment that crosses the close (the emulator's
 * late-payment control) is kept once and refunded once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  callObject,
  control,
  flushNotifies,
  loginMp,
  pay,
  payAtCashier,
  payWithRequestPayment,
  startPayStack,
  storedOrder,
  type OrderView,
  type PayStack,
} from '../../helpers/pay'

let s: PayStack
let bob: string
const WEB = { uniPlatform: 'web' }

beforeAll(async () => {
  s = await startPayStack({ timeFactor: 0.01 })
  bob = await loginMp(s, 'again-bob')
})
afterAll(() => s?.close())
beforeEach(() => control(s, 'DELETE', '/faults'))

interface EmulatorOrder {
  outTradeNo: string
  state: string
}

async function emulatorOrder(outTradeNo: string): Promise<EmulatorOrder | undefined> {
  return (await control<EmulatorOrder[]>(s, 'GET', '/wxpay/orders')).find((o) => o.outTradeNo === outTradeNo)
}

async function created(): Promise<{ orderId: string; payment: { package: string } }> {
  return pay(s, bob, 'createOrder', { items: [{ productId: 'p-coffee-beans', quantity: 1 }] })
}

describe('pay.payOrder', () => {
  it('the same channel again: the same trade, no second WeChat Pay order, and the phone can pay it', async () => {
    const first = await created()
    const again = await pay(s, bob, 'payOrder', { orderId: first.orderId })
    expect(again.payment.package).toBe(first.payment.package)
    expect((await storedOrder(s, first.orderId)).tradeNos).toHaveLength(1)
    await payWithRequestPayment(s, again.payment, 'again-bob')
    await flushNotifies(s)
    expect((await pay<{ order: OrderView }>(s, bob, 'getOrder', { orderId: first.orderId })).order.status).toBe('PAID')
  })

  it('another channel: the live trade is closed at WeChat Pay first, then the new one is paid', async () => {
    const first = await created()
    const before = await storedOrder(s, first.orderId)
    const native = await pay(s, bob, 'payOrder', { orderId: first.orderId, channel: 'native' }, WEB)
    expect(native.payment.codeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/)
    expect((await emulatorOrder(before.outTradeNo))?.state).toBe('CLOSED')
    const after = await storedOrder(s, first.orderId)
    expect(after.tradeNos).toHaveLength(2)
    expect(after.channel).toBe('native')
    await payAtCashier(s, native.payment.codeUrl, 'again-bob')
    await flushNotifies(s)
    const paid = await storedOrder(s, first.orderId)
    expect(paid).toMatchObject({ status: 'PAID', outTradeNo: after.liveTradeNo, channel: 'native' })
    expect(paid.duplicates).toBeUndefined()
  })

  it('a paid order answers paid: true, a closed one ORDER_NOT_PAYABLE, someone else’s ORDER_NOT_FOUND', async () => {
    const first = await created()
    await payWithRequestPayment(s, first.payment, 'again-bob')
    await flushNotifies(s)
    expect(await pay(s, bob, 'payOrder', { orderId: first.orderId })).toMatchObject({ paid: true })
    const second = await created()
    await pay(s, bob, 'closeOrder', { orderId: second.orderId })
    expect((await callObject(s, 'pay', 'payOrder', [{ orderId: second.orderId }], { token: bob })).errCode).toBe('ORDER_NOT_PAYABLE')
    const carol = await loginMp(s, 'again-carol')
    expect((await callObject(s, 'pay', 'payOrder', [{ orderId: first.orderId }], { token: carol })).errCode).toBe('ORDER_NOT_FOUND')
  })
})

describe('a payment that crosses the close', () => {
  it('both trades paid: exactly one payment kept, the other refunded in full and recorded for the merchant', async () => {
    const first = await created()
    const old = (await storedOrder(s, first.orderId)).outTradeNo
    const native = await pay(s, bob, 'payOrder', { orderId: first.orderId, channel: 'native' }, WEB)
    // The close answered 204, yet the buyer's payment on the old trade lands (the documented race).
    await control(s, 'POST', `/wxpay/orders/${old}/late-payment`, { user: 'again-bob' })
    await payAtCashier(s, native.payment.codeUrl, 'again-bob')
    await flushNotifies(s)
    await flushNotifies(s)
    await flushNotifies(s)
    const order = await storedOrder(s, first.orderId)
    expect(order.status).toBe('PAID')
    const kept = order.outTradeNo
    const other = order.tradeNos.find((no) => no !== kept) as string
    expect(order.duplicates?.[other]).toMatchObject({ amount: order.amount, refundedAt: expect.any(Number) })
    const refunds = (await control<Array<{ outTradeNo: string; status: string; amount: number }>>(s, 'GET', '/wxpay/refunds')).filter((r) => r.outTradeNo === other)
    expect(refunds).toEqual([expect.objectContaining({ status: 'SUCCESS' })])
    expect((await control<Array<{ outTradeNo: string }>>(s, 'GET', '/wxpay/refunds')).filter((r) => r.outTradeNo === kept)).toHaveLength(0)
    // The buyer's own order is simply paid; the duplicate and its refund are the merchant's to see.
    const view = (await pay<{ order: OrderView }>(s, bob, 'getOrder', { orderId: first.orderId })).order
    expect(view).toMatchObject({ status: 'PAID', refunds: [] })
  })

  it('notifies all lost: the timer finds the payment on the closed trade and keeps it', async () => {
    const first = await created()
    const old = (await storedOrder(s, first.orderId)).outTradeNo
    await pay(s, bob, 'payOrder', { orderId: first.orderId, channel: 'native' }, WEB)
    await control(s, 'POST', '/faults', { notify: 'drop', times: 16 })
    await control(s, 'POST', `/wxpay/orders/${old}/late-payment`, { user: 'again-bob' })
    await flushNotifies(s)
    expect((await storedOrder(s, first.orderId)).status).toBe('NOTPAY')
    await s.db.collection('wxkit-orders').doc(first.orderId).update({ updatedAt: 0, createdAt: 0, lastQueriedAt: 0 })
    const summary = await s.stack.runtime.runTimer('pay')
    expect(summary).toMatchObject({ paid: 1, verified: 1, failures: 0 })
    const order = await storedOrder(s, first.orderId)
    expect(order).toMatchObject({ status: 'PAID', outTradeNo: old })
    expect(order.trades[old]).toMatchObject({ state: 'PAID', verified: true })
    // The trade opened for the switch is closed now, and the next run confirms it.
    const switched = order.tradeNos.find((no) => no !== old) as string
    expect(order.trades[switched].state).toBe('CLOSED')
    expect((await emulatorOrder(switched))?.state).toBe('CLOSED')
  })
})
