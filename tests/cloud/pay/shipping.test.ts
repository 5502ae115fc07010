/**
 * WeChat shipping information (小程序发货信息管理) with a fake api.weixin.qq.com:
 * what is uploaded when, back-off and terminal errcodes, the one correction,
 * trade management, receipt polling, and the merchant's checks before WeChat.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { CloudError } from '../../../cloud/shared/errors'
import type { DeliveryCompany, ShippingInfoUpload, ShippingTradeRef, WechatClient } from '../../../cloud/wechat/client'
import { WechatApiError } from '../../../cloud/wechat/errors'
import { applyTransaction } from '../../../cloud/pay/payments'
import { reconcile } from '../../../cloud/pay/reconcile'
import type { OrderRecord } from '../../../cloud/pay/orders'
import { toOrderView } from '../../../cloud/pay/orders'
import type { PayDeps } from '../../../cloud/pay/pay-deps'
import {
  SHIPPING_TIMING,
  deliveryCompanies,
  enterShipment,
  itemDescOf,
  listShippingFailures,
  maskContact,
  orderDeliveryKind,
  reconcileShipping,
  remindConfirmReceive,
  retryDelay,
  retryShipping,
  uploadTimeOf,
  type ShipmentInput,
} from '../../../cloud/pay/shipping'
import { MP_APPID, OPENID, newOrder, payFixture, stored, type PayFixture } from './support'
import { rejection } from '../support'

type Api = 'stableToken' | 'isTradeManaged' | 'uploadShippingInfo' | 'getShippingOrder' | 'notifyConfirmReceive' | 'getDeliveryList'

const CARRIERS: DeliveryCompany[] = [
  { id: 'SF', name: '顺丰速运' },
  { id: 'YTO', name: '圆通速递' },
  { id: 'ZTO', name: '中通快递' },
]

/** api.weixin.qq.com in memory: records calls, fails on demand, answers order_state per transaction. */
class FakeWechat {
  readonly calls: Array<{ api: Api; input: unknown }> = []
  readonly failures: Partial<Record<Api, unknown[]>> = {}
  readonly uploads: ShippingInfoUpload[] = []
  readonly orderStates = new Map<string, number>()
  managed = true
  #tokens = 0

  #call(api: Api, input: unknown): void {
    this.calls.push({ api, input })
    const next = this.failures[api]?.shift()
    if (next) throw next
  }

  count(api: Api): number {
    return this.calls.filter((c) => c.api === api).length
  }

  fail(api: Api, ...errors: unknown[]): void {
    this.failures[api] = [...(this.failures[api] ?? []), ...errors]
  }

  async stableToken(input: unknown) {
    this.#call('stableToken', input)
    return { accessToken: `TOKEN-${++this.#tokens}`, expiresIn: 7200 }
  }

  async isTradeManaged(input: { accessToken: string; appid: string }) {
    this.#call('isTradeManaged', input)
    return this.managed
  }

  async uploadShippingInfo(input: { accessToken: string; info: ShippingInfoUpload }) {
    this.#call('uploadShippingInfo', input)
    this.uploads.push(input.info)
  }

  async getShippingOrder(input: { accessToken: string; trade: ShippingTradeRef }) {
    this.#call('getShippingOrder', input)
    const id = 'transactionId' in input.trade ? input.trade.transactionId : ''
    return { orderState: this.orderStates.get(id) ?? 2, finishShippingCount: 1, inComplaint: false }
  }

  async notifyConfirmReceive(input: unknown) {
    this.#call('notifyConfirmReceive', input)
  }

  async getDeliveryList(input: unknown) {
    this.#call('getDeliveryList', input)
    return CARRIERS
  }
}

interface ShipFixture extends PayFixture {
  wechat: FakeWechat
}

/** The pay fixture with shipping wired to the fake WeChat (a testing sealing key). */
function shipFixture(): ShipFixture {
  const f = payFixture()
  const wechat = new FakeWechat()
  const key = new Uint8Array(randomBytes(32))
  const deps: PayDeps = {
    ...f.deps,
    shipping: () => ({
      wechat: wechat as unknown as WechatClient,
      app: { appId: MP_APPID, appSecret: 'testingsecret0123456789abcdef012' },
      credentials: { db: f.deps.db, env: f.env, key },
    }),
  }
  return { ...f, deps, wechat }
}

