/**
 * Around the payment: WeChat Pay failing when an order is placed, and orders
 * expiring. Refunds: refunds.test.ts; paying again: pay-again.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  ageOrder,
  armFault,
  callLog,
  callObject,
  control,
  flushNotifies,
  loginMp,
  notifyLog,
  pay,
  payAtCashier,
  payWithRequestPayment,
  startPayStack,
  storedOrder,
  type OrderView,
  type PayStack,
} from '../../helpers/pay'

let s: PayStack
let alice: string

beforeAll(async () => {
  s = await startPayStack({ timeFactor: 1 })
  alice = await loginMp(s, 'alice')
})
afterAll(() => s?.close())
beforeEach(() => control(s, 'DELETE', '/faults'))

const JSAPI = 'POST /v3/pay/transactions/jsapi'

describe('placing an order when WeChat Pay fails', () => {
  it('SYSTEM_ERROR once: retried with the same out_trade_no, the order is placed', async () => {
    await armFault(s, { endpoint: JSAPI, wxpay: 'SYSTEM_ERROR', times: 1 })
    const before = (await callLog(s, JSAPI)).length
    const created = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-mug', quantity: 1 }] })
    const calls = (await callLog(s, JSAPI)).slice(before)
    expect(calls.map((c) => [c.status, c.fault ?? null])).toEqual([
      [500, 'SYSTEM_ERROR'],
      [200, null],
    ])
    expect((await payWithRequestPayment(s, created.payment, 'alice')).errMsg).toBe('requestPayment:ok')
  })

  it('429 FREQUENCY_LIMITED twice: retried, placed on the third call', async () => {
    await armFault(s, { endpoint: JSAPI, wxpay: 'FREQUENCY_LIMITED', status: 429, times: 2 })
    const before = (await callLog(s, JSAPI)).length
    await pay(s, alice, 'createOrder', { items: [{ productId: 'p-mug', quantity: 1 }] })
    expect((await callLog(s, JSAPI)).slice(before).map((c) => c.status)).toEqual([429, 429, 200])
  })

  it('SYSTEM_ERROR every time: WXPAY_UPSTREAM_ERROR after 3 calls; the order stays NOTPAY for the reconciler', async () => {
    await armFault(s, { endpoint: JSAPI, wxpay: 'SYSTEM_ERROR', times: 5 })
    const before = (await callLog(s, JSAPI)).length
    const answer = await callObject(s, 'pay', 'createOrder', [{ items: [{ productId: 'p-mug', quantity: 1 }] }], { token: alice })
    expect(answer).toMatchObject({ errCode: 'WXPAY_UPSTREAM_ERROR', detail: { status: 500, wechatCode: 'SYSTEM_ERROR' } })
    expect((await callLog(s, JSAPI)).slice(before)).toHaveLength(3)
    const { orders } = await pay<{ orders: OrderView[] }>(s, alice, 'listOrders', {})
    expect(orders[0].status).toBe('NOTPAY')
  })

  it('a 4xx is not retried, and the refused order is closed', async () => {
    await armFault(s, { endpoint: JSAPI, wxpay: 'NO_AUTH', status: 403, times: 1 })
    const before = (await callLog(s, JSAPI)).length
    const answer = await callObject(s, 'pay', 'createOrder', [{ items: [{ productId: 'p-mug', quantity: 1 }] }], { token: alice })
    expect(answer).toMatchObject({ errCode: 'WXPAY_UPSTREAM_ERROR', detail: { status: 403, wechatCode: 'NO_AUTH' } })
    expect((await callLog(s, JSAPI)).slice(before)).toHaveLength(1)
    const { orders } = await pay<{ orders: OrderView[] }>(s, alice, 'listOrders', {})
    expect(orders[0].status).toBe('CLOSED')
    expect(JSON.stringify(answer)).not.toMatch(/商户无权限|BEGIN|apiV3/)
  })
})

describe('expiry', () => {
  it('an unpaid order past time_expire is closed by the timer, at WeChat Pay too', async () => {
    const created = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-coffee-beans', quantity: 1 }], channel: 'native' }, { uniPlatform: 'web' })
    const summary0 = (await s.stack.runtime.runTimer('pay')) as { expired: number }
    expect(summary0.expired).toBe(0)
    await ageOrder(s, created.orderId, 16 * 60_000)
    const summary = (await s.stack.runtime.runTimer('pay')) as { expired: number }
    expect(summary.expired).toBe(1)
    const stored = await storedOrder(s, created.orderId)
    expect(stored).toMatchObject({ status: 'CLOSED', closeReason: 'EXPIRED' })
    const atWechat = (await control<Array<{ outTradeNo: string; state: string }>>(s, 'GET', '/wxpay/orders')).find((o) => o.outTradeNo === stored.outTradeNo)
    expect(atWechat?.state).toBe('CLOSED')
    await expect(payAtCashier(s, created.payment.codeUrl, 'alice')).rejects.toThrow(/400/)
  })

  it('a payment made at the last second is found by the final query: PAID, not CLOSED', async () => {
    const created = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-coffee-beans', quantity: 1 }], channel: 'native' }, { uniPlatform: 'web' })
    await armFault(s, { notify: 'delay', delayMs: 60_000 })
    await payAtCashier(s, created.payment.codeUrl, 'alice')
    await ageOrder(s, created.orderId, 16 * 60_000)
    const summary = (await s.stack.runtime.runTimer('pay')) as { expired: number; paid: number }
    expect(summary).toMatchObject({ expired: 0, paid: 1 })
    const stored = await storedOrder(s, created.orderId)
    expect(stored).toMatchObject({ status: 'PAID', fulfilment: { status: 'done' } })
    await flushNotifies(s)
    expect((await notifyLog(s, stored.outTradeNo)).map((e) => e.status)).toEqual([204])
    expect((await storedOrder(s, created.orderId)).history).toHaveLength(1)
  })

  it('WeChat Pay’s own expiry (its clock past time_expire) is seen by getOrder', async () => {
    const created = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-mug', quantity: 1 }] })
    await control(s, 'POST', '/clock/advance', { seconds: 16 * 60 })
    const { order } = await pay<{ order: OrderView }>(s, alice, 'getOrder', { orderId: created.orderId })
    expect(order.status).toBe('CLOSED')
    expect((await storedOrder(s, created.orderId)).closeReason).toBe('WXPAY')
  })
})
