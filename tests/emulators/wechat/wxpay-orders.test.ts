import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { control, jsapiBody, login, outTradeNo, startEmulator, verifyWechatpay, wxpay, type Harness } from './helpers'

let h: Harness
let openid: string
const NOTIFY = 'https://shop.example/pay/notify'

beforeAll(async () => {
  h = await startEmulator()
  openid = (await login(h, 'alice')).openid
})
afterAll(() => h.close())

function beijing(msFromNow: number): string {
  return new Date(Date.now() + msFromNow + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00'
}

const jsapi = (body: unknown) => wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)
const query = (no: string) => wxpay(h, 'GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${h.creds.mchid}`)

describe('order field rules', () => {
  const cases: [string, Record<string, unknown>, string, string?][] = [
    ['description of 128 characters', { description: '商'.repeat(128) }, 'PARAM_ERROR', '/description'],
    ['missing description', { description: undefined }, 'PARAM_ERROR', '/description'],
    ['out_trade_no of 5 characters', { out_trade_no: 'A1234' }, 'PARAM_ERROR', '/out_trade_no'],
    ['out_trade_no of 33 characters', { out_trade_no: 'A'.repeat(33) }, 'PARAM_ERROR', '/out_trade_no'],
    ['out_trade_no with a dot', { out_trade_no: 'ORDER.0001' }, 'PARAM_ERROR', '/out_trade_no'],
    ['amount in yuan (float)', { amount: { total: 0.01, currency: 'CNY' } }, 'PARAM_ERROR', '/amount/total'],
    ['amount as a string', { amount: { total: '1', currency: 'CNY' } }, 'PARAM_ERROR', '/amount/total'],
    ['zero amount', { amount: { total: 0 } }, 'PARAM_ERROR', '/amount/total'],
    ['another currency', { amount: { total: 1, currency: 'USD' } }, 'PARAM_ERROR', '/amount/currency'],
    ['http notify_url off loopback', { notify_url: 'http://shop.example/pay/notify' }, 'PARAM_ERROR', '/notify_url'],
    ['notify_url with a query', { notify_url: 'https://shop.example/pay/notify?x=1' }, 'PARAM_ERROR', '/notify_url'],
    ['notify_url of 256 characters', { notify_url: 'https://shop.example/' + 'n'.repeat(235) }, 'PARAM_ERROR', '/notify_url'],
    ['relative notify_url', { notify_url: '/pay/notify' }, 'PARAM_ERROR', '/notify_url'],
    ['time_expire not RFC 3339', { time_expire: '2030-01-01 00:00:00' }, 'PARAM_ERROR', '/time_expire'],
    ['time_expire under a minute ahead', { time_expire: beijing(30_000) }, 'PARAM_ERROR', '/time_expire'],
    ['attach of 129 characters', { attach: 'a'.repeat(129) }, 'PARAM_ERROR', '/attach'],
    ['missing payer', { payer: undefined }, 'PARAM_ERROR', '/payer'],
    ['an appid not bound to the merchant', { appid: 'wx00000000000000ff' }, 'APPID_MCHID_NOT_MATCH'],
    ['another mchid', { mchid: '1900000001' }, 'MCH_NOT_EXISTS'],
    ['an openid of another app', { payer: { openid: 'oNotAnOpenidOfThisApp0000000' } }, 'OPENID_MISMATCH'],
  ]
  it.each(cases)('refuses %s', async (_name, overrides, code, field) => {
    const answer = await jsapi(jsapiBody(h, openid, NOTIFY, overrides))
    expect(answer.json.code).toBe(code)
    expect(answer.status).toBe(400)
    if (field) expect(answer.json.detail.field).toBe(field)
    expect(verifyWechatpay(h.creds, answer.headers, answer.raw)).toBe(true)
  })

  it.each([
    ['description of 127 characters', { description: '商'.repeat(127) }],
    ['out_trade_no with every allowed symbol', { out_trade_no: 'aZ09_-|*' }],
    ['http notify_url on 127.0.0.1 (emulator deviation)', { notify_url: 'http://127.0.0.1:8080/pay/notify' }],
    ['http notify_url on localhost (emulator deviation)', { notify_url: 'http://localhost/pay/notify' }],
    ['time_expire two minutes ahead', { time_expire: beijing(120_000) }],
    ['amount without currency', { amount: { total: 1 } }],
  ])('accepts %s', async (_name, overrides) => {
    const answer = await jsapi(jsapiBody(h, openid, NOTIFY, overrides))
    expect(answer.status).toBe(200)
  })

  it('refuses a body that is not JSON', async () => {
    const answer = await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', undefined, { rawBody: '{"appid":' })
    expect(answer.status).toBe(400)
    expect(answer.json.code).toBe('PARAM_ERROR')
  })
})

describe('OUT_TRADE_NO_USED and re-ordering', () => {
  it('answers the same prepay_id to an identical re-order, OUT_TRADE_NO_USED to a different one', async () => {
    const body = jsapiBody(h, openid, NOTIFY)
    const first = await jsapi(body)
    const again = await jsapi({ ...body })
    expect(again.status).toBe(200)
    expect(again.json.prepay_id).toBe(first.json.prepay_id)
    const changed = await jsapi({ ...body, amount: { total: 2, currency: 'CNY' } })
    expect(changed.status).toBe(403)
    expect(changed.json.code).toBe('OUT_TRADE_NO_USED')
    const otherType = await wxpay(h, 'POST', '/v3/pay/transactions/native', { ...body, payer: undefined })
    expect(otherType.json.code).toBe('OUT_TRADE_NO_USED')
  })
})

describe('query, close and expiry', () => {
  it('queries a NOTPAY order', async () => {
    const body = jsapiBody(h, openid, NOTIFY, { attach: 'cart=7' })
    await jsapi(body)
    const answer = await query(body.out_trade_no)
    expect(answer.status).toBe(200)
    expect(answer.json).toMatchObject({
      appid: h.creds.apps.mp.appid,
      mchid: h.creds.mchid,
      out_trade_no: body.out_trade_no,
      trade_state: 'NOTPAY',
      attach: 'cart=7',
      amount: { total: 1, currency: 'CNY' },
    })
    expect(answer.json).not.toHaveProperty('transaction_id')
    expect(verifyWechatpay(h.creds, answer.headers, answer.raw)).toBe(true)
    const noMchid = await wxpay(h, 'GET', `/v3/pay/transactions/out-trade-no/${body.out_trade_no}`)
    expect(noMchid.json.code).toBe('PARAM_ERROR')
  })

  it('closes an order with 204 (signed, empty body); the order is CLOSED and cannot be re-ordered', async () => {
    const body = jsapiBody(h, openid, NOTIFY)
    await jsapi(body)
    const closed = await wxpay(h, 'POST', `/v3/pay/transactions/out-trade-no/${body.out_trade_no}/close`, { mchid: h.creds.mchid })
    expect(closed.status).toBe(204)
    expect(closed.raw).toBe('')
    expect(verifyWechatpay(h.creds, closed.headers, '')).toBe(true)
    expect((await query(body.out_trade_no)).json.trade_state).toBe('CLOSED')
    expect((await jsapi(body)).json.code).toBe('ORDER_CLOSED')
    const unknown = await wxpay(h, 'POST', '/v3/pay/transactions/out-trade-no/UNKNOWN0001/close', { mchid: h.creds.mchid })
    expect(unknown.status).toBe(404)
  })

  it('closes an unpaid order at time_expire on the emulator clock', async () => {
    const body = jsapiBody(h, openid, NOTIFY, { time_expire: beijing(120_000) })
    await jsapi(body)
    await control(h, 'POST', '/clock/advance', { seconds: 60 })
    expect((await query(body.out_trade_no)).json.trade_state).toBe('NOTPAY')
    await control(h, 'POST', '/clock/advance', { seconds: 61 })
    expect((await query(body.out_trade_no)).json.trade_state).toBe('CLOSED')
  })
})

describe('H5 and Native', () => {
  it('answers h5_url pointing at the emulator cashier', async () => {
    const body = {
      ...jsapiBody(h, openid, NOTIFY, { appid: h.creds.apps.officialAccount.appid }),
      payer: undefined,
      scene_info: { payer_client_ip: '127.0.0.1', h5_info: { type: 'Wap' } },
    }
    const answer = await wxpay(h, 'POST', '/v3/pay/transactions/h5', body)
    expect(answer.status).toBe(200)
    expect(answer.json.h5_url).toMatch(new RegExp(`^${h.url}/__emulator/cashier/h5\\?prepay_id=wx\\w+&package=\\d+$`))
    const noScene = await wxpay(h, 'POST', '/v3/pay/transactions/h5', { ...body, out_trade_no: outTradeNo(), scene_info: undefined })
    expect(noScene.json.detail.field).toBe('/scene_info')
  })

  it('answers a code_url of production shape', async () => {
    const body = { ...jsapiBody(h, openid, NOTIFY, { appid: h.creds.apps.website.appid }), payer: undefined }
    const answer = await wxpay(h, 'POST', '/v3/pay/transactions/native', body)
    expect(answer.status).toBe(200)
    expect(answer.json.code_url).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=[A-Za-z0-9]{7}$/)
  })
})