const STICKER = [{ productId: 'p-sticker', quantity: 1 }]
const MUG = [{ productId: 'p-mug', quantity: 2 }]

/** Place an order and have its payment notified: PAID, fulfilled (and, for virtual goods, shipped). */
async function paid(f: PayFixture, lines = MUG, channel: 'miniprogram' | 'native' = 'miniprogram'): Promise<OrderRecord> {
  const order = await newOrder(f, { lines, channel, ...(channel === 'native' ? { appid: 'wx0123456789abcdef', payerOpenid: undefined } : {}) })
  f.gateway.pay(order.outTradeNo)
  return (await applyTransaction(f.deps, f.gateway.transaction(order.outTradeNo), 'notify')).order
}

const express = (orderId: string, extra: Partial<ShipmentInput> = {}): ShipmentInput => ({
  orderId,
  logisticsType: 1,
  expressCompany: 'YTO',
  trackingNo: 'YT1234567890',
  ...extra,
})

const wxError = (errcode: number) => new WechatApiError('wxa/sec/order/upload_shipping_info', errcode)

describe('the shipping entry', () => {
  it('a virtual order is uploaded as soon as it is fulfilled: logistics_type 3, by transaction_id, the payer, 120 characters at most', async () => {
    const f = shipFixture()
    const order = await paid(f, STICKER)
    expect(f.wechat.uploads).toHaveLength(1)
    const [info] = f.wechat.uploads
    expect(info).toEqual({
      order_key: { order_number_type: 2, transaction_id: order.transactionId },
      logistics_type: 3,
      delivery_mode: 1,
      shipping_list: [{ item_desc: '贴纸一张' }],
      upload_time: uploadTimeOf(f.env.now()),
      payer: { openid: OPENID },
    })
    expect(info.upload_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/)
    expect(order.shipping).toMatchObject({ status: 'shipped', kind: 'virtual', upload: { state: 'uploaded', attempts: 1, uploadedAt: f.env.now(), corrections: 0 } })
    expect(order.shipping?.pollAt).toBe(f.env.now() + SHIPPING_TIMING.pollIntervalMs)
    expect(toOrderView(order).shipping).toEqual({ state: 'shipped', logisticsType: 3, shippedAt: f.env.now() })
    // Through the central access_token cache: one stable_token for both calls.
    expect(f.wechat.calls.map((c) => c.api)).toEqual(['stableToken', 'isTradeManaged', 'uploadShippingInfo'])
  })

  it('an order with express goods waits for the merchant: nothing is uploaded, the buyer sees waiting', async () => {
    const f = shipFixture()
    const order = await paid(f, [...STICKER, ...MUG])
    expect(order.shipping).toMatchObject({ status: 'waiting', kind: 'express', upload: { state: 'waiting', attempts: 0 } })
    expect(order.shipping?.shipment).toBeUndefined()
    expect(f.wechat.calls).toEqual([])
    expect(toOrderView(order).shipping).toEqual({ state: 'waiting' })
  })

  it('an order refunded in full before anything was shipped has no shipping to show (never 待发货); one shipped keeps it', async () => {
    const f = shipFixture()
    const order = await paid(f, [...STICKER, ...MUG])
    const refunded: OrderRecord = { ...order, status: 'REFUNDED' }
    expect(toOrderView(refunded).shipping).toBeUndefined()
    expect(toOrderView({ ...order, status: 'PARTIALLY_REFUNDED' }).shipping).toEqual({ state: 'waiting' })
    const shipped = { ...refunded, shipping: { ...order.shipping!, status: 'shipped' as const, shipment: { logisticsType: 1, enteredAt: 1 } as never } }
    expect(toOrderView(shipped).shipping).toMatchObject({ state: 'shipped' })
  })

  it('only mini-program orders get one', async () => {
    const f = shipFixture()
    const order = await paid(f, STICKER, 'native')
    expect(order.fulfilment.status).toBe('done')
    expect(order.shipping).toBeUndefined()
    expect(toOrderView(order).shipping).toBeUndefined()
    expect(f.wechat.calls).toEqual([])
  })

  it('without shipping wired the entry is still recorded, and the timer uploads it once it is', async () => {
    const f = shipFixture()
    const unwired = { ...f, deps: { ...f.deps, shipping: undefined } }
    const order = await paid(unwired, STICKER)
    expect(order.shipping?.upload.state).toBe('pending')
    expect(f.wechat.calls).toEqual([])
    expect((await reconcile(f.deps)).shipping).toMatchObject({ uploaded: 1 })
    expect((await stored(f, order._id)).shipping?.upload.state).toBe('uploaded')
  })

  it.each([
    [[{ delivery: 'virtual' }, { delivery: 'virtual' }], 'virtual'],
    [[{ delivery: 'virtual' }, {}], 'express'],
    [[{ delivery: 'pickup' }, { delivery: 'same-city' }], 'same-city'],
    [[{ delivery: 'pickup' }, { delivery: 'virtual' }], 'pickup'],
  ] as const)('the kind of %j is %s', (items, kind) => {
    expect(orderDeliveryKind(items)).toBe(kind)
  })

  it('item_desc names the items with their quantities, cut at 120 characters', () => {
    expect(itemDescOf([{ name: '马克杯', quantity: 2 }, { name: '贴纸', quantity: 1 }])).toBe('马克杯 ×2、贴纸')
    const long = itemDescOf([{ name: '咖'.repeat(200), quantity: 1 }])
    expect([...long]).toHaveLength(120)
    expect(long.endsWith('…')).toBe(true)
  })
})

