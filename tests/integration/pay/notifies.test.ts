/**
 * Notifies as the field delivers them: duplicated and concurrent, lost,
 * forged, tampered, or not matching the order. timeFactor 1 keeps WeChat
 * Pay's retries (15 s, 15 s, 30 s, …) from firing on their own, so each test
 * drives deliveries with the emulator's flush and can look at the state
 * between a rejected attempt and its retry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  armFault,
  control,
  deliveryCount,
  failDeliveries,
  flushNotifies,
  loginMp,
  notifyLog,
  pay,
  payAtCashier,
  payWithRequestPayment,
  sendCraftedNotify,
  startPayStack,
  storedOrder,
  transactionResource,
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

async function newOrder(channel: 'miniprogram' | 'native' = 'miniprogram') {
  const created = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-drip-bags', quantity: 1 }], channel }, { uniPlatform: 'web' })
  const orderId = created.orderId as string
  return { orderId, payment: created.payment, outTradeNo: (await storedOrder(s, orderId)).outTradeNo }
}

function transitions(order: { history: Array<{ from: string; to: string; by: string }> }): string[] {
  return order.history.map((h) => `${h.from}>${h.to}:${h.by}`)
}

describe('duplicates and failures of fulfilment', () => {
  it('20 concurrent copies of one notify: every copy acknowledged, one transition, one fulfilment', async () => {
    const order = await newOrder()
    await armFault(s, { notify: 'duplicate', copies: 19 })
    await payWithRequestPayment(s, order.payment, 'alice')
    await flushNotifies(s)

    const deliveries = await notifyLog(s, order.outTradeNo)
    expect(deliveries).toHaveLength(20)
    expect(deliveries.every((d) => d.status === 204)).toBe(true)
    const stored = await storedOrder(s, order.orderId)
    expect(transitions(stored)).toEqual(['NOTPAY>PAID:notify'])
    expect(stored.fulfilment).toMatchObject({ status: 'done', attempts: 1 })
    expect(await deliveryCount(s, order.orderId)).toBe(1)
  })

  // The notify path read the order four times per notify; each read is a request to the space's database.
  it('a notify costs the built pay object four database requests, a repeat of it one', async () => {
    const order = await newOrder()
    await payWithRequestPayment(s, order.payment, 'alice')
    await flushNotifies(s)
    const requests = () => {
      const last = s.stack.runtime.lastInvocation()
      expect(last).toMatchObject({ name: 'pay', method: 'notify', source: 'http', ok: true, calls: [] })
      return last?.db.operations.map((o) => `${o.kind} ${o.collection}`)
    }
    expect(requests()).toEqual(['get wxkit-orders', 'updateAndReturn wxkit-orders', 'add wxkit-deliveries', 'updateAndReturn wxkit-orders'])
    const repeat = await sendCraftedNotify(s, { resource: transactionResource(await storedOrder(s, order.orderId)) })
    expect(repeat.status).toBe(204)
    expect(requests()).toEqual(['get wxkit-orders'])
    expect(await deliveryCount(s, order.orderId)).toBe(1)
  })

  it('fulfilment failing twice then succeeding: 5xx, 5xx, 204, fulfilled once', async () => {
    const order = await newOrder()
    const restore = failDeliveries(s, 2)
    try {
      await payWithRequestPayment(s, order.payment, 'alice')
      await flushNotifies(s)
      // The payment is recorded, the fulfilment is not: WeChat Pay must come back.
      let stored = await storedOrder(s, order.orderId)
      expect(stored.status).toBe('PAID')
      expect(stored.fulfilment).toMatchObject({ status: 'pending', attempts: 1, leaseUntil: 0 })
      expect((await pay<{ order: OrderView }>(s, alice, 'getOrder', { orderId: order.orderId })).order).toMatchObject({ status: 'PAID', fulfilled: false })

      await flushNotifies(s) // retry after 15 s
      await flushNotifies(s) // retry after 15 s more
      stored = await storedOrder(s, order.orderId)
      expect((await notifyLog(s, order.outTradeNo)).map((d) => d.status)).toEqual([500, 500, 204])
      expect(stored.fulfilment).toMatchObject({ status: 'done', attempts: 3 })
      expect(transitions(stored)).toEqual(['NOTPAY>PAID:notify'])
      expect(await deliveryCount(s, order.orderId)).toBe(1)
    } finally {
      restore()
    }
  })

  it('a fulfilment that keeps failing past the notifies is finished by the timer', async () => {
    const order = await newOrder()
    const restore = failDeliveries(s, 1)
    try {
      await payWithRequestPayment(s, order.payment, 'alice')
      await flushNotifies(s) // delivered: PAID, fulfilment fails → 500
      await armFault(s, { notify: 'drop', times: 15 }) // and every retry is lost
      await flushNotifies(s)
      expect((await notifyLog(s, order.outTradeNo)).map((d) => d.status ?? d.error)).toEqual([500, 'dropped'])
      expect((await storedOrder(s, order.orderId)).fulfilment.status).toBe('pending')
      const summary = (await s.stack.runtime.runTimer('pay')) as { fulfilled: number }
      expect(summary.fulfilled).toBe(1)
      expect((await storedOrder(s, order.orderId)).fulfilment).toMatchObject({ status: 'done', attempts: 2 })
      expect(await deliveryCount(s, order.orderId)).toBe(1)
    } finally {
      restore()
      await control(s, 'DELETE', '/faults')
    }
  })
})

describe('lost notifies', () => {
  it('every notify dropped: getOrder asks WeChat Pay and the order is PAID (and fulfilled)', async () => {
    const order = await newOrder()
    await armFault(s, { notify: 'drop', times: 16 })
    await payWithRequestPayment(s, order.payment, 'alice')
    await flushNotifies(s)
    expect((await storedOrder(s, order.orderId)).status).toBe('NOTPAY')

    const answer = await pay<{ order: OrderView }>(s, alice, 'getOrder', { orderId: order.orderId })
    expect(answer.order).toMatchObject({ status: 'PAID', fulfilled: true })
    expect(transitions(await storedOrder(s, order.orderId))).toEqual(['NOTPAY>PAID:query'])
    await control(s, 'DELETE', '/faults')
  })

  it('getOrder asks WeChat Pay at most once per 5 s per order', async () => {
    const order = await newOrder()
    const queries = async () => (await control<Array<{ kind: string; path?: string }>>(s, 'GET', '/log')).filter((e) => e.kind === 'call' && e.path?.includes(order.outTradeNo)).length
    await Promise.all(Array.from({ length: 5 }, () => pay(s, alice, 'getOrder', { orderId: order.orderId })))
    await pay(s, alice, 'getOrder', { orderId: order.orderId })
    expect(await queries()).toBe(1)
  })

  it('every notify dropped and nobody polling: the timer finds the payment', async () => {
    const order = await newOrder('native')
    await armFault(s, { notify: 'drop', times: 16 })
    await payAtCashier(s, order.payment.codeUrl, 'alice')
    await flushNotifies(s)
    expect((await storedOrder(s, order.orderId)).status).toBe('NOTPAY')

    await control(s, 'DELETE', '/faults')
    // The next run asks about every unpaid order, however young (a payment must show within one period).
    const summary = (await s.stack.runtime.runTimer('pay')) as { paid: number; queried: number }
    expect(summary).toMatchObject({ paid: 1 })
    const stored = await storedOrder(s, order.orderId)
    expect(stored).toMatchObject({ status: 'PAID', fulfilment: { status: 'done' } })
    expect(transitions(stored)).toEqual(['NOTPAY>PAID:timing'])
  })
})

describe('forged, tampered and foreign notifies: non-2xx and no state change', () => {
  it.each([
    ['a tampered GCM tag', { notify: 'tamperTag' }, 400],
    ['a SIGNTEST probe signature', { notify: 'signtest' }, 401],
    ['a timestamp 10 minutes old', { notify: 'skewTimestamp', skewSeconds: -600 }, 401],
    ['a timestamp 10 minutes ahead', { notify: 'skewTimestamp', skewSeconds: 600 }, 401],
    ['an unknown serial', { notify: 'unknownSerial' }, 401],
  ])('%s', async (_name, fault, status) => {
    const order = await newOrder()
    await armFault(s, fault)
    await payWithRequestPayment(s, order.payment, 'alice')
    await flushNotifies(s)
    expect((await notifyLog(s, order.outTradeNo)).map((d) => d.status)).toEqual([status])
    const stored = await storedOrder(s, order.orderId)
    expect(stored.status).toBe('NOTPAY')
    expect(stored.history).toEqual([])
    expect(await deliveryCount(s, order.orderId)).toBe(0)

    // WeChat Pay's retry carries the genuine notify: it is applied.
    await flushNotifies(s)
    expect((await notifyLog(s, order.outTradeNo)).map((d) => d.status)).toEqual([status, 204])
    expect(transitions(await storedOrder(s, order.orderId))).toEqual(['NOTPAY>PAID:notify'])
  })

  it('a notify signed and encrypted correctly is applied, pretty-printed or base64-encoded by the gateway alike', async () => {
    for (const options of [{ pretty: true }, { binary: true }]) {
      const order = await newOrder('native')
      const answer = await sendCraftedNotify(s, { resource: transactionResource(await storedOrder(s, order.orderId)), ...options })
      expect(answer).toEqual({ status: 204, body: '' })
      expect((await storedOrder(s, order.orderId)).status).toBe('PAID')
    }
  })

  it.each([
    ['a wrong amount', (o: { amount: number }) => ({ amount: { total: o.amount - 1, payer_total: o.amount - 1, currency: 'CNY', payer_currency: 'CNY' } }), 'amount'],
    ['a wrong mchid', () => ({ mchid: '1900000999' }), 'mchid'],
    ['a wrong appid', () => ({ appid: 'wx0000000000000bad' }), 'appid'],
    ['a missing amount', () => ({ amount: undefined }), 'amount'],
  ])('a verified notify with %s is refused and logged', async (_name, override, field) => {
    const order = await newOrder('native')
    const stored = await storedOrder(s, order.orderId)
    const before = s.lines.length
    const answer = await sendCraftedNotify(s, { resource: transactionResource(stored, override(stored)) })
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'FAIL' })
    expect(await storedOrder(s, order.orderId)).toMatchObject({ status: 'NOTPAY', history: [] })
    const logged = s.lines.slice(before).join('\n')
    expect(logged).toContain(`out_trade_no ${stored.outTradeNo}) does not match: ${field}`)
    expect(logged).not.toContain(s.creds.apiV3Key)
    expect(logged).not.toContain('o-crafted-payer')
  })

  it('a verified notify naming an order that does not exist answers 404', async () => {
    const stored = await storedOrder(s, (await newOrder('native')).orderId)
    const answer = await sendCraftedNotify(s, { resource: transactionResource({ ...stored, outTradeNo: 'NO_SUCH_ORDER_123' }) })
    expect(answer.status).toBe(404)
  })

  it('a request that is not a notify at all is refused without a crash', async () => {
    expect((await fetch(`${s.runtimeUrl}/pay/notify`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(401)
    expect((await fetch(`${s.runtimeUrl}/pay/notify`, { method: 'GET' })).status).toBe(405)
    expect((await fetch(`${s.runtimeUrl}/pay/refundNotify`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } })).status).toBe(401)
  })
})
