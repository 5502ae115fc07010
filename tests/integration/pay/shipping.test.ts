/**
 * WeChat shipping information (小程序发货信息管理) end to end: the built pay and
 * payAdmin objects in the local runtime against the WeChat emulator's
 * /wxa/sec/order/… — virtual goods uploaded after payment, express goods when
 * the merchant enters them, faults retried with back-off, the mini program
 * not under trade management, the one correction, and the buyer's receipt.
 *
 * The cloud's clock cannot be moved: where a test needs time to pass (a
 * back-off, the hourly receipt poll, the hour the trade-management answer is
 * cached) it moves that one timestamp of the stored document instead, as
 * ageOrder does for unpaid orders.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEV_OPERATOR } from '../../../emulators/start'
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
  type OrderView,
  type PayStack,
} from '../../helpers/pay'

let s: PayStack
let buyer: string
let operator: string

const UPLOAD = 'POST /wxa/sec/order/upload_shipping_info'

beforeAll(async () => {
  s = await startPayStack({ timeFactor: 1 })
  buyer = await loginMp(s, 'ship-buyer')
  operator = await loginMp(s, DEV_OPERATOR)
})
afterAll(() => s?.close())
beforeEach(async () => {
  await control(s, 'DELETE', '/faults')
  await control(s, 'PUT', '/shipping/management', { isTradeManaged: true })
  await forgetTradeManagement()
})

interface EmulatorTrade {
  transaction_id: string
  merchant_trade_no: string
  order_state: number
  reminded: boolean
  shipping: {
    logistics_type?: number
    delivery_mode?: number
    finish_shipping_count: number
    shipping_list: Array<{ tracking_no?: string; express_company?: string; goods_desc: string; contact?: { receiver_contact?: string } }>
  }
}

/** The trade as the emulator's get_order answers it. */
async function emulatorTrade(outTradeNo: string): Promise<EmulatorTrade | undefined> {
  const { orders } = await control<{ orders: EmulatorTrade[] }>(s, 'GET', '/shipping')
  return orders.find((o) => o.merchant_trade_no === outTradeNo)
}

/** The hour-long cache of is_trade_managed runs out. */
async function forgetTradeManagement(): Promise<void> {
  await s.db.collection('wxkit-credentials').doc(`trade_managed.${s.creds.apps.mp.appid}`).remove()
}

/** A mini-program order bought and paid by the buyer, its notify delivered. */
async function paidOrder(productId: string) {
  const created = await pay(s, buyer, 'createOrder', { items: [{ productId, quantity: 1 }] })
  await payWithRequestPayment(s, created.payment, 'ship-buyer')
  await flushNotifies(s)
  return storedOrder(s, created.orderId)
}

async function buyerView(orderId: string): Promise<OrderView> {
  return (await pay<{ order: OrderView }>(s, buyer, 'getOrder', { orderId })).order
}

function admin(method: string, input?: unknown, token = operator): Promise<Answer> {
  return callObject(s, 'payAdmin', method, input === undefined ? [] : [input], { token })
}

/** The back-off (or the poll interval) has passed for this order. */
async function dueNow(orderId: string, field: 'shipping.upload.nextAttemptAt' | 'shipping.pollAt'): Promise<void> {
  const [outer, inner] = field === 'shipping.pollAt' ? ['pollAt', undefined] : ['upload', 'nextAttemptAt']
  const update = inner ? { shipping: { [outer]: { [inner]: 0 } } } : { shipping: { [outer]: 0 } }
  await s.db.collection('wxkit-orders').doc(orderId).update(update)
}

async function uploads(): Promise<number> {
  return (await callLog(s, UPLOAD)).length
}