describe('trade management', () => {
  it('not managed: the shipping is recorded as not required and nothing is uploaded', async () => {
    const f = shipFixture()
    f.wechat.managed = false
    const virtual = await paid(f, STICKER)
    expect(virtual.shipping).toMatchObject({ status: 'shipped', upload: { state: 'not-required', reason: 'NOT_TRADE_MANAGED' } })
    const physical = await paid(f)
    const shipped = await enterShipment(f.deps, express(physical._id), 'op')
    expect(shipped.shipping).toMatchObject({ status: 'shipped', upload: { state: 'not-required' } })
    expect(toOrderView(shipped).shipping).toMatchObject({ state: 'shipped', trackingNo: 'YT1234567890', expressCompanyName: '圆通速递' })
    expect(f.wechat.count('uploadShippingInfo')).toBe(0)
    // Asked once, then cached for the hour.
    expect(f.wechat.count('isTradeManaged')).toBe(1)
  })

  it('the answer is cached for an hour, then asked again', async () => {
    const f = shipFixture()
    await paid(f, STICKER)
    await paid(f, STICKER)
    expect(f.wechat.count('isTradeManaged')).toBe(1)
    f.env.advance(SHIPPING_TIMING.tradeManagedTtlMs + 1)
    await paid(f, STICKER)
    expect(f.wechat.count('isTradeManaged')).toBe(2)
    expect(f.wechat.count('uploadShippingInfo')).toBe(3)
  })
})

