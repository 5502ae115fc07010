/**
 * The pay object end to end, through the built bundle in the local uniCloud
 * runtime and the WeChat emulator: one purchase per channel, server-side
 * pricing, ownership, listing and closing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  armFault,
  callObject,
  control,
  flushNotifies,
  loginMp,
  loginOfficialAccount,
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
let bob: string

beforeAll(async () => {
  s = await startPayStack()
  alice = await loginMp(s, 'alice')
  bob = await loginMp(s, 'bob')
})
afterAll(() => s?.close())

async function getOrder(token: string, orderId: string): Promise<OrderView> {
  return (await pay<{ order: OrderView }>(s, token, 'getOrder', { orderId })).order
}

describe('a purchase on each channel', () => {
  it('mini program: requestPayment parameters the phone accepts, then PAID and fulfilled by the notify', async () => {
    const created = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-mug', quantity: 2 }] })
    expect(created.amount).toBe(9000)
    const { payment } = created
    expect(payment).toMatchObject({ appId: s.creds.apps.mp.appid, signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) })
    expect(payment.timeStamp).toMatch(/^\d{10}$/)
    const stored = await storedOrder(s, created.orderId)
    expect(stored.outTradeNo).toMatch(/^[0-9A-Za-z_\-|*]{6,32}$/)
    expect(stored.description).toBe('陶瓷马克杯 ×2')
    expect(stored.timeExpire - stored.createdAt).toBe(15 * 60_000)

    expect((await payWithRequestPayment(s, payment, 'alice')).errMsg).toBe('requestPayment:ok')
    await flushNotifies(s)

    const order = await getOrder(alice, created.orderId)
    expect(order).toMatchObject({ status: 'PAID', amount: 9000, fulfilled: true })
    expect(order.items).toEqual([{ productId: 'p-mug', name: '陶瓷马克杯', price: 4500, quantity: 2 }])
    const after = await storedOrder(s, created.orderId)
    expect(after.history.map((h) => `${h.from}>${h.to}:${h.by}`)).toEqual(['NOTPAY>PAID:notify'])
    expect((await notifyLog(s, after.outTradeNo)).map((e) => e.status)).toEqual([204])
  })

  it('WeChat browser (JSAPI): the official account appid and the payer’s openid there', async () => {
    const carol = await loginOfficialAccount(s, 'carol')
    const created = await pay(s, carol, 'createOrder', { items: [{ productId: 'p-sticker', quantity: 1 }], channel: 'jsapi' }, { uniPlatform: 'web' })
    expect(created.payment.appId).toBe(s.creds.apps.officialAccount.appid)
    const stored = await storedOrder(s, created.orderId)
    const user = await control<{ openids: { officialAccount: string } }>(s, 'GET', '/users/carol')
    expect(stored.payerOpenid).toBe(user.openids.officialAccount)

    await payWithRequestPayment(s, created.payment, 'carol')
    await flushNotifies(s)
    expect((await getOrder(carol, created.orderId)).status).toBe('PAID')
  })

  it('mobile browser (H5): h5_url, paid at the cashier, the client IP sent as payer_client_ip', async () => {
    const created = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-drip-bags', quantity: 3 }], channel: 'h5' }, { uniPlatform: 'web' })
    expect(created.amount).toBe(3 * 3990)
    expect(Object.keys(created.payment)).toEqual(['h5Url'])
    await payAtCashier(s, created.payment.h5Url, 'alice')
    await flushNotifies(s)
    const order = await getOrder(alice, created.orderId)
    expect(order).toMatchObject({ status: 'PAID', fulfilled: true })
    const atWechat = (await control<Array<{ outTradeNo: string; tradeType: string }>>(s, 'GET', '/wxpay/orders')).find(
      (o) => o.outTradeNo === order.outTradeNo,
    )
    expect(atWechat?.tradeType).toBe('MWEB')
  })

  it('desktop browser (Native): code_url, paid by scanning at the cashier', async () => {
    const created = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-coffee-beans', quantity: 1 }], channel: 'native' }, { uniPlatform: 'web' })
    expect(created.payment.codeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/)
    // Regression: a reload while the QR code showed lost it. getOrder answers the same code_url while unpaid…
    const unpaid = await pay<{ order: OrderView; codeUrl?: string }>(s, alice, 'getOrder', { orderId: created.orderId })
    expect(unpaid).toMatchObject({ order: { status: 'NOTPAY' }, codeUrl: created.payment.codeUrl })
    // …to its owner only.
    expect((await callObject(s, 'pay', 'getOrder', [{ orderId: created.orderId }], { token: bob })).errCode).toBe('ORDER_NOT_FOUND')
    await payAtCashier(s, created.payment.codeUrl, 'dave')
    await flushNotifies(s)
    const paid = await pay<{ order: OrderView; codeUrl?: string }>(s, alice, 'getOrder', { orderId: created.orderId })
    expect(paid.order).toMatchObject({ status: 'PAID', amount: 6800, fulfilled: true })
    expect(paid.codeUrl).toBeUndefined()
  })
})

describe('pricing is the server’s', () => {
  it('an amount or price sent by the client is ignored: WeChat Pay is asked for the catalogue price', async () => {
    const created = await pay(s, alice, 'createOrder', {
      items: [{ productId: 'p-coffee-beans', quantity: 1, price: 1 }],
      amount: 1,
      total: 1,
    })
    expect(created.amount).toBe(6800)
    await payWithRequestPayment(s, created.payment, 'alice')
    await flushNotifies(s)
    const order = await getOrder(alice, created.orderId)
    const atWechat = (await control<Array<{ outTradeNo: string; total: number }>>(s, 'GET', '/wxpay/orders')).find((o) => o.outTradeNo === order.outTradeNo)
    expect(atWechat?.total).toBe(6800)
    expect(order).toMatchObject({ status: 'PAID', amount: 6800 })
  })

  it.each([
    ['a product that is not on sale', { items: [{ productId: 'p-retired', quantity: 1 }] }, 'PRODUCT_NOT_FOUND'],
    ['an unknown product', { items: [{ productId: 'p-nothing', quantity: 1 }] }, 'PRODUCT_NOT_FOUND'],
    ['quantity 0', { items: [{ productId: 'p-mug', quantity: 0 }] }, 'PARAM_INVALID'],
    ['quantity 100', { items: [{ productId: 'p-mug', quantity: 100 }] }, 'PARAM_INVALID'],
    ['a fractional quantity', { items: [{ productId: 'p-mug', quantity: 1.5 }] }, 'PARAM_INVALID'],
    ['no items', { items: [] }, 'PARAM_INVALID'],
    ['21 lines', { items: Array.from({ length: 21 }, (_, i) => ({ productId: `p-${i}`, quantity: 1 })) }, 'PARAM_INVALID'],
    ['an unknown channel', { items: [{ productId: 'p-mug', quantity: 1 }], channel: 'alipay' }, 'PARAM_INVALID'],
  ])('refuses %s', async (_name, input, code) => {
    expect((await callObject(s, 'pay', 'createOrder', [input], { token: alice })).errCode).toBe(code)
  })

  it('outside the mini program a channel must be named', async () => {
    const answer = await callObject(s, 'pay', 'createOrder', [{ items: [{ productId: 'p-mug', quantity: 1 }] }], { token: alice, clientInfo: { uniPlatform: 'web' } })
    expect(answer.errCode).toBe('PARAM_INVALID')
  })
})

describe('the payer and the caller', () => {
  it('PAYER_OPENID_MISSING when the user never logged in through the app that pays', async () => {
    const answer = await callObject(s, 'pay', 'createOrder', [{ items: [{ productId: 'p-mug', quantity: 1 }], channel: 'jsapi' }], { token: alice })
    expect(answer.errCode).toBe('PAYER_OPENID_MISSING')
  })

  it('TOKEN_MISSING without a login, on every shop method', async () => {
    for (const method of ['createOrder', 'getOrder', 'listOrders', 'closeOrder', 'requestRefund']) {
      expect((await callObject(s, 'pay', method, [{}])).errCode, method).toBe('TOKEN_MISSING')
    }
  })

  it('another user’s order is ORDER_NOT_FOUND for every method', async () => {
    const { orderId } = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-mug', quantity: 1 }] })
    for (const method of ['getOrder', 'closeOrder']) {
      expect((await callObject(s, 'pay', method, [{ orderId }], { token: bob })).errCode, method).toBe('ORDER_NOT_FOUND')
    }
    expect((await callObject(s, 'pay', 'requestRefund', [{ orderId, reason: 'x' }], { token: bob })).errCode).toBe('ORDER_NOT_FOUND')
  })

  it('the shop methods are not reachable over the URL path, and a notify method never answers 200 to a client call', async () => {
    const response = await fetch(`${s.runtimeUrl}/pay/listOrders`, { method: 'POST', body: '{}' })
    expect(await response.json()).toMatchObject({ errCode: 'METHOD_NOT_FOUND' })
    const fromClient = (await callObject(s, 'pay', 'notify', [], { token: alice })) as unknown as { statusCode: number }
    expect(fromClient.statusCode).toBe(400)
  })
})

describe('listing and closing', () => {
  it('lists own orders newest first, 10 a page, filtered by status', async () => {
    const erin = await loginMp(s, 'erin')
    const ids: string[] = []
    for (let i = 0; i < 12; i++) ids.push((await pay(s, erin, 'createOrder', { items: [{ productId: 'p-sticker', quantity: 1 }] })).orderId)
    const first = await pay<{ orders: OrderView[]; hasMore: boolean }>(s, erin, 'listOrders', { page: 1 })
    expect(first.orders).toHaveLength(10)
    expect(first.hasMore).toBe(true)
    const second = await pay<{ orders: OrderView[]; hasMore: boolean }>(s, erin, 'listOrders', { page: 2 })
    expect(second.hasMore).toBe(false)
    expect([...first.orders, ...second.orders].map((o) => o.orderId)).toEqual([...ids].reverse())
    const createdAts = first.orders.map((o) => o.createdAt)
    expect([...createdAts].sort((a, b) => b - a)).toEqual(createdAts)

    await pay(s, erin, 'closeOrder', { orderId: ids[0] })
    const closed = await pay<{ orders: OrderView[] }>(s, erin, 'listOrders', { status: 'CLOSED' })
    expect(closed.orders.map((o) => o.orderId)).toEqual([ids[0]])
    expect((await pay<{ orders: OrderView[] }>(s, alice, 'listOrders', { status: 'CLOSED' })).orders.every((o) => !ids.includes(o.orderId))).toBe(true)
    // Several statuses at once (我的订单's 退款 tab lists partly and wholly refunded orders).
    expect((await pay<{ orders: OrderView[] }>(s, erin, 'listOrders', { status: ['CLOSED', 'REFUNDED'] })).orders.map((o) => o.orderId)).toEqual([ids[0]])
    const either = await pay<{ orders: OrderView[]; hasMore: boolean }>(s, erin, 'listOrders', { status: ['NOTPAY', 'CLOSED'] })
    expect(either.orders.map((o) => o.orderId)).toEqual([...ids].reverse().slice(0, 10))
    expect(either.hasMore).toBe(true)
    expect(await callObject(s, 'pay', 'listOrders', [{ status: [] }], { token: erin })).toMatchObject({ errCode: 'PARAM_INVALID' })
  })

  it('closeOrder closes at WeChat Pay first: the order can no longer be paid', async () => {
    const created = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-mug', quantity: 1 }] })
    const closed = await pay<{ order: OrderView }>(s, alice, 'closeOrder', { orderId: created.orderId })
    expect(closed.order).toMatchObject({ status: 'CLOSED', closedAt: expect.any(Number) })
    await expect(payWithRequestPayment(s, created.payment, 'alice')).rejects.toThrow(/400/)
    // Closing again is harmless; closing a paid order is refused.
    expect((await pay<{ order: OrderView }>(s, alice, 'closeOrder', { orderId: created.orderId })).order.status).toBe('CLOSED')
  })

  it('closeOrder on an order paid meanwhile (notify not yet arrived) makes it PAID instead', async () => {
    const created = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-mug', quantity: 1 }] })
    // The notify waits at the emulator: the close discovers the payment on its own.
    await armFault(s, { notify: 'delay', delayMs: 60_000 })
    await payWithRequestPayment(s, created.payment, 'alice')
    const answer = await pay<{ order: OrderView }>(s, alice, 'closeOrder', { orderId: created.orderId })
    expect(answer.order).toMatchObject({ status: 'PAID', fulfilled: true })
    await flushNotifies(s)
    const stored = await storedOrder(s, created.orderId)
    expect(stored).toMatchObject({ status: 'PAID', fulfilment: { attempts: 1 } })
    expect(stored.history.map((h) => `${h.from}>${h.to}:${h.by}`)).toEqual(['NOTPAY>PAID:user'])
    expect((await notifyLog(s, stored.outTradeNo)).map((e) => e.status)).toEqual([204])
    expect((await callObject(s, 'pay', 'closeOrder', [{ orderId: created.orderId }], { token: alice })).errCode).toBe('ORDER_NOT_PAYABLE')
  })
})
