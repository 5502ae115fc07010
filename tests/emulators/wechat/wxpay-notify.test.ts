import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { NotifyEntry, WechatEmulatorOptions } from '../../../emulators/wechat'
import {
  control,
  decryptResource,
  jsapiBody,
  login,
  requestPayment,
  startEmulator,
  startReceiver,
  verifyWechatpay,
  waitFor,
  wxpay,
  type Harness,
  type Receiver,
} from './helpers'

const SCHEDULE = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600]

async function setup(opts: WechatEmulatorOptions, answer: (n: number) => number) {
  const h = await startEmulator(opts)
  const receiver = await startReceiver(answer)
  const openid = (await login(h, 'alice')).openid
  return { h, receiver, openid }
}

async function payOrder(h: Harness, openid: string, notifyUrl: string, overrides: Record<string, unknown> = {}) {
  const body = jsapiBody(h, openid, notifyUrl, overrides)
  const prepayId = (await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)).json.prepay_id
  const paid = await control(h, 'POST', '/wxpay/pay', requestPayment(h.creds, body.appid, prepayId))
  expect(paid.json.errMsg).toBe('requestPayment:ok')
  return body
}

async function notifyLog(h: Harness): Promise<NotifyEntry[]> {
  const entries = (await control(h, 'GET', '/log')).json as { kind: string }[]
  return entries.filter((e): e is NotifyEntry => e.kind === 'notify')
}

