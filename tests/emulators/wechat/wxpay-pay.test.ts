import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, control, jsapiBody, login, outTradeNo, requestPayment, rsaSha256, startEmulator, wxpay, type Harness } from './helpers'

let h: Harness
let openid: string
const NOTIFY = 'https://shop.example/pay/notify'

beforeAll(async () => {
  h = await startEmulator()
  openid = (await login(h, 'alice')).openid
})
afterAll(() => h.close())

async function order(overrides: Record<string, unknown> = {}) {
  const body = jsapiBody(h, openid, NOTIFY, overrides)
  const answer = await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)
  expect(answer.status).toBe(200)
  return { body, prepayId: answer.json.prepay_id as string }
}

const query = (no: string) => wxpay(h, 'GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${h.creds.mchid}`)

describe('POST /__emulator/v1/wxpay/pay (requestPayment)', () => {
  it('pays with a good paySign: SUCCESS with transaction_id, success_time and payer', async () => {
    const { body, prepayId } = await order({ attach: 'a=1' })
    const paid = await control(h, 'POST', '/wxpay/pay', { ...requestPayment(h.creds, h.creds.apps.mp.appid, prepayId), user: 'alice' })
    expect(paid.status).toBe(200)
    expect(paid.json.errMsg).toBe('requestPayment:ok')
    const q = (await query(body.out_trade_no)).json
    expect(q).toMatchObject({
      trade_state: 'SUCCESS',
      trade_type: 'JSAPI',
      payer: { openid },
      amount: { total: 1, payer_total: 1, currency: 'CNY' },
      attach: 'a=1',
    })
    expect(q.transaction_id).toMatch(/^4200\d{24}$/)
    expect(q.success_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)

    const again = await control(h, 'POST', '/wxpay/pay', requestPayment(h.creds, h.creds.apps.mp.appid, prepayId))
    expect(again.status).toBe(400)
    expect(again.json.errMsg).toMatch(/^requestPayment:fail .*已支付/)
    expect((await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)).json.code).toBe('ORDERPAID')
  })

  it('fails a bad paySign as the phone does, leaving the order unpaid', async () => {
    const { body, prepayId } = await order()
    const params = requestPayment(h.creds, h.creds.apps.mp.appid, prepayId)
    const variants = [
      { ...params, paySign: rsaSha256(h.creds.platformPublicKey.privateKey, `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`) },
      { ...params, nonceStr: params.nonceStr + 'x' },
      { ...params, paySign: rsaSha256(h.creds.merchant.privateKey, `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}`) },
      { ...params, paySign: randomBytes(256).toString('base64') },
    ]
    for (const variant of variants) {
      const answer = await control(h, 'POST', '/wxpay/pay', variant)
      expect(answer.status).toBe(400)
      expect(answer.json.errMsg).toBe('requestPayment:fail 支付验证签名失败')
    }
    expect((await query(body.out_trade_no)).json.trade_state).toBe('NOTPAY')
  })

  it('fails another user, a wrong appId, an unknown prepay_id, and a missing field', async () => {
    const { prepayId } = await order()
    const params = requestPayment(h.creds, h.creds.apps.mp.appid, prepayId)
    expect((await control(h, 'POST', '/wxpay/pay', { ...params, user: 'mallory' })).json.errMsg).toMatch(/下单账号与支付账号不一致/)
    const otherApp = requestPayment(h.creds, h.creds.apps.officialAccount.appid, prepayId)
    expect((await control(h, 'POST', '/wxpay/pay', otherApp)).status).toBe(400)
    const unknown = requestPayment(h.creds, h.creds.apps.mp.appid, 'wx00000000000000000000')
    expect((await control(h, 'POST', '/wxpay/pay', unknown)).json.errMsg).toMatch(/prepay_id/)
    const { paySign: _omit, ...missing } = params
    expect((await control(h, 'POST', '/wxpay/pay', missing)).json.errMsg).toMatch(/paySign/)
  })

  it('fails to pay a closed order', async () => {
    const { body, prepayId } = await order()
    await wxpay(h, 'POST', `/v3/pay/transactions/out-trade-no/${body.out_trade_no}/close`, { mchid: h.creds.mchid })
    const answer = await control(h, 'POST', '/wxpay/pay', requestPayment(h.creds, h.creds.apps.mp.appid, prepayId))
    expect(answer.json.errMsg).toBe('requestPayment:fail 订单已关闭')
  })
})

describe('cashier pages', () => {
  it('pays an H5 order through the h5_url page and returns to redirect_url', async () => {
    const body = {
      ...jsapiBody(h, openid, NOTIFY, { appid: h.creds.apps.officialAccount.appid }),
      payer: undefined,
      scene_info: { payer_client_ip: '127.0.0.1', h5_info: { type: 'Wap' } },
    }
    const h5Url = (await wxpay(h, 'POST', '/v3/pay/transactions/h5', body)).json.h5_url as string
    const page = await call(h5Url + '&redirect_url=' + encodeURIComponent('https://shop.example/done?o=1'))
    expect(page.status).toBe(200)
    expect(page.raw).toContain('确认支付')
    expect(page.raw).toContain('¥0.01')
    const prepayId = new URL(h5Url).searchParams.get('prepay_id')!
    const paid = await call(`${h.url}/__emulator/cashier/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prepay_id: prepayId, user: 'bob', redirect_url: 'https://shop.example/done?o=1', decision: 'pay' }).toString(),
    })
    expect(paid.status).toBe(302)
    expect(paid.headers.get('location')).toBe('https://shop.example/done?o=1')
    const q = (await query(body.out_trade_no)).json
    expect(q.trade_state).toBe('SUCCESS')
    expect(q.trade_type).toBe('MWEB')
    expect(q.payer.openid).toBe((await control(h, 'GET', '/users/bob')).json.openids.officialAccount)
  })

  it('shows the Native "scan" page for a code_url and pays through the JSON control', async () => {
    const body = { ...jsapiBody(h, openid, NOTIFY, { appid: h.creds.apps.website.appid, out_trade_no: outTradeNo('N') }), payer: undefined }
    const codeUrl = (await wxpay(h, 'POST', '/v3/pay/transactions/native', body)).json.code_url as string
    const pr = new URL(codeUrl).searchParams.get('pr')!
    const page = await call(`${h.url}/__emulator/cashier/native?pr=${pr}`)
    expect(page.raw).toContain('确认支付')
    const paid = await control(h, 'POST', '/wxpay/cashier', { url: codeUrl, user: 'carol' })
    expect(paid.json.errMsg).toBe('requestPayment:ok')
    expect((await query(body.out_trade_no)).json).toMatchObject({ trade_state: 'SUCCESS', trade_type: 'NATIVE' })
    expect((await control(h, 'POST', '/wxpay/cashier', { url: codeUrl })).status).toBe(400)
  })
})