describe('virtual goods', () => {
  it('are uploaded as soon as the payment is fulfilled (logistics_type 3): the buyer sees 已发货', async () => {
    const order = await paidOrder('p-sticker')
    expect(order.shipping).toMatchObject({ status: 'shipped', kind: 'virtual', upload: { state: 'uploaded', attempts: 1 } })
    const trade = await emulatorTrade(order.outTradeNo)
    expect(trade).toMatchObject({ transaction_id: order.transactionId, order_state: 2, shipping: { logistics_type: 3, delivery_mode: 1, finish_shipping_count: 1 } })
    expect(trade?.shipping.shipping_list).toEqual([{ goods_desc: '贴纸一张', upload_time: expect.any(Number) }])
    expect((await buyerView(order._id)).shipping).toMatchObject({ state: 'shipped', logisticsType: 3 })
  })

  it('WeChat busy twice: retried by the timer with back-off (1 min, 2 min), then uploaded', async () => {
    await armFault(s, { endpoint: UPLOAD, errcode: -1, times: 2 })
    const order = await paidOrder('p-sticker')
    const first = order.shipping!.upload
    expect(first).toMatchObject({ state: 'pending', attempts: 1, lastError: 'WX_UPSTREAM_BUSY' })
    expect(first.nextAttemptAt - order.fulfilment.doneAt!).toBeGreaterThanOrEqual(60_000)
    expect(first.nextAttemptAt - order.fulfilment.doneAt!).toBeLessThan(65_000)
    expect((await buyerView(order._id)).shipping?.state).toBe('shipped')

    // Not due yet: the timer leaves it.
    await s.stack.runtime.runTimer('pay')
    expect((await storedOrder(s, order._id)).shipping!.upload.attempts).toBe(1)

    await dueNow(order._id, 'shipping.upload.nextAttemptAt')
    const before = Date.now()
    await s.stack.runtime.runTimer('pay')
    const second = (await storedOrder(s, order._id)).shipping!.upload
    expect(second).toMatchObject({ state: 'pending', attempts: 2, lastError: 'WX_UPSTREAM_BUSY' })
    expect(second.nextAttemptAt - before).toBeGreaterThanOrEqual(119_000)

    await dueNow(order._id, 'shipping.upload.nextAttemptAt')
    const summary = (await s.stack.runtime.runTimer('pay')) as { shipping: { uploaded: number } }
    expect(summary.shipping.uploaded).toBe(1)
    const done = (await storedOrder(s, order._id)).shipping!.upload
    expect(done).toMatchObject({ state: 'uploaded', attempts: 3 })
    expect(done.lastError).toBeUndefined()
    expect((await callLog(s, UPLOAD)).slice(-3).map((c) => c.status)).toEqual([200, 200, 200])
    expect((await emulatorTrade(order.outTradeNo))?.order_state).toBe(2)
  })

  it('10060001 right after payment (WeChat has not indexed the trade) is retried; a terminal errcode fails for the merchant to see and retry', async () => {
    await armFault(s, { endpoint: UPLOAD, errcode: 10060001, times: 1 })
    const young = await paidOrder('p-sticker')
    expect(young.shipping!.upload).toMatchObject({ state: 'pending', lastErrcode: 10060001, lastError: 'SHIPPING_TRADE_NOT_FOUND' })
    await dueNow(young._id, 'shipping.upload.nextAttemptAt')
    await s.stack.runtime.runTimer('pay')
    expect((await storedOrder(s, young._id)).shipping!.upload.state).toBe('uploaded')

    await armFault(s, { endpoint: UPLOAD, errcode: 10060031, times: 1 })
    const order = await paidOrder('p-sticker')
    expect(order.shipping!.upload).toMatchObject({ state: 'failed', lastErrcode: 10060031, lastError: 'SHIPPING_PAYER_MISMATCH' })
    const failures = await admin('listShippingFailures', { page: 1 })
    expect(failures.errCode).toBe(0)
    expect(failures.orders).toContainEqual(
      expect.objectContaining({ orderId: order._id, shipping: expect.objectContaining({ upload: expect.objectContaining({ state: 'failed', lastErrcode: 10060031 }) }) }),
    )
    const retried = await admin('retryShipping', { orderId: order._id })
    expect(retried).toMatchObject({ errCode: 0, order: { shipping: { upload: { state: 'uploaded' } } } })
    expect((await admin('listShippingFailures', {})).orders.map((o: { orderId: string }) => o.orderId)).not.toContain(order._id)
  })
})

