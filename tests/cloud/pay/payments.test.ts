/** Placing orders and applying what WeChat Pay reports, against an in-memory WeChat Pay. */
import { describe, expect, it } from 'vitest'
import { DELIVERIES } from '../../../cloud/pay/fulfilment'
import { transition } from '../../../cloud/pay/order-transitions'
import {
  ORDER_TTL_MS,
  PaymentMatchError,
  applyTransaction,
  closeUnpaidOrder,
  expireOrder,
  isDefinitiveRejection,
  placeOrder,
  refreshUnpaidOrder,
} from '../../../cloud/pay/payments'
import { pendingCodeUrl } from '../../../cloud/pay/trades'
import { WxpayError } from '../../../cloud/wxpay/errors'
import { MCHID, MP_APPID, OA_APPID, OPENID, countingFulfiller, newOrder, payFixture, stored, transitions, wxpayError } from './support'
import { rejection, requestsOf } from '../support'

describe('placeOrder', () => {
  it('mini program: stores the order first, places a JSAPI order priced by the server, answers requestPayment parameters', async () => {
    const f = payFixture()
    const { order, payment } = await placeOrder(f.deps, {
      userId: 'u1',
      lines: [{ productId: 'p-coffee-beans', quantity: 2 }],
      channel: 'miniprogram',
      appid: MP_APPID,
      payerOpenid: OPENID,
    })
    expect(order).toMatchObject({ status: 'NOTPAY', amount: 13600, mchid: MCHID, appid: MP_APPID, channel: 'miniprogram', timeExpire: f.env.now() + ORDER_TTL_MS })
    expect(f.gateway.calls).toEqual([
      {
        method: 'createJsapiOrder',
        arg: {
          appid: MP_APPID,
          description: '云南小粒咖啡豆 250g ×2',
          out_trade_no: order.outTradeNo,
          time_expire: '2025-01-01T20:15:00+08:00',
          amount: { total: 13600, currency: 'CNY' },
          payer: { openid: OPENID },
        },
      },
    ])
    expect(payment).toEqual({ appId: MP_APPID, timeStamp: '1735732800', nonceStr: 'NONCE', package: `prepay_id=wx${order.outTradeNo}`, signType: 'RSA', paySign: 'SIGNED' })
    expect(await stored(f, order._id)).toMatchObject({ status: 'NOTPAY', fulfilment: { status: 'none' }, history: [] })
  })

  it('JSAPI in the WeChat browser uses the official account appid', async () => {
    const f = payFixture()
    const { payment } = await placeOrder(f.deps, { userId: 'u1', lines: [{ productId: 'p-mug', quantity: 1 }], channel: 'jsapi', appid: OA_APPID, payerOpenid: 'oa-openid' })
    expect(payment).toMatchObject({ appId: OA_APPID })
    expect(f.gateway.calls[0].arg).toMatchObject({ appid: OA_APPID, payer: { openid: 'oa-openid' } })
  })

  it('H5 sends the client IP as scene_info and answers h5Url; Native answers codeUrl', async () => {
    const f = payFixture()
    const h5 = await placeOrder(f.deps, { userId: 'u1', lines: [{ productId: 'p-mug', quantity: 1 }], channel: 'h5', appid: MP_APPID, clientIP: '203.0.113.7' })
    expect(f.gateway.calls[0].arg).toMatchObject({ scene_info: { payer_client_ip: '203.0.113.7', h5_info: { type: 'Wap' } } })
    expect(Object.keys(h5.payment)).toEqual(['h5Url'])
    const native = await placeOrder(f.deps, { userId: 'u1', lines: [{ productId: 'p-mug', quantity: 1 }], channel: 'native', appid: MP_APPID })
    expect(native.payment).toEqual({ codeUrl: expect.stringMatching(/^weixin:\/\//) })
  })

  // Regression: a reload while the Native QR code showed lost the QR (nothing kept its code_url).
  it('Native keeps the code_url on its live trade; pendingCodeUrl answers it only while the QR code can be paid', async () => {
    const f = payFixture()
    const { order, payment } = await placeOrder(f.deps, { userId: 'u1', lines: [{ productId: 'p-mug', quantity: 1 }], channel: 'native', appid: MP_APPID })
    const codeUrl = (payment as { codeUrl: string }).codeUrl
    const kept = await stored(f, order._id)
    expect(kept.trades[kept.liveTradeNo].payment?.codeUrl).toBe(codeUrl)
    expect(pendingCodeUrl(kept, f.env.now())).toBe(codeUrl)
    expect(pendingCodeUrl(kept, kept.timeExpire - 1)).toBe(codeUrl)
    expect(pendingCodeUrl(kept, kept.timeExpire)).toBeUndefined()
    expect(pendingCodeUrl({ ...kept, status: 'PAID' }, f.env.now())).toBeUndefined()
    expect(pendingCodeUrl({ ...kept, status: 'CLOSED' }, f.env.now())).toBeUndefined()
    // The code_url itself lives 2 hours, whatever time_expire says.
    expect(pendingCodeUrl({ ...kept, timeExpire: kept.createdAt + 3 * 3600_000 }, kept.createdAt + 2 * 3600_000)).toBeUndefined()
  })

  it('other channels answer no code_url', async () => {
    const f = payFixture()
    const jsapi = await newOrder(f)
    const h5 = await newOrder(f, { channel: 'h5', clientIP: '203.0.113.7' })
    for (const order of [jsapi, h5]) expect(pendingCodeUrl(await stored(f, order._id), f.env.now())).toBeUndefined()
  })

  it.each([
    ['miniprogram without an openid', { channel: 'miniprogram' as const, payerOpenid: undefined }, 'PAYER_OPENID_MISSING'],
    ['jsapi without an openid', { channel: 'jsapi' as const, payerOpenid: undefined }, 'PAYER_OPENID_MISSING'],
    ['h5 without a client IP', { channel: 'h5' as const, clientIP: undefined }, 'PARAM_INVALID'],
  ])('refuses %s before anything is stored', async (_name, input, code) => {
    const f = payFixture()
    expect((await rejection(newOrder(f, input))).code).toBe(code)
    expect((await f.deps.db.collection('wxkit-orders').count()).total).toBe(0)
    expect(f.gateway.calls).toEqual([])
  })

  it('an order WeChat Pay refuses (4xx) is closed; the error is WXPAY_UPSTREAM_ERROR without WeChat’s text', async () => {
    const f = payFixture()
    f.gateway.failures.createJsapiOrder = [wxpayError(400, 'APPID_MCHID_NOT_MATCH')]
    const failure = await rejection(newOrder(f))
    expect(failure).toMatchObject({ code: 'WXPAY_UPSTREAM_ERROR', detail: { status: 400, wechatCode: 'APPID_MCHID_NOT_MATCH' } })
    expect(JSON.stringify(failure.detail) + failure.message).not.toContain('测试')
    const { data } = await f.deps.db.collection('wxkit-orders').get()
    expect(data).toMatchObject([{ status: 'CLOSED', closeReason: 'REJECTED' }])
  })

  it('an order whose placing timed out stays NOTPAY for the reconciler', async () => {
    const f = payFixture()
    f.gateway.failures.createJsapiOrder = [new WxpayError('TIMEOUT', 'timed out')]
    expect((await rejection(newOrder(f))).code).toBe('WXPAY_UPSTREAM_ERROR')
    expect((await f.deps.db.collection('wxkit-orders').get()).data).toMatchObject([{ status: 'NOTPAY' }])
  })

  it.each([
    [wxpayError(400, 'PARAM_ERROR'), true],
    [wxpayError(403, 'NO_AUTH'), true],
    [wxpayError(429, 'FREQUENCY_LIMITED'), false],
    [wxpayError(500, 'SYSTEM_ERROR'), false],
    [new WxpayError('TIMEOUT', 't'), false],
    [new WxpayError('REQUEST_INVALID', 'r'), true],
    [new Error('x'), false],
  ])('isDefinitiveRejection(%s) is %s', (error, definitive) => {
    expect(isDefinitiveRejection(error)).toBe(definitive)
  })
})

describe('applyTransaction', () => {
  it('SUCCESS: NOTPAY → PAID with the payment facts, fulfilled before it returns', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    f.gateway.pay(order.outTradeNo)
    const { order: paid, changed } = await applyTransaction(f.deps, f.gateway.transaction(order.outTradeNo), 'notify')
    expect(changed).toBe(true)
    expect(paid).toMatchObject({
      status: 'PAID',
      transactionId: `4200${order.outTradeNo}`,
      payerOpenid: OPENID,
      paidAt: Date.parse('2025-01-01T20:00:05+08:00'),
      fulfilment: { status: 'done', attempts: 1 },
    })
    expect(transitions(paid)).toEqual(['NOTPAY>PAID:notify'])
    expect((await f.deps.db.collection(DELIVERIES).count()).total).toBe(1)
  })

  it('the same payment reported again (notify, query, duplicate) changes nothing and fulfils nothing more', async () => {
    const fulfiller = countingFulfiller()
    const f = payFixture(fulfiller)
    const order = await newOrder(f)
    f.gateway.pay(order.outTradeNo)
    const tx = f.gateway.transaction(order.outTradeNo)
    const results = await Promise.all([
      applyTransaction(f.deps, tx, 'notify'),
      applyTransaction(f.deps, tx, 'notify'),
      applyTransaction(f.deps, tx, 'query'),
    ])
    expect(results.filter((r) => r.changed)).toHaveLength(1)
    expect(fulfiller.runs).toHaveLength(1)
    expect(transitions(await stored(f, order._id))).toHaveLength(1)
  })

  it.each([
    ['appid', { appid: 'wx0000000000000bad' }],
    ['mchid', { mchid: '1900000999' }],
    ['amount', { amount: { total: 1, currency: 'CNY' } }],
    ['amount', { amount: undefined }],
    ['currency', { amount: { total: 4500, currency: 'USD' } }],
  ])('a transaction whose %s does not match is refused, logged, and changes nothing', async (field, override) => {
    const f = payFixture()
    const order = await newOrder(f)
    f.gateway.pay(order.outTradeNo)
    const failure = await rejection(applyTransaction(f.deps, { ...f.gateway.transaction(order.outTradeNo), ...override }, 'notify'))
    expect(failure).toBeInstanceOf(PaymentMatchError)
    expect((failure as PaymentMatchError).fields).toEqual([field])
    expect(await stored(f, order._id)).toMatchObject({ status: 'NOTPAY', history: [] })
    expect(f.log.lines.join('\n')).toContain(`does not match: ${field}`)
    expect(f.log.lines.join('\n')).not.toContain(OPENID)
  })

  it('an unknown out_trade_no is a 404 PaymentMatchError; a malformed transaction a 400', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    f.gateway.pay(order.outTradeNo)
    expect(await rejection(applyTransaction(f.deps, { ...f.gateway.transaction(order.outTradeNo), out_trade_no: 'NOPE12' }, 'notify'))).toMatchObject({ status: 404 })
    expect(await rejection(applyTransaction(f.deps, { trade_state: 'SUCCESS' }, 'notify'))).toMatchObject({ status: 400 })
  })

  it('a payment confirmed after a local close still counts: CLOSED → PAID', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    await transition(f.deps, { orderId: order._id, from: 'NOTPAY', to: 'CLOSED', by: 'user' })
    f.gateway.pay(order.outTradeNo)
    const { order: paid } = await applyTransaction(f.deps, f.gateway.transaction(order.outTradeNo), 'notify')
    expect(transitions(paid)).toEqual(['NOTPAY>CLOSED:user', 'CLOSED>PAID:notify'])
    expect(paid.fulfilment.status).toBe('done')
  })

  it('CLOSED at WeChat Pay closes the order here; NOTPAY changes nothing', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    expect((await applyTransaction(f.deps, f.gateway.transaction(order.outTradeNo), 'query')).changed).toBe(false)
    f.gateway.orders.get(order.outTradeNo)!.state = 'CLOSED'
    const { order: closed } = await applyTransaction(f.deps, f.gateway.transaction(order.outTradeNo), 'query')
    expect(closed).toMatchObject({ status: 'CLOSED', closeReason: 'WXPAY' })
  })

  it('a fulfilment that fails leaves the order PAID with fulfilment pending, and throws', async () => {
    const f = payFixture(countingFulfiller({ failures: 1 }))
    const order = await newOrder(f)
    f.gateway.pay(order.outTradeNo)
    expect((await rejection(applyTransaction(f.deps, f.gateway.transaction(order.outTradeNo), 'notify'))).name).toBe('FulfilmentError')
    expect(await stored(f, order._id)).toMatchObject({ status: 'PAID', fulfilment: { status: 'pending' } })
    const { order: retried, changed } = await applyTransaction(f.deps, f.gateway.transaction(order.outTradeNo), 'notify')
    expect(changed).toBe(false)
    expect(retried.fulfilment).toMatchObject({ status: 'done', attempts: 2 })
  })
})

