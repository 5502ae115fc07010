import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { NotifyEntry } from '../../../emulators/wechat'
import {
  authorization,
  call,
  control,
  decryptResource,
  jsapiBody,
  login,
  qs,
  requestPayment,
  startEmulator,
  startReceiver,
  verifyWechatpay,
  waitFor,
  wxpay,
  type Harness,
  type Received,
  type Receiver,
} from './helpers'

let h: Harness
let receiver: Receiver
let openid: string
const verdicts: string[] = []

/** A merchant that does it right: verify the raw body, then decrypt (tag checked), else ask for a retry. */
function judge(req: Received): string {
  if (!verifyWechatpay(h.creds, req.headers, req.raw)) return 'signature'
  try {
    decryptResource(h.creds.apiV3Key, JSON.parse(req.raw).resource)
  } catch {
    return 'decrypt'
  }
  return 'ok'
}

beforeAll(async () => {
  h = await startEmulator({ timeFactor: 0.001 })
  receiver = await startReceiver((_n, req) => {
    const verdict = judge(req)
    verdicts.push(verdict)
    return verdict === 'ok' ? 204 : 401
  })
})
afterAll(async () => {
  await h.close()
  await receiver.close()
})
beforeEach(async () => {
  await control(h, 'POST', '/reset')
  receiver.requests.length = 0
  verdicts.length = 0
  openid = (await login(h, 'alice')).openid
})

function exchange(code: string) {
  const mp = h.creds.apps.mp
  return call(`${h.url}/sns/jscode2session?${qs({ appid: mp.appid, secret: mp.secret, js_code: code, grant_type: 'authorization_code' })}`)
}

async function pay() {
  const body = jsapiBody(h, openid, receiver.url)
  const prepayId = (await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)).json.prepay_id
  expect((await control(h, 'POST', '/wxpay/pay', requestPayment(h.creds, body.appid, prepayId))).json.errMsg).toBe('requestPayment:ok')
  return body
}

async function acknowledged(): Promise<NotifyEntry[]> {
  return waitFor(async () => {
    const log = ((await control(h, 'GET', '/log')).json as NotifyEntry[]).filter((e) => e.kind === 'notify')
    return log.some((e) => e.acknowledged) && log
  })
}