describe('express goods', () => {
  it('wait for the merchant, then go up with the carrier and tracking number: the buyer sees them', async () => {
    const order = await paidOrder('p-mug')
    expect(order.shipping).toMatchObject({ status: 'waiting', kind: 'express', upload: { state: 'waiting' } })
    expect((await buyerView(order._id)).shipping).toEqual({ state: 'waiting' })
    expect((await emulatorTrade(order.outTradeNo))?.order_state).toBe(1)

    const companies = await admin('deliveryCompanies')
    expect(companies.companies).toContainEqual({ id: 'YTO', name: '圆通速递' })
    const entered = await admin('enterShipment', { orderId: order._id, logisticsType: 1, expressCompany: 'YTO', trackingNo: 'YT9876543210' })
    expect(entered).toMatchObject({ errCode: 0, order: { orderId: order._id, shipping: { state: 'shipped', upload: { state: 'uploaded', corrections: 0 } } } })
    const trade = await emulatorTrade(order.outTradeNo)
    expect(trade).toMatchObject({ order_state: 2, shipping: { logistics_type: 1, finish_shipping_count: 1 } })
    expect(trade?.shipping.shipping_list[0]).toMatchObject({ tracking_no: 'YT9876543210', express_company: 'YTO', goods_desc: '陶瓷马克杯' })
    expect((await buyerView(order._id)).shipping).toMatchObject({
      state: 'shipped',
      logisticsType: 1,
      expressCompany: 'YTO',
      expressCompanyName: '圆通速递',
      trackingNo: 'YT9876543210',
    })
  })

  it('SF without the receiver’s contact is refused before WeChat; with it, the contact goes up masked', async () => {
    const order = await paidOrder('p-coffee-beans')
    const before = await uploads()
    const refused = await admin('enterShipment', { orderId: order._id, logisticsType: 1, expressCompany: 'SF', trackingNo: 'SF1400000000001' })
    expect(refused.errCode).toBe('SHIPPING_CONTACT_REQUIRED')
    expect(await uploads()).toBe(before)

    const entered = await admin('enterShipment', {
      orderId: order._id,
      logisticsType: 1,
      expressCompany: 'SF',
      trackingNo: 'SF1400000000001',
      receiverContact: '13912345678',
    })
    expect(entered).toMatchObject({ errCode: 0, order: { shipping: { receiverContact: '*******5678', upload: { state: 'uploaded' } } } })
    expect((await emulatorTrade(order.outTradeNo))?.shipping.shipping_list[0].contact).toEqual({ receiver_contact: '*******5678' })
  })

  it('can be corrected once (WeChat’s one re-shipment); a second correction is refused before WeChat', async () => {
    const order = await paidOrder('p-drip-bags')
    await admin('enterShipment', { orderId: order._id, logisticsType: 1, expressCompany: 'YTO', trackingNo: 'YT0000000001' })
    const corrected = await admin('enterShipment', { orderId: order._id, logisticsType: 1, expressCompany: 'ZTO', trackingNo: 'ZT0000000001' })
    expect(corrected).toMatchObject({ errCode: 0, order: { shipping: { trackingNo: 'ZT0000000001', upload: { state: 'uploaded', corrections: 1 } } } })
    expect((await emulatorTrade(order.outTradeNo))?.shipping).toMatchObject({ finish_shipping_count: 2, shipping_list: [{ tracking_no: 'ZT0000000001' }] })

    const before = await uploads()
    const again = await admin('enterShipment', { orderId: order._id, logisticsType: 1, expressCompany: 'ZTO', trackingNo: 'ZT0000000002' })
    expect(again.errCode).toBe('SHIPPING_CORRECTION_USED')
    expect(await uploads()).toBe(before)
    expect((await buyerView(order._id)).shipping?.trackingNo).toBe('ZT0000000001')
  })

  it('checks every field before WeChat', async () => {
    const order = await paidOrder('p-mug')
    const before = await uploads()
    const cases: Array<[object, string]> = [
      [{ logisticsType: 1, expressCompany: 'YTO' }, 'PARAM_INVALID'],
      [{ logisticsType: 1, trackingNo: 'YT1' + '0'.repeat(9) }, 'PARAM_INVALID'],
      [{ logisticsType: 1, expressCompany: 'NOPE', trackingNo: 'NP0000000001' }, 'SHIPPING_CARRIER_UNKNOWN'],
      [{ logisticsType: 1, expressCompany: 'YTO', trackingNo: 'has spaces in it' }, 'PARAM_INVALID'],
      [{ logisticsType: 5 }, 'PARAM_INVALID'],
      [{ logisticsType: 4, trackingNo: 'YT0000000009' }, 'PARAM_INVALID'],
      [{ logisticsType: 2, itemDesc: '咖'.repeat(121) }, 'PARAM_INVALID'],
    ]
    for (const [input, code] of cases) {
      expect((await admin('enterShipment', { orderId: order._id, ...input })).errCode, JSON.stringify(input)).toBe(code)
    }
    expect(await uploads()).toBe(before)
    expect((await storedOrder(s, order._id)).shipping?.upload.state).toBe('waiting')
  })

  it('the buyer’s confirmation of receipt shows as 已完成 once the timer asks WeChat', async () => {
    const order = await paidOrder('p-mug')
    await admin('enterShipment', { orderId: order._id, logisticsType: 1, expressCompany: 'ZTO', trackingNo: 'ZT1111111111' })
    // WeChat counts in seconds: the received second must not come before the upload's.
    const reminded = await admin('remindConfirmReceive', { orderId: order._id, receivedTime: Date.now() + 1_000 })
    expect(reminded.errCode).toBe(0)
    expect((await emulatorTrade(order.outTradeNo))?.reminded).toBe(true)
    expect((await admin('remindConfirmReceive', { orderId: order._id, receivedTime: Date.now() + 1_000 })).errCode).toBe('SHIPPING_REMINDER_USED')

    await control(s, 'POST', '/shipping/confirm-receive', { transactionId: order.transactionId })
    // Within the hour after the upload the timer does not ask yet.
    await s.stack.runtime.runTimer('pay')
    expect((await buyerView(order._id)).shipping?.state).toBe('shipped')
    await dueNow(order._id, 'shipping.pollAt')
    const summary = (await s.stack.runtime.runTimer('pay')) as { shipping: { completed: number } }
    expect(summary.shipping.completed).toBe(1)
    expect((await buyerView(order._id)).shipping).toMatchObject({ state: 'completed', trackingNo: 'ZT1111111111', completedAt: expect.any(Number) })
    expect((await admin('enterShipment', { orderId: order._id, logisticsType: 1, expressCompany: 'YTO', trackingNo: 'YT2222222222' })).errCode).toBe(
      'SHIPPING_ALREADY_COMPLETED',
    )
  })
})

