import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authorization, call, login, nowSeconds, startEmulator, verifyWechatpay, wxpay, type Harness } from './helpers'

let h: Harness
let openid: string

beforeAll(async () => {
  h = await startEmulator()
  openid = (await login(h, 'alice')).openid
})
afterAll(() => h.close())

const NOTIFY = 'https://shop.example/pay/notify'

function order() {
  return {
    appid: h.creds.apps.mp.appid,
    mchid: h.creds.mchid,
    description: 'Signature test',
    out_trade_no: `SIG${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    notify_url: NOTIFY,
    amount: { total: 100, currency: 'CNY' },
    payer: { openid },
  }
}

describe('APIv3 Authorization verification', () => {
  it('accepts a correctly signed request and signs its response', async () => {
    const answer = await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', order())
    expect(answer.status).toBe(200)
    expect(answer.json.prepay_id).toMatch(/^wx\d{14}[0-9a-f]+$/)
    expect(answer.headers.get('wechatpay-serial')).toBe(h.creds.platformPublicKey.id)
    expect(answer.headers.get('wechatpay-signature-type')).toBe('WECHATPAY2-SHA256-RSA2048')
    expect(answer.headers.get('request-id')).toBeTruthy()
    expect(verifyWechatpay(h.creds, answer.headers, answer.raw)).toBe(true)
  })

  it('refuses a body that differs from the signed one (401 SIGN_ERROR), and signs the refusal', async () => {
    const body = JSON.stringify(order())
    const answer = await call(h.url + '/v3/pay/transactions/jsapi', {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        Authorization: authorization(h.creds, 'POST', '/v3/pay/transactions/jsapi', body),
      },
      body: body.replace('"total":100', '"total":1'),
    })
    expect(answer.status).toBe(401)
    expect(answer.json.code).toBe('SIGN_ERROR')
    expect(answer.json.detail.sign_information.method).toBe('POST')
    expect(verifyWechatpay(h.creds, answer.headers, answer.raw)).toBe(true)
  })

  it('signs the path with its query exactly as sent', async () => {
    const path = `/v3/pay/transactions/out-trade-no/NOPE000001?mchid=${h.creds.mchid}`
    const good = await wxpay(h, 'GET', path)
    expect(good.status).toBe(404)
    expect(good.json.code).toBe('ORDER_NOT_EXIST')
    const withoutQuery = await call(h.url + path, {
      headers: { Accept: 'application/json', Authorization: authorization(h.creds, 'GET', '/v3/pay/transactions/out-trade-no/NOPE000001', '') },
    })
    expect(withoutQuery.status).toBe(401)
  })

  it('enforces the 300-second window on the timestamp', async () => {
    const now = Number(nowSeconds())
    expect((await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', order(), { timestamp: String(now - 290) })).status).toBe(200)
    expect((await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', order(), { timestamp: String(now - 310) })).json.code).toBe('SIGN_ERROR')
    expect((await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', order(), { timestamp: String(now + 310) })).status).toBe(401)
  })

  it('refuses an unknown merchant serial, an unknown mchid and a malformed header', async () => {
    const serial = await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', order(), { serial: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' })
    expect(serial.status).toBe(401)
    expect(serial.json.code).toBe('SIGN_ERROR')
    const mchid = await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', order(), { mchid: '1900000001' })
    expect(mchid.status).toBe(400)
    expect(mchid.json.code).toBe('MCH_NOT_EXISTS')
    const malformed = await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', order(), { headers: { Authorization: 'Bearer x' } })
    expect(malformed.status).toBe(401)
    const missing = await call(h.url + '/v3/certificates', { headers: { Accept: 'application/json' } })
    expect(missing.status).toBe(401)
  })

  it('refuses a signature made with another key (the platform key instead of the merchant key)', async () => {
    const body = JSON.stringify(order())
    const timestamp = nowSeconds()
    const nonce = 'N0NCE0000000000000000000000000AB'
    const message = `POST\n/v3/pay/transactions/jsapi\n${timestamp}\n${nonce}\n${body}\n`
    const { createSign } = await import('node:crypto')
    const signature = createSign('RSA-SHA256').update(message).sign(h.creds.platformPublicKey.privateKey, 'base64')
    const answer = await call(h.url + '/v3/pay/transactions/jsapi', {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        Authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${h.creds.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${h.creds.merchant.serialNo}"`,
      },
      body,
    })
    expect(answer.status).toBe(401)
  })

  it('wants an Accept header', async () => {
    const answer = await wxpay(h, 'GET', '/v3/certificates', undefined, { headers: { Accept: '' } })
    expect(answer.status).toBe(400)
    expect(answer.json.code).toBe('PARAM_ERROR')
  })
})