describe('endpoint faults', () => {
  it.each([-1, 45011, 40226])('answers errcode %i to the next N jscode2session calls, then works', async (errcode) => {
    await control(h, 'POST', '/faults', { endpoint: '/sns/jscode2session', times: 2, errcode })
    const code = (await control(h, 'POST', '/login/code', { user: 'bob' })).json.code
    for (let i = 0; i < 2; i++) {
      const answer = await exchange(code)
      expect(answer.status).toBe(200)
      expect(answer.json.errcode).toBe(errcode)
      expect(answer.json.errmsg).toMatch(/, rid: /)
    }
    expect((await exchange(code)).json.openid).toBeTruthy()
    const log = (await control(h, 'GET', '/log')).json.filter((e: { kind: string }) => e.kind === 'call')
    expect(log.map((e: { fault?: string }) => e.fault)).toEqual([undefined, `errcode ${errcode}`, `errcode ${errcode}`, undefined])
  })

  it('answers 40001 to a token-bearing endpoint by operation key', async () => {
    await control(h, 'POST', '/faults', { endpoint: 'GET /cgi-bin/ticket/getticket', errcode: 40001 })
    expect((await call(`${h.url}/cgi-bin/ticket/getticket?access_token=x&type=jsapi`)).json.errcode).toBe(40001)
  })

  it.each([
    ['SYSTEM_ERROR', 500],
    ['FREQUENCY_LIMITED', 429],
  ])('answers WeChat Pay %s with HTTP %i, signed', async (code, status) => {
    await control(h, 'POST', '/faults', { endpoint: '/v3/pay/transactions/jsapi', wxpay: code })
    const body = jsapiBody(h, openid, receiver.url)
    const failed = await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)
    expect(failed.status).toBe(status)
    expect(failed.json.code).toBe(code)
    expect(verifyWechatpay(h.creds, failed.headers, failed.raw)).toBe(true)
    expect((await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)).status).toBe(200)
  })

  it('hangs for the given ms, then answers normally', async () => {
    await control(h, 'POST', '/faults', { endpoint: '/v3/pay/transactions/jsapi', hangMs: 300 })
    const started = Date.now()
    const answer = await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', jsapiBody(h, openid, receiver.url))
    expect(answer.status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('hangs past the client timeout, and the operation still takes effect', async () => {
    await control(h, 'POST', '/faults', { endpoint: '/v3/pay/transactions/jsapi', hangMs: 300 })
    const body = jsapiBody(h, openid, receiver.url)
    const raw = JSON.stringify(body)
    const started = Date.now()
    await expect(
      fetch(h.url + '/v3/pay/transactions/jsapi', {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          Authorization: authorization(h.creds, 'POST', '/v3/pay/transactions/jsapi', raw),
        },
        body: raw,
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow()
    expect(Date.now() - started).toBeLessThan(300)
    const order = await waitFor(async () => {
      const q = await wxpay(h, 'GET', `/v3/pay/transactions/out-trade-no/${body.out_trade_no}?mchid=${h.creds.mchid}`)
      return q.status === 200 && q.json
    })
    expect(order.trade_state).toBe('NOTPAY')
  })

  it('validates, lists and clears faults', async () => {
    expect((await control(h, 'POST', '/faults', { endpoint: '/nope', errcode: -1 })).status).toBe(400)
    expect((await control(h, 'POST', '/faults', { endpoint: '/v3/certificates', errcode: -1 })).status).toBe(400)
    expect((await control(h, 'POST', '/faults', { endpoint: '/sns/jscode2session', wxpay: 'SYSTEM_ERROR' })).status).toBe(400)
    expect((await control(h, 'POST', '/faults', { endpoint: '/sns/jscode2session' })).status).toBe(400)
    expect((await control(h, 'POST', '/faults', { endpoint: '/sns/jscode2session', errcode: -1, times: 3 })).status).toBe(201)
    expect((await control(h, 'GET', '/faults')).json.endpoints[0]).toMatchObject({ endpoint: '/sns/jscode2session', remaining: 3 })
    await control(h, 'DELETE', '/faults')
    expect((await control(h, 'GET', '/faults')).json.endpoints).toEqual([])
  })
})

describe('notify faults (against a merchant that verifies and decrypts)', () => {
  it('drops the next N deliveries, which then follow the retry schedule', async () => {
    await control(h, 'POST', '/faults', { notify: 'drop', times: 2 })
    await pay()
    const log = await acknowledged()
    expect(log.map((e) => e.error ?? e.status)).toEqual(['dropped', 'dropped', 204])
    expect(receiver.requests).toHaveLength(1)
  })

  it('duplicates a notify N times, concurrently, with the same id', async () => {
    await control(h, 'POST', '/faults', { notify: 'duplicate', copies: 2 })
    await pay()
    await waitFor(() => receiver.requests.length === 3)
    const ids = receiver.requests.map((r) => JSON.parse(r.raw).id)
    expect(new Set(ids).size).toBe(1)
    const spread = Math.max(...receiver.requests.map((r) => r.at)) - Math.min(...receiver.requests.map((r) => r.at))
    expect(spread).toBeLessThan(200)
    expect(verdicts).toEqual(['ok', 'ok', 'ok'])
    expect(new Set(receiver.requests.map((r) => r.headers['wechatpay-nonce'])).size).toBe(3)
  })

  it('delays the first delivery', async () => {
    await control(h, 'POST', '/faults', { notify: 'delay', delayMs: 250 })
    const started = Date.now()
    await pay()
    await waitFor(() => receiver.requests.length === 1)
    expect(receiver.requests[0].at - started).toBeGreaterThanOrEqual(240)
  })

  it.each([
    ['signtest', 'signature'],
    ['unknownSerial', 'signature'],
    ['skewTimestamp', 'signature'],
    ['tamperTag', 'decrypt'],
  ])('sends a %s delivery the merchant must refuse (%s), then a good retry', async (kind, verdict) => {
    await control(h, 'POST', '/faults', { notify: kind })
    await pay()
    const log = await acknowledged()
    expect(verdicts).toEqual([verdict, 'ok'])
    expect(log[0]).toMatchObject({ status: 401, acknowledged: false, faults: [kind] })
    const first = receiver.requests[0]
    if (kind === 'signtest') expect(String(first.headers['wechatpay-signature'])).toMatch(/^WECHATPAY\/SIGNTEST\//)
    if (kind === 'skewTimestamp') {
      expect(Math.round(Number(first.headers['wechatpay-timestamp']) - first.at / 1000)).toBeLessThanOrEqual(-599)
    }
    if (kind === 'unknownSerial') {
      expect(first.headers['wechatpay-serial']).not.toBe(h.creds.platformPublicKey.id)
    }
    if (kind === 'tamperTag') {
      // The signature is valid over the tampered body: only the GCM tag check catches it.
      const withoutWindow = { ...first.headers, 'wechatpay-timestamp': first.headers['wechatpay-timestamp'] }
      expect(verifyWechatpay(h.creds, withoutWindow, first.raw)).toBe(true)
    }
  })
})
