/**
 * Around the payment: WeChat Pay failing when an order is placed, orders
 * expiring, and refunds from PROCESSING to their end.
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
  sendCraftedNotify,
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

async function paidOrder(productId = 'p-mug') {
  const created = await pay(s, alice, 'createOrder', { items: [{ productId, quantity: 1 }] })
  await payWithRequestPayment(s, created.payment, 'alice')
  await flushNotifies(s)
  const stored = await storedOrder(s, created.orderId)
  expect(stored.status).toBe('PAID')
  return stored
}

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

describe('refunds', () => {
  it('PAID → REFUNDING (WeChat Pay: PROCESSING) → REFUNDED by the refund notify', async () => {
    const paid = await paidOrder()
    const answer = await pay<{ order: OrderView }>(s, alice, 'requestRefund', { orderId: paid._id, reason: '不想要了' })
    expect(answer.order).toMatchObject({ status: 'REFUNDING', refund: { status: 'PROCESSING', amount: 4500, reason: '不想要了' } })
    const refunding = await storedOrder(s, paid._id)
    expect(refunding.refund?.outRefundNo).toMatch(/^[0-9A-Za-z_\-|*@]{1,64}$/)
    const ledger = await s.db.collection('wxkit-refunds').where({ orderId: paid._id }).get()
    expect(ledger.data).toMatchObject([{ outRefundNo: refunding.refund?.outRefundNo, status: 'PROCESSING', amount: 4500 }])

    await flushNotifies(s) // the refund settles and REFUND.SUCCESS is sent
    await flushNotifies(s)
    const order = (await pay<{ order: OrderView }>(s, alice, 'getOrder', { orderId: paid._id })).order
    expect(order).toMatchObject({ status: 'REFUNDED', refund: { status: 'SUCCESS', amount: 4500 } })
    const stored = await storedOrder(s, paid._id)
    expect(stored.history.map((h) => `${h.from}>${h.to}:${h.by}`)).toEqual(['NOTPAY>PAID:notify', 'PAID>REFUNDING:user', 'REFUNDING>REFUNDED:notify'])
    expect((await s.db.collection('wxkit-refunds').where({ orderId: paid._id }).get()).data[0]).toMatchObject({ status: 'SUCCESS', refundId: expect.any(String) })
    const refundNotifies = (await control<Array<{ kind: string; outRefundNo?: string; status?: number }>>(s, 'GET', '/log')).filter(
      (e) => e.kind === 'notify' && e.outRefundNo === stored.refund?.outRefundNo,
    )
    expect(refundNotifies.map((e) => e.status)).toEqual([204])
  })

  it('a refund WeChat Pay closes ends REFUND_FAILED', async () => {
    const paid = await paidOrder()
    await armFault(s, { refund: 'ABNORMAL' })
    await pay(s, alice, 'requestRefund', { orderId: paid._id, reason: '' })
    await flushNotifies(s)
    await flushNotifies(s)
    expect((await pay<{ order: OrderView }>(s, alice, 'getOrder', { orderId: paid._id })).order).toMatchObject({
      status: 'REFUND_FAILED',
      refund: { status: 'ABNORMAL' },
    })
  })

  it('asking twice refunds once; an unpaid order is ORDER_NOT_REFUNDABLE', async () => {
    const paid = await paidOrder()
    const answers = await Promise.all([1, 2, 3].map(() => callObject(s, 'pay', 'requestRefund', [{ orderId: paid._id, reason: 'x' }], { token: alice })))
    expect(answers.map((a) => a.errCode)).toEqual([0, 0, 0])
    expect((await control<Array<{ outTradeNo: string }>>(s, 'GET', '/wxpay/refunds')).filter((r) => r.outTradeNo === paid.outTradeNo)).toHaveLength(1)

    const unpaid = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-mug', quantity: 1 }] })
    expect((await callObject(s, 'pay', 'requestRefund', [{ orderId: unpaid.orderId, reason: 'x' }], { token: alice })).errCode).toBe('ORDER_NOT_REFUNDABLE')
    expect((await callObject(s, 'pay', 'requestRefund', [{ orderId: unpaid.orderId, reason: 'x'.repeat(81) }], { token: alice })).errCode).toBe('PARAM_INVALID')
  })

  it('a forged refund notify changes nothing; a lost one is made up for by the timer', async () => {
    const paid = await paidOrder()
    // The real refund notify will never arrive.
    await armFault(s, { notify: 'drop', times: 16 })
    await pay(s, alice, 'requestRefund', { orderId: paid._id, reason: 'x' })
    const refunding = await storedOrder(s, paid._id)
    const refund = refunding.refund!
    const resource = {
      mchid: refunding.mchid,
      out_trade_no: refunding.outTradeNo,
      transaction_id: refunding.transactionId,
      out_refund_no: refund.outRefundNo,
      refund_id: '50000000000000000000000000001',
      refund_status: 'SUCCESS',
      success_time: '2025-01-01T12:00:00+08:00',
      user_received_account: '支付用户零钱',
      amount: { total: refunding.amount, refund: refund.amount + 1, payer_total: refunding.amount, payer_refund: refund.amount + 1 },
    }
    const wrongAmount = await sendCraftedNotify(s, { resource, path: '/pay/refundNotify', eventType: 'REFUND.SUCCESS', originalType: 'refund' })
    expect(wrongAmount.status).toBe(400)
    const asPayment = await sendCraftedNotify(s, { resource, path: '/pay/notify', eventType: 'REFUND.SUCCESS', originalType: 'refund' })
    expect(asPayment.status).toBe(400)
    expect((await storedOrder(s, paid._id)).status).toBe('REFUNDING')

    await flushNotifies(s)
    await flushNotifies(s)
    expect((await storedOrder(s, paid._id)).status).toBe('REFUNDING')
    await s.db.collection('wxkit-orders').doc(paid._id).update({ refund: { lastQueriedAt: 0 } })
    const summary = (await s.stack.runtime.runTimer('pay')) as { refundsSettled: number }
    expect(summary.refundsSettled).toBe(1)
    const stored = await storedOrder(s, paid._id)
    expect(stored.status).toBe('REFUNDED')
    expect(stored.history.at(-1)).toMatchObject({ from: 'REFUNDING', to: 'REFUNDED', by: 'timing' })
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