describe('refreshUnpaidOrder', () => {
  it('asks WeChat Pay at most once per 5 s per order, however many callers', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    await Promise.all(Array.from({ length: 5 }, () => refreshUnpaidOrder(f.deps, order)))
    expect(f.gateway.count('queryOrderByOutTradeNo')).toBe(1)
    f.env.advance(4_999)
    await refreshUnpaidOrder(f.deps, order)
    expect(f.gateway.count('queryOrderByOutTradeNo')).toBe(1)
    f.env.advance(2)
    f.gateway.pay(order.outTradeNo)
    expect((await refreshUnpaidOrder(f.deps, order)).status).toBe('PAID')
    expect(f.gateway.count('queryOrderByOutTradeNo')).toBe(2)
    expect(transitions(await stored(f, order._id))).toEqual(['NOTPAY>PAID:query'])
  })

  // The query path looked the order up again by out_trade_no after claiming the slot, and re-read it when the slot was taken.
  it('claims the slot and applies the answer without reading the order again', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    expect(await requestsOf(f.deps.db, () => refreshUnpaidOrder(f.deps, order))).toEqual(['updateAndReturn wxkit-orders'])
    expect(await requestsOf(f.deps.db, () => refreshUnpaidOrder(f.deps, order))).toEqual(['updateAndReturn wxkit-orders'])
    f.env.advance(5_001)
    f.gateway.pay(order.outTradeNo)
    expect(await requestsOf(f.deps.db, () => refreshUnpaidOrder(f.deps, order))).toEqual([
      'updateAndReturn wxkit-orders',
      'updateAndReturn wxkit-orders',
      'add wxkit-deliveries',
      'updateAndReturn wxkit-orders',
    ])
    expect(await stored(f, order._id)).toMatchObject({ status: 'PAID', fulfilment: { status: 'done' } })
  })

  it('an order WeChat Pay never received stays as it is', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    f.gateway.orders.delete(order.outTradeNo)
    expect((await refreshUnpaidOrder(f.deps, order)).status).toBe('NOTPAY')
  })
})