describe('retries', () => {
  it('WeChat busy: retried with back-off (1 min, then 2), not before; attempts and the last error are recorded, then cleared', async () => {
    const f = shipFixture()
    f.wechat.fail('uploadShippingInfo', new CloudError('WX_UPSTREAM_BUSY', 'WeChat is busy, try again'), new CloudError('UPSTREAM_TIMEOUT', 'timed out'))
    const order = await paid(f, STICKER)
    const paidAt = f.env.now()
    expect(order.shipping?.upload).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: paidAt + 60_000, lastError: 'WX_UPSTREAM_BUSY' })
    expect(order.shipping?.upload.lastErrcode).toBeUndefined()

    f.env.advance(59_000)
    expect((await reconcileShipping(f.deps)).uploaded).toBe(0)
    expect(f.wechat.count('uploadShippingInfo')).toBe(1)

    f.env.advance(1_000)
    await reconcileShipping(f.deps)
    expect((await stored(f, order._id)).shipping?.upload).toMatchObject({ state: 'pending', attempts: 2, nextAttemptAt: f.env.now() + 120_000, lastError: 'UPSTREAM_TIMEOUT' })

    f.env.advance(120_000)
    expect((await reconcileShipping(f.deps)).uploaded).toBe(1)
    const done = (await stored(f, order._id)).shipping?.upload
    expect(done).toMatchObject({ state: 'uploaded', attempts: 3 })
    expect(done?.lastError).toBeUndefined()
    expect(done?.lastMessage).toBeUndefined()
    expect(f.wechat.count('uploadShippingInfo')).toBe(3)
  })

  it('the back-off doubles up to 6 hours', () => {
    expect([1, 2, 3, 9, 10, 12].map(retryDelay)).toEqual([60_000, 120_000, 240_000, 256 * 60_000, 6 * 3600_000, 6 * 3600_000])
  })

  it('gives up after the last attempt: failed, listed for the merchant', async () => {
    const f = shipFixture()
    f.wechat.fail('uploadShippingInfo', ...Array.from({ length: SHIPPING_TIMING.maxAttempts }, () => wxError(10060012)))
    const order = await paid(f, STICKER)
    for (let i = 1; i < SHIPPING_TIMING.maxAttempts; i++) {
      f.env.advance(SHIPPING_TIMING.retryMaxMs)
      await reconcileShipping(f.deps)
    }
    const upload = (await stored(f, order._id)).shipping?.upload
    expect(upload).toMatchObject({ state: 'failed', attempts: SHIPPING_TIMING.maxAttempts, lastErrcode: 10060012, lastError: 'WX_UPSTREAM_BUSY' })
    expect(upload?.lastMessage).toContain('gave up after 12 attempts')
    expect((await listShippingFailures(f.deps.db)).orders.map((o) => o._id)).toEqual([order._id])
  })

  it('10060001 right after payment (not indexed yet) is retried; long after payment it fails', async () => {
    const f = shipFixture()
    f.wechat.fail('uploadShippingInfo', wxError(10060001))
    const young = await paid(f, STICKER)
    expect(young.shipping?.upload).toMatchObject({ state: 'pending', lastErrcode: 10060001, lastError: 'SHIPPING_TRADE_NOT_FOUND' })
    f.env.advance(60_000)
    await reconcileShipping(f.deps)
    expect((await stored(f, young._id)).shipping?.upload.state).toBe('uploaded')

    const old = await paid(f)
    f.env.advance(SHIPPING_TIMING.tradeIndexGraceMs + 1)
    f.wechat.fail('uploadShippingInfo', wxError(10060001))
    const failed = await enterShipment(f.deps, express(old._id), 'op')
    expect(failed.shipping?.upload).toMatchObject({ state: 'failed', lastErrcode: 10060001 })
  })

  it('10060001 long after payment while the mini program left trade management: not required', async () => {
    const f = shipFixture()
    const order = await paid(f)
    f.env.advance(SHIPPING_TIMING.tradeIndexGraceMs + 1)
    // The hour-old cached answer still says managed; WeChat no longer has the trade.
    await deliveryCompanies(f.deps)
    f.wechat.fail('uploadShippingInfo', wxError(10060001))
    f.wechat.managed = false
    const { shipping } = await enterShipment(f.deps, express(order._id), 'op')
    expect(shipping?.upload).toMatchObject({ state: 'not-required', reason: 'NOT_TRADE_MANAGED' })
  })

  it.each([
    [10060002, 'SHIPPING_ALREADY_COMPLETED'],
    [10060003, 'SHIPPING_CORRECTION_USED'],
    [10060004, 'SHIPPING_NOT_SHIPPABLE'],
    [10060031, 'SHIPPING_PAYER_MISMATCH'],
    [10060014, 'SHIPPING_INFO_REJECTED'],
    [268485216, 'SHIPPING_INFO_REJECTED'],
  ])('errcode %i ends the upload as failed (%s) at once; the merchant can retry it', async (errcode, code) => {
    const f = shipFixture()
    f.wechat.fail('uploadShippingInfo', wxError(errcode))
    const order = await paid(f, STICKER)
    expect(order.shipping?.upload).toMatchObject({ state: 'failed', attempts: 1, lastErrcode: errcode, lastError: code })
    f.env.advance(SHIPPING_TIMING.retryMaxMs)
    await reconcileShipping(f.deps)
    expect(f.wechat.count('uploadShippingInfo')).toBe(1)

    const { orders, hasMore } = await listShippingFailures(f.deps.db)
    expect(orders.map((o) => o._id)).toEqual([order._id])
    expect(hasMore).toBe(false)
    const retried = await retryShipping(f.deps, order._id)
    expect(retried.shipping?.upload).toMatchObject({ state: 'uploaded', attempts: 1 })
    expect(retried.shipping?.upload.lastErrcode).toBeUndefined()
    expect((await listShippingFailures(f.deps.db)).orders).toEqual([])
  })

  it('10060023 (nothing changed) means WeChat holds this shipment already: uploaded', async () => {
    const f = shipFixture()
    f.wechat.fail('uploadShippingInfo', wxError(10060023))
    expect((await paid(f, STICKER)).shipping?.upload.state).toBe('uploaded')
  })

  it('a rejected access_token (40001) is refreshed once through the central cache and the upload retried', async () => {
    const f = shipFixture()
    f.wechat.fail('uploadShippingInfo', wxError(40001))
    const order = await paid(f, STICKER)
    expect(order.shipping?.upload.state).toBe('uploaded')
    const tokens = f.wechat.calls.filter((c) => c.api === 'uploadShippingInfo').map((c) => (c.input as { accessToken: string }).accessToken)
    expect(tokens).toEqual(['TOKEN-1', 'TOKEN-2'])
  })

  it('concurrent runners upload once', async () => {
    const f = shipFixture()
    f.wechat.fail('uploadShippingInfo', new CloudError('WX_UPSTREAM_BUSY', 'busy'))
    const order = await paid(f, STICKER)
    f.env.advance(60_000)
    await Promise.all([reconcileShipping(f.deps), reconcileShipping(f.deps), retryShipping(f.deps, order._id).catch(() => undefined)])
    expect(f.wechat.count('uploadShippingInfo')).toBe(2)
    expect((await stored(f, order._id)).shipping?.upload.state).toBe('uploaded')
  })

  it('a refunded order is not uploaded (not required); the merchant cannot ship it', async () => {
    const f = shipFixture()
    f.wechat.fail('uploadShippingInfo', new CloudError('WX_UPSTREAM_BUSY', 'busy'))
    const order = await paid(f, STICKER)
    await f.deps.db.collection('wxkit-orders').doc(order._id).update({ status: 'REFUNDED' })
    f.env.advance(60_000)
    expect((await reconcileShipping(f.deps)).notRequired).toBe(1)
    expect((await stored(f, order._id)).shipping?.upload).toMatchObject({ state: 'not-required', reason: 'REFUNDED' })
    expect(f.wechat.count('uploadShippingInfo')).toBe(1)
    const physical = await paid(f)
    await f.deps.db.collection('wxkit-orders').doc(physical._id).update({ status: 'REFUNDED' })
    expect((await rejection(enterShipment(f.deps, express(physical._id), 'op'))).code).toBe('SHIPPING_NOT_SHIPPABLE')
  })
})