describe('a mini program not under trade management', () => {
  it('needs no upload: recorded as not required, nothing sent to WeChat', async () => {
    await control(s, 'PUT', '/shipping/management', { isTradeManaged: false })
    const before = await uploads()
    const virtual = await paidOrder('p-sticker')
    expect(virtual.shipping).toMatchObject({ status: 'shipped', upload: { state: 'not-required', reason: 'NOT_TRADE_MANAGED' } })
    const physical = await paidOrder('p-mug')
    const entered = await admin('enterShipment', { orderId: physical._id, logisticsType: 1, expressCompany: 'YTO', trackingNo: 'YT3333333333' })
    expect(entered).toMatchObject({ errCode: 0, order: { shipping: { state: 'shipped', upload: { state: 'not-required' } } } })
    expect((await buyerView(physical._id)).shipping).toMatchObject({ state: 'shipped', trackingNo: 'YT3333333333' })
    expect(await uploads()).toBe(before)
    // The answer was asked once and cached.
    expect((await callLog(s, 'POST /wxa/sec/order/is_trade_managed')).filter((c) => c.status === 200).length).toBeGreaterThan(0)
    const { data } = await s.db.collection('wxkit-credentials').doc(`trade_managed.${s.creds.apps.mp.appid}`).get()
    expect(data[0]).toMatchObject({ kind: 'trade_managed', value: false })
  })
})

describe('the merchant role', () => {
  it.each(['enterShipment', 'retryShipping', 'listShippingFailures', 'remindConfirmReceive', 'deliveryCompanies'])('%s answers MERCHANT_ONLY to a buyer', async (method) => {
    const order = await paidOrder('p-mug')
    const answer = await admin(method, { orderId: order._id, logisticsType: 1, expressCompany: 'YTO', trackingNo: 'YT4444444444' }, buyer)
    expect(answer.errCode).toBe('MERCHANT_ONLY')
    expect((await storedOrder(s, order._id)).shipping?.upload.state).toBe('waiting')
  })
})
