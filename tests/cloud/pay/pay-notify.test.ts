/**
 * Notify handling from raw HTTP to the answer, with the real protocol core
 * (validator, verifier, AES-GCM) and testing keys: only a verified, matching,
 * applied and fulfilled notify is acknowledged.
 */
import { createCipheriv } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { handleRefundNotify, handleTransactionNotify, type NotifyRequest } from '../../../cloud/pay/pay-notify'
import { transition } from '../../../cloud/pay/order-transitions'
import { refundByMerchant } from '../../../cloud/pay/refunds'
import { NotifyParser } from '../../../cloud/wxpay/notify-parser'
import { RsaVerifier } from '../../../cloud/wxpay/rsa-verifier'
import { WechatPayValidator } from '../../../cloud/wxpay/validator'
import { PUBLIC_KEY_ID, TEST_APIV3_KEY, signedHeaders, testKeyPair } from '../wxpay/fixtures'
import { countingFulfiller, newOrder, payFixture, stored, transitions, type PayFixture } from './support'
import { requestsOf } from '../support'

const wechatKey = testKeyPair()

function parserFor(f: PayFixture): NotifyParser {
  const verifier = new RsaVerifier({ publicKeys: { [PUBLIC_KEY_ID]: wechatKey.publicKey } })
  return new NotifyParser({ validator: new WechatPayValidator({ verifier, now: f.env.now }), apiV3Key: TEST_APIV3_KEY })
}

function seal(plaintext: string, nonce: string, aad: string): string {
  const cipher = createCipheriv('aes-256-gcm', TEST_APIV3_KEY, nonce)
  cipher.setAAD(Buffer.from(aad) as unknown as Uint8Array)
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()] as unknown as Uint8Array[]).toString('base64')
}

/** A notify as WeChat Pay sends it: encrypted resource, signed raw body. */
function notify(
  f: PayFixture,
  resource: object,
  options: { eventType?: string; originalType?: string; tamper?: (body: string) => string; timestamp?: number; serial?: string; signature?: string } = {},
): NotifyRequest {
  const originalType = options.originalType ?? 'transaction'
  const body = JSON.stringify({
    id: 'EV-1',
    create_time: '2025-01-01T20:00:06+08:00',
    resource_type: 'encrypt-resource',
    event_type: options.eventType ?? 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: originalType, algorithm: 'AEAD_AES_256_GCM', ciphertext: seal(JSON.stringify(resource), 'abcdefghijkl', originalType), associated_data: originalType, nonce: 'abcdefghijkl' },
  })
  const headers = signedHeaders(wechatKey.privateKey, options.serial ?? PUBLIC_KEY_ID, body, options.timestamp ?? Math.floor(f.env.now() / 1000))
  if (options.signature) headers['wechatpay-signature'] = options.signature
  return { httpMethod: 'POST', headers, body: options.tamper ? options.tamper(body) : body }
}

async function paidNotify(f: PayFixture) {
  const order = await newOrder(f)
  f.gateway.pay(order.outTradeNo)
  return { order, request: notify(f, f.gateway.transaction(order.outTradeNo)) }
}