describe('the merchant enters a shipment', () => {
  it('express: the carrier, the tracking number, by transaction_id; the buyer sees the carrier name and number', async () => {
    const f = shipFixture()
    const order = await paid(f)
    f.env.advance(5_000)
    const shipped = await enterShipment(f.deps, express(order._id), 'op-1')
    expect(f.wechat.uploads.at(-1)).toEqual({
      order_key: { order_number_type: 2, transaction_id: order.transactionId },
      logistics_type: 1,
      delivery_mode: 1,
      shipping_list: [{ tracking_no: 'YT1234567890', express_company: 'YTO', item_desc: '陶瓷马克杯 ×2' }],
      upload_time: uploadTimeOf(f.env.now()),
      payer: { openid: OPENID },
    })
    expect(shipped.shipping).toMatchObject({
      status: 'shipped',
      shipment: { logisticsType: 1, expressCompany: 'YTO', expressCompanyName: '圆通速递', trackingNo: 'YT1234567890', enteredBy: 'op-1' },
      upload: { state: 'uploaded', uploadedAt: f.env.now() },
    })
    expect(toOrderView(shipped).shipping).toEqual({
      state: 'shipped',
      logisticsType: 1,
      expressCompany: 'YTO',
      expressCompanyName: '圆通速递',
      trackingNo: 'YT1234567890',
      shippedAt: f.env.now(),
    })
  })

  it('SF without a contact is refused before WeChat; with one, only the masked number is stored and sent', async () => {
    const f = shipFixture()
    const order = await paid(f)
    expect((await rejection(enterShipment(f.deps, express(order._id, { expressCompany: 'SF', trackingNo: 'SF1234567890' }), 'op'))).code).toBe(
      'SHIPPING_CONTACT_REQUIRED',
    )
    expect(f.wechat.count('uploadShippingInfo')).toBe(0)
    const shipped = await enterShipment(f.deps, express(order._id, { expressCompany: 'SF', trackingNo: 'SF1234567890', receiverContact: '13800001234' }), 'op')
    expect(f.wechat.uploads[0].shipping_list[0].contact).toEqual({ receiver_contact: '*******1234' })
    expect(shipped.shipping?.shipment?.receiverContact).toBe('*******1234')
    expect(JSON.stringify(await stored(f, order._id))).not.toContain('13800001234')
  })

  it.each([
    ['13800001234', '*******1234'],
    ['021-12345678', '***-****5678'],
    ['189****1234', '189****1234'],
    ['+86 138 0000 1234', '+** *** **** 1234'],
    ['1234', '1234'],
    ['12*4', undefined],
    ['call me', undefined],
    ['123', undefined],
  ])('maskContact(%s) = %s', (contact, masked) => {
    expect(maskContact(contact)).toBe(masked)
  })

  it.each([
    ['express without a tracking number', { trackingNo: undefined }, 'PARAM_INVALID'],
    ['express without a carrier', { expressCompany: undefined }, 'PARAM_INVALID'],
    ['a carrier not on the list', { expressCompany: 'NOPE' }, 'SHIPPING_CARRIER_UNKNOWN'],
    ['a contact that is not a phone number', { receiverContact: 'ring twice' }, 'PARAM_INVALID'],
    ['pickup with a tracking number', { logisticsType: 4, expressCompany: undefined }, 'PARAM_INVALID'],
    ['same-city with a carrier', { logisticsType: 2, trackingNo: undefined }, 'PARAM_INVALID'],
  ] as const)('refuses %s before WeChat', async (_name, change, code) => {
    const f = shipFixture()
    const order = await paid(f)
    const error = await rejection(enterShipment(f.deps, { ...express(order._id), ...change } as ShipmentInput, 'op'))
    expect(error.code).toBe(code)
    expect(f.wechat.count('uploadShippingInfo')).toBe(0)
  })

  it('same-city and self-pickup upload with logistics_type 2 and 4 and no carrier', async () => {
    const f = shipFixture()
    for (const logisticsType of [2, 4] as const) {
      const order = await paid(f)
      const shipped = await enterShipment(f.deps, { orderId: order._id, logisticsType, itemDesc: '到店自提：马克杯' }, 'op')
      expect(shipped.shipping?.upload.state).toBe('uploaded')
      expect(f.wechat.uploads.at(-1)).toMatchObject({ logistics_type: logisticsType, shipping_list: [{ item_desc: '到店自提：马克杯' }] })
      expect(f.wechat.uploads.at(-1)?.shipping_list[0]).not.toHaveProperty('tracking_no')
    }
  })

  it('refuses orders without WeChat shipping: other channels, unpaid or unfulfilled orders', async () => {
    const f = shipFixture()
    const native = await paid(f, MUG, 'native')
    expect((await rejection(enterShipment(f.deps, express(native._id), 'op'))).code).toBe('SHIPPING_NOT_APPLICABLE')
    const unpaid = await newOrder(f)
    expect((await rejection(enterShipment(f.deps, express(unpaid._id), 'op'))).code).toBe('SHIPPING_NOT_APPLICABLE')
    expect((await rejection(enterShipment(f.deps, express('no-such-order'), 'op'))).code).toBe('ORDER_NOT_FOUND')
  })

  it('an order fulfilled before shipping existed gets its entry when the merchant ships it', async () => {
    const f = shipFixture()
    const order = await paid(f)
    await f.deps.db.collection('wxkit-orders').doc(order._id).update({ shipping: f.deps.db.command.remove() })
    const shipped = await enterShipment(f.deps, express(order._id), 'op')
    expect(shipped.shipping).toMatchObject({ status: 'shipped', kind: 'express', upload: { state: 'uploaded' } })
  })

  it('the same shipment entered twice is uploaded once', async () => {
    const f = shipFixture()
    const order = await paid(f)
    await enterShipment(f.deps, express(order._id), 'op')
    f.env.advance(1_000)
    const again = await enterShipment(f.deps, express(order._id), 'op')
    expect(again.shipping?.upload).toMatchObject({ state: 'uploaded', corrections: 0 })
    expect(f.wechat.count('uploadShippingInfo')).toBe(1)
  })

  it('one correction after the upload, with a later upload_time; a second is refused before WeChat', async () => {
    const f = shipFixture()
    const order = await paid(f)
    await enterShipment(f.deps, express(order._id), 'op')
    const corrected = await enterShipment(f.deps, express(order._id, { expressCompany: 'ZTO', trackingNo: 'ZT0000000001' }), 'op')
    expect(corrected.shipping).toMatchObject({ shipment: { expressCompany: 'ZTO', trackingNo: 'ZT0000000001' }, upload: { state: 'uploaded', corrections: 1 } })
    // The same clock millisecond: WeChat wants each upload_time later than the previous one.
    expect(Date.parse(f.wechat.uploads[1].upload_time)).toBe(Date.parse(f.wechat.uploads[0].upload_time) + 1)
    const error = await rejection(enterShipment(f.deps, express(order._id, { trackingNo: 'ZT0000000002' }), 'op'))
    expect(error.code).toBe('SHIPPING_CORRECTION_USED')
    expect(f.wechat.count('uploadShippingInfo')).toBe(2)
  })

  it('a correction WeChat refuses as the used re-shipment (10060003) fails with that reason', async () => {
    const f = shipFixture()
    const order = await paid(f, STICKER)
    f.wechat.fail('uploadShippingInfo', wxError(10060003))
    const corrected = await enterShipment(f.deps, { orderId: order._id, logisticsType: 3, itemDesc: '电子贴纸兑换码' }, 'op')
    expect(corrected.shipping?.upload).toMatchObject({ state: 'failed', lastErrcode: 10060003, lastError: 'SHIPPING_CORRECTION_USED', corrections: 0 })
  })

  it('retryShipping refuses what is not failed or pending', async () => {
    const f = shipFixture()
    const order = await paid(f, STICKER)
    expect((await rejection(retryShipping(f.deps, order._id))).code).toBe('SHIPPING_NOT_RETRYABLE')
    const waiting = await paid(f)
    expect((await rejection(retryShipping(f.deps, waiting._id))).code).toBe('SHIPPING_NOT_RETRYABLE')
  })

  it('the carrier list is cached for a day', async () => {
    const f = shipFixture()
    expect(await deliveryCompanies(f.deps)).toEqual(CARRIERS)
    await deliveryCompanies(f.deps)
    expect(f.wechat.count('getDeliveryList')).toBe(1)
    f.env.advance(SHIPPING_TIMING.deliveryListTtlMs + 1)
    await deliveryCompanies(f.deps)
    expect(f.wechat.count('getDeliveryList')).toBe(2)
  })
})