describe('closing', () => {
  it('closes at WeChat Pay, then here', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    const closed = await closeUnpaidOrder(f.deps, order, 'USER', 'user')
    expect(closed).toMatchObject({ status: 'CLOSED', closeReason: 'USER' })
    expect(f.gateway.orders.get(order.outTradeNo)?.state).toBe('CLOSED')
  })

  it('ORDERPAID: the payment is applied instead', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    f.gateway.pay(order.outTradeNo)
    const result = await closeUnpaidOrder(f.deps, order, 'USER', 'user')
    expect(result).toMatchObject({ status: 'PAID', fulfilment: { status: 'done' } })
  })

  it('a failed close leaves the order payable and NOTPAY', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    f.gateway.failures.closeOrder = [wxpayError(500, 'SYSTEM_ERROR')]
    await rejection(closeUnpaidOrder(f.deps, order, 'USER', 'user'))
    expect((await stored(f, order._id)).status).toBe('NOTPAY')
  })

  it('expiry: a final query finds a last-second payment, else the order is closed', async () => {
    const f = payFixture()
    const paid = await newOrder(f)
    f.gateway.pay(paid.outTradeNo)
    expect((await expireOrder(f.deps, paid)).status).toBe('PAID')
    const unpaid = await newOrder(f)
    expect(await expireOrder(f.deps, unpaid)).toMatchObject({ status: 'CLOSED', closeReason: 'EXPIRED' })
    const neverPlaced = await newOrder(f)
    f.gateway.orders.delete(neverPlaced.outTradeNo)
    expect(await expireOrder(f.deps, neverPlaced)).toMatchObject({ status: 'CLOSED', closeReason: 'EXPIRED' })
  })
})