describe('payment notify', () => {
  it('a genuine notify: 204 with no body, order PAID and fulfilled', async () => {
    const f = payFixture()
    const { order, request } = await paidNotify(f)
    expect(await handleTransactionNotify(f.deps, parserFor(f), request)).toEqual({ status: 204, body: '' })
    expect(await stored(f, order._id)).toMatchObject({ status: 'PAID', fulfilment: { status: 'done' } })
  })

  it('20 concurrent copies: all 204, one transition, one fulfilment', async () => {
    const fulfiller = countingFulfiller()
    const f = payFixture(fulfiller)
    const { order, request } = await paidNotify(f)
    const answers = await Promise.all(Array.from({ length: 20 }, () => handleTransactionNotify(f.deps, parserFor(f), request)))
    expect(answers.every((a) => a.status === 204)).toBe(true)
    expect(fulfiller.runs).toHaveLength(1)
    expect(transitions(await stored(f, order._id))).toEqual(['NOTPAY>PAID:notify'])
  })

  // The notify path read the order four times (find, after the transition, before and after fulfilment): each read is a request.
  it('a first notify reads the order once: find, transition, delivery, done; a duplicate only finds it', async () => {
    const f = payFixture()
    const { order, request } = await paidNotify(f)
    const first = await requestsOf(f.deps.db, () => handleTransactionNotify(f.deps, parserFor(f), request))
    expect(first).toEqual(['get wxkit-orders', 'updateAndReturn wxkit-orders', 'add wxkit-deliveries', 'updateAndReturn wxkit-orders'])
    expect(await stored(f, order._id)).toMatchObject({ status: 'PAID', fulfilment: { status: 'done', attempts: 1, leaseUntil: 0 } })
    expect(await requestsOf(f.deps.db, () => handleTransactionNotify(f.deps, parserFor(f), request))).toEqual(['get wxkit-orders'])
  })

  it('a payment after a local close: the same four requests, CLOSED → PAID', async () => {
    const f = payFixture()
    const { order, request } = await paidNotify(f)
    await transition(f.deps, { orderId: order._id, from: 'NOTPAY', to: 'CLOSED', by: 'user', set: { closedAt: f.env.now(), closeReason: 'USER' } })
    expect(await requestsOf(f.deps.db, () => handleTransactionNotify(f.deps, parserFor(f), request))).toEqual([
      'get wxkit-orders',
      'updateAndReturn wxkit-orders',
      'add wxkit-deliveries',
      'updateAndReturn wxkit-orders',
    ])
    expect(transitions(await stored(f, order._id))).toEqual(['NOTPAY>CLOSED:user', 'CLOSED>PAID:notify'])
  })

  it('fulfilment failing: 500 FAIL, then the retry runs it and answers 204', async () => {
    const fulfiller = countingFulfiller({ failures: 2 })
    const f = payFixture(fulfiller)
    const { order, request } = await paidNotify(f)
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await handleTransactionNotify(f.deps, parserFor(f), request)).status)
    expect(statuses).toEqual([500, 500, 204])
    expect(fulfiller.runs).toHaveLength(3)
    expect(transitions(await stored(f, order._id))).toEqual(['NOTPAY>PAID:notify'])
  })

  const now = () => Math.floor(Date.UTC(2025, 0, 1, 12) / 1000)
  it.each([
    ['a body changed after signing (re-serialised)', { tamper: (b: string) => JSON.stringify(JSON.parse(b), null, 2) }, 401],
    ['a flipped GCM tag', { tamper: (b: string) => b.replace(/"ciphertext":"([^"]+)"/, (_m, c: string) => `"ciphertext":"${flipLast(c)}"`) }, 401],
    ['a SIGNTEST probe', { signature: 'WECHATPAY/SIGNTEST/' + 'A'.repeat(344) }, 401],
    ['a timestamp 301 s old', { timestamp: now() - 301 }, 401],
    ['an unknown serial', { serial: 'PUB_KEY_ID_0000000000000000000000000099' }, 401],
  ])('%s: non-2xx FAIL and no change', async (_name, options, status) => {
    const f = payFixture()
    const order = await newOrder(f)
    f.gateway.pay(order.outTradeNo)
    const answer = await handleTransactionNotify(f.deps, parserFor(f), notify(f, f.gateway.transaction(order.outTradeNo), options))
    expect(answer.status).toBe(status)
    expect(JSON.parse(answer.body)).toEqual({ code: 'FAIL', message: expect.any(String) })
    expect(await stored(f, order._id)).toMatchObject({ status: 'NOTPAY', history: [] })
  })

  it('a tag tampered under a re-signed body is caught by the GCM check: 400', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    f.gateway.pay(order.outTradeNo)
    const genuine = notify(f, f.gateway.transaction(order.outTradeNo))
    const envelope = JSON.parse(genuine.body)
    envelope.resource.ciphertext = flipLast(envelope.resource.ciphertext)
    const body = JSON.stringify(envelope)
    const request = { httpMethod: 'POST', headers: signedHeaders(wechatKey.privateKey, PUBLIC_KEY_ID, body, now()), body }
    expect((await handleTransactionNotify(f.deps, parserFor(f), request)).status).toBe(400)
    expect((await stored(f, order._id)).status).toBe('NOTPAY')
  })

  it.each([
    ['a wrong amount', { amount: { total: 1, payer_total: 1, currency: 'CNY' } }, 400],
    ['a wrong mchid', { mchid: '1900000999' }, 400],
    ['an unknown order', { out_trade_no: 'UNKNOWN123' }, 404],
  ])('a verified notify with %s: %s and no change', async (_name, override, status) => {
    const f = payFixture()
    const order = await newOrder(f)
    f.gateway.pay(order.outTradeNo)
    const request = notify(f, { ...f.gateway.transaction(order.outTradeNo), ...override })
    expect((await handleTransactionNotify(f.deps, parserFor(f), request)).status).toBe(status)
    expect((await stored(f, order._id)).status).toBe('NOTPAY')
  })

  it('a database failure answers 500 (never 2xx) and logs no message text', async () => {
    const f = payFixture()
    const { request } = await paidNotify(f)
    const db = f.deps.db
    f.deps.db = { ...db, collection: () => { throw Object.assign(new Error('connection to mongodb://user:pw@host lost'), { name: 'MongoError' }) } } as typeof db
    const answer = await handleTransactionNotify(f.deps, parserFor(f), request)
    expect(answer.status).toBe(500)
    expect(f.log.lines.join('\n')).toContain('MongoError')
    expect(f.log.lines.join('\n')).not.toContain('pw@host')
  })

  it('not a POST, or no body: refused', async () => {
    const f = payFixture()
    const { request } = await paidNotify(f)
    expect((await handleTransactionNotify(f.deps, parserFor(f), { ...request, httpMethod: 'GET' })).status).toBe(405)
    expect((await handleTransactionNotify(f.deps, parserFor(f), { ...request, body: '' })).status).toBe(400)
  })

  it('a refund notify sent to the payment URL is refused', async () => {
    const f = payFixture()
    const { order } = await paidNotify(f)
    const request = notify(f, { out_trade_no: order.outTradeNo }, { eventType: 'REFUND.SUCCESS', originalType: 'refund' })
    expect((await handleTransactionNotify(f.deps, parserFor(f), request)).status).toBe(400)
  })
})