describe('receipt', () => {
  it('polls get_order for shipped orders at most hourly; order_state 3 → completed (已完成), then no more polls', async () => {
    const f = shipFixture()
    const order = await paid(f, STICKER)
    f.env.advance(30 * 60_000)
    await reconcileShipping(f.deps)
    expect(f.wechat.count('getShippingOrder')).toBe(0)
    f.env.advance(30 * 60_000 + 1)
    expect((await reconcileShipping(f.deps)).completed).toBe(0)
    expect(f.wechat.count('getShippingOrder')).toBe(1)
    expect(f.wechat.calls.at(-1)?.input).toMatchObject({ trade: { transactionId: order.transactionId } })
    expect((await stored(f, order._id)).shipping).toMatchObject({ status: 'shipped', orderState: 2 })

    f.wechat.orderStates.set(order.transactionId as string, 3)
    await reconcileShipping(f.deps)
    expect(f.wechat.count('getShippingOrder')).toBe(1)
    f.env.advance(SHIPPING_TIMING.pollIntervalMs + 1)
    expect((await reconcileShipping(f.deps)).completed).toBe(1)
    const done = await stored(f, order._id)
    expect(done.shipping).toMatchObject({ status: 'completed', orderState: 3, completedAt: f.env.now() })
    expect(done.shipping?.pollAt).toBeUndefined()
    expect(toOrderView(done).shipping).toMatchObject({ state: 'completed', completedAt: f.env.now() })

    f.env.advance(SHIPPING_TIMING.pollIntervalMs * 2)
    await reconcileShipping(f.deps)
    expect(f.wechat.count('getShippingOrder')).toBe(2)
    expect((await rejection(enterShipment(f.deps, { orderId: order._id, logisticsType: 3 }, 'op'))).code).toBe('SHIPPING_ALREADY_COMPLETED')
  })

  it('order_state 5 (refunded) ends the polling without completing', async () => {
    const f = shipFixture()
    const order = await paid(f, STICKER)
    f.wechat.orderStates.set(order.transactionId as string, 5)
    f.env.advance(SHIPPING_TIMING.pollIntervalMs + 1)
    await reconcileShipping(f.deps)
    const after = await stored(f, order._id)
    expect(after.shipping).toMatchObject({ status: 'shipped', orderState: 5 })
    expect(after.shipping?.pollAt).toBeUndefined()
  })

  it('the merchant reminds the buyer once, for express, with a received time after the upload, in seconds', async () => {
    const f = shipFixture()
    const order = await paid(f)
    const shippedAt = f.env.now()
    await enterShipment(f.deps, express(order._id), 'op')
    f.env.advance(2 * 86400_000)
    expect((await rejection(remindConfirmReceive(f.deps, order._id, shippedAt - 1_000))).code).toBe('PARAM_INVALID')
    expect((await rejection(remindConfirmReceive(f.deps, order._id, f.env.now() + 3600_000))).code).toBe('PARAM_INVALID')
    const receivedAt = f.env.now() - 3600_000
    const reminded = await remindConfirmReceive(f.deps, order._id, receivedAt)
    expect(reminded.shipping?.remindedAt).toBe(f.env.now())
    expect(f.wechat.calls.at(-1)).toMatchObject({ api: 'notifyConfirmReceive', input: { trade: { transactionId: order.transactionId }, receivedTime: Math.floor(receivedAt / 1000) } })
    expect((await rejection(remindConfirmReceive(f.deps, order._id, receivedAt))).code).toBe('SHIPPING_REMINDER_USED')
    expect(f.wechat.count('notifyConfirmReceive')).toBe(1)

    const virtual = await paid(f, STICKER)
    expect((await rejection(remindConfirmReceive(f.deps, virtual._id, f.env.now()))).code).toBe('SHIPPING_REMINDER_EXPRESS_ONLY')
    const waiting = await paid(f)
    expect((await rejection(remindConfirmReceive(f.deps, waiting._id, f.env.now()))).code).toBe('SHIPPING_NOT_SHIPPED')
  })

  it('a reminder WeChat did not take is still available', async () => {
    const f = shipFixture()
    const order = await paid(f)
    await enterShipment(f.deps, express(order._id), 'op')
    f.env.advance(86400_000)
    f.wechat.fail('notifyConfirmReceive', new CloudError('WX_UPSTREAM_BUSY', 'busy'))
    expect((await rejection(remindConfirmReceive(f.deps, order._id, f.env.now()))).code).toBe('WX_UPSTREAM_BUSY')
    expect((await stored(f, order._id)).shipping?.remindedAt).toBeUndefined()
    await remindConfirmReceive(f.deps, order._id, f.env.now())
    expect(f.wechat.count('notifyConfirmReceive')).toBe(2)
  })
})