describe('TRANSACTION.SUCCESS notify', () => {
  let h: Harness
  let receiver: Receiver
  let openid: string
  beforeAll(async () => ({ h, receiver, openid } = await setup({}, () => 204)))
  afterAll(async () => {
    await h.close()
    await receiver.close()
  })

  it('is signed over the raw body and decrypts (Node crypto) to the paid transaction', async () => {
    const body = await payOrder(h, openid, receiver.url, { attach: 'cart=1', amount: { total: 2990, currency: 'CNY' } })
    const [received] = await waitFor(() => receiver.requests.length >= 1 && receiver.requests)
    expect(received.headers['content-type']).toBe('application/json')
    expect(received.headers['wechatpay-serial']).toBe(h.creds.platformPublicKey.id)
    expect(received.headers['wechatpay-signature-type']).toBe('WECHATPAY2-SHA256-RSA2048')
    expect(verifyWechatpay(h.creds, received.headers, received.raw)).toBe(true)
    expect(verifyWechatpay(h.creds, received.headers, JSON.stringify(JSON.parse(received.raw), null, 1))).toBe(false)

    const notify = JSON.parse(received.raw)
    expect(notify).toMatchObject({ event_type: 'TRANSACTION.SUCCESS', resource_type: 'encrypt-resource', summary: '支付成功' })
    expect(notify.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(notify.create_time).toMatch(/\+08:00$/)
    expect(notify.resource).toMatchObject({ algorithm: 'AEAD_AES_256_GCM', original_type: 'transaction', associated_data: 'transaction' })
    expect(notify.resource.nonce).toHaveLength(12)
    expect(Buffer.from(notify.resource.ciphertext, 'base64').length).toBeGreaterThan(16)

    const transaction = JSON.parse(decryptResource(h.creds.apiV3Key, notify.resource))
    const q = (await wxpay(h, 'GET', `/v3/pay/transactions/out-trade-no/${body.out_trade_no}?mchid=${h.creds.mchid}`)).json
    expect(transaction).toMatchObject({
      appid: h.creds.apps.mp.appid,
      mchid: h.creds.mchid,
      out_trade_no: body.out_trade_no,
      transaction_id: q.transaction_id,
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      success_time: q.success_time,
      attach: 'cart=1',
      payer: { openid },
      amount: { total: 2990, payer_total: 2990, currency: 'CNY', payer_currency: 'CNY' },
    })

    const log = await waitFor(async () => (await notifyLog(h)).find((e) => e.acknowledged))
    expect(log).toMatchObject({ status: 204, attempt: 1, outTradeNo: body.out_trade_no, signedWith: 'publicKey' })
    expect(JSON.stringify(await control(h, 'GET', '/log'))).not.toContain(h.creds.apiV3Key)
  })
})

describe('retry schedule', () => {
  const receivers: Receiver[] = []
  const harnesses: Harness[] = []
  afterEach(async () => {
    await Promise.all([...harnesses.splice(0).map((x) => x.close()), ...receivers.splice(0).map((r) => r.close())])
  })

  it('retries after 15 s, 15 s, 30 s × timeFactor until 200/204, then stops', async () => {
    const statuses = [500, 503, 400, 200]
    const { h, receiver, openid } = await setup({ timeFactor: 0.002 }, (n) => statuses[n - 1] ?? 200)
    harnesses.push(h)
    receivers.push(receiver)
    await payOrder(h, openid, receiver.url)
    await waitFor(() => receiver.requests.length >= 4)
    const entries = await waitFor(async () => {
      const log = await notifyLog(h)
      return log.length >= 4 && log
    })
    expect(entries.map((e) => e.status)).toEqual([500, 503, 400, 200])
    expect(entries.map((e) => e.nextRetryInMs)).toEqual([30, 30, 60, undefined])
    expect(entries[3].acknowledged).toBe(true)
    const gaps = receiver.requests.slice(1).map((r, i) => r.at - receiver.requests[i].at)
    expect(gaps[0]).toBeGreaterThanOrEqual(25)
    expect(gaps[2]).toBeGreaterThanOrEqual(50)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(receiver.requests).toHaveLength(4)
    const notifies = (await control(h, 'GET', '/wxpay/notifies')).json
    expect(notifies[0]).toMatchObject({ state: 'acknowledged', attempts: 4 })
  })

  it('gives up after the 15th retry (16 deliveries, about 24 h scaled)', async () => {
    const { h, receiver, openid } = await setup({ timeFactor: 0.00001 }, () => 500)
    harnesses.push(h)
    receivers.push(receiver)
    await payOrder(h, openid, receiver.url)
    await waitFor(async () => (await control(h, 'GET', '/wxpay/notifies')).json[0]?.state === 'gaveUp', 10_000)
    const entries = await notifyLog(h)
    expect(receiver.requests).toHaveLength(16)
    expect(entries).toHaveLength(16)
    entries.slice(0, 15).forEach((e, i) => expect(e.nextRetryInMs).toBeCloseTo(SCHEDULE[i] * 1000 * 0.00001, 6))
    expect(entries[15]).toMatchObject({ gaveUp: true, acknowledged: false })
    expect(entries[15].nextRetryInMs).toBeUndefined()
  })

  it('fires a due retry when the clock is advanced, and pending ones on flush', async () => {
    const { h, receiver, openid } = await setup({}, (n) => (n % 2 === 1 ? 500 : 204))
    harnesses.push(h)
    receivers.push(receiver)
    await payOrder(h, openid, receiver.url)
    await waitFor(async () => (await notifyLog(h)).length === 1)
    expect((await notifyLog(h))[0].nextRetryInMs).toBe(15_000)
    await control(h, 'POST', '/clock/advance', { seconds: 14 })
    expect(receiver.requests).toHaveLength(1)
    await control(h, 'POST', '/clock/advance', { seconds: 1 })
    expect(receiver.requests).toHaveLength(2)
    expect((await notifyLog(h))[1].acknowledged).toBe(true)

    await payOrder(h, openid, receiver.url)
    await waitFor(() => receiver.requests.length === 3)
    await waitFor(async () => (await notifyLog(h)).length === 3)
    const flushed = await control(h, 'POST', '/wxpay/notifies/flush')
    expect(flushed.json.fired).toBe(1)
    expect(receiver.requests).toHaveLength(4)
  })

  it('counts an answer slower than the timeout as a failure', async () => {
    const { h, receiver, openid } = await setup({ notifyTimeoutMs: 100, timeFactor: 0.001 }, () => 204)
    harnesses.push(h)
    receivers.push(receiver)
    const slow = await startReceiver(async (n) => {
      if (n === 1) await new Promise((resolve) => setTimeout(resolve, 300))
      return 204
    })
    receivers.push(slow)
    await payOrder(h, openid, slow.url)
    const entries = await waitFor(async () => {
      const log = await notifyLog(h)
      return log.some((e) => e.acknowledged) && log
    })
    expect(entries[0]).toMatchObject({ error: 'timeout', acknowledged: false })
    expect(entries[1]).toMatchObject({ status: 204, acknowledged: true })
    expect(receiver.requests).toHaveLength(0)
  })
})

describe('signing key modes', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((f) => f()))
  })

  it('signs with the platform certificate in certificate mode', async () => {
    const { h, receiver, openid } = await setup({ payKeyMode: 'certificate' }, () => 204)
    cleanups.push(h.close, receiver.close)
    const order = await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', jsapiBody(h, openid, receiver.url))
    expect(order.headers.get('wechatpay-serial')).toBe(h.creds.platformCertificate.serialNo)
    expect(verifyWechatpay(h.creds, order.headers, order.raw)).toBe(true)
    await control(h, 'POST', '/wxpay/pay', requestPayment(h.creds, h.creds.apps.mp.appid, order.json.prepay_id))
    const [received] = await waitFor(() => receiver.requests.length === 1 && receiver.requests)
    expect(received.headers['wechatpay-serial']).toBe(h.creds.platformCertificate.serialNo)
    expect(verifyWechatpay(h.creds, received.headers, received.raw)).toBe(true)
  })

  it('alternates public key and certificate on notifies in mixed mode', async () => {
    const { h, receiver, openid } = await setup({ payKeyMode: 'mixed' }, () => 204)
    cleanups.push(h.close, receiver.close)
    for (let i = 0; i < 4; i++) await payOrder(h, openid, receiver.url)
    await waitFor(() => receiver.requests.length === 4)
    const serials = (await notifyLog(h)).sort((a, b) => a.seq - b.seq).map((e) => e.signedWith)
    expect(serials.filter((s) => s === 'publicKey')).toHaveLength(2)
    expect(serials.filter((s) => s === 'certificate')).toHaveLength(2)
    for (const r of receiver.requests) expect(verifyWechatpay(h.creds, r.headers, r.raw)).toBe(true)
    expect(new Set(receiver.requests.map((r) => r.headers['wechatpay-serial']))).toEqual(
      new Set([h.creds.platformPublicKey.id, h.creds.platformCertificate.serialNo]),
    )
  })
})