describe('refund notify', () => {
  it('REFUND.SUCCESS: 204 and REFUNDED; a duplicate 204 and no change', async () => {
    const f = payFixture()
    const { order, request } = await paidNotify(f)
    await handleTransactionNotify(f.deps, parserFor(f), request)
    const refunding = await refundByMerchant(f.deps, await stored(f, order._id), { reason: 'x' }, 'operator')
    const settled = f.gateway.settleRefund(refunding.outRefundNo!)
    const resource = {
      mchid: f.gateway.mchId,
      out_trade_no: settled.out_trade_no,
      transaction_id: settled.transaction_id,
      out_refund_no: settled.out_refund_no,
      refund_id: settled.refund_id,
      refund_status: 'SUCCESS',
      success_time: settled.success_time,
      amount: { total: 4500, refund: 4500, payer_total: 4500, payer_refund: 4500 },
    }
    const refundRequest = notify(f, resource, { eventType: 'REFUND.SUCCESS', originalType: 'refund' })
    expect((await handleRefundNotify(f.deps, parserFor(f), refundRequest)).status).toBe(204)
    expect((await handleRefundNotify(f.deps, parserFor(f), refundRequest)).status).toBe(204)
    const after = await stored(f, order._id)
    expect(after.status).toBe('REFUNDED')
    expect(transitions(after).filter((t) => t.endsWith('>REFUNDED:refund') || t.endsWith('>REFUNDED:notify'))).toHaveLength(1)
    // And a payment notify on the refund URL is refused.
    expect((await handleRefundNotify(f.deps, parserFor(f), request)).status).toBe(400)
  })
})

function flipLast(base64: string): string {
  const bytes = Buffer.from(base64, 'base64')
  bytes[bytes.length - 1] ^= 0x01
  return bytes.toString('base64')
}
