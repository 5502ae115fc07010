import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  control,
  decryptResource,
  jsapiBody,
  login,
  outTradeNo,
  requestPayment,
  startEmulator,
  startReceiver,
  verifyWechatpay,
  waitFor,
  wxpay,
  type Harness,
  type Receiver,
} from './helpers'

let h: Harness
let receiver: Receiver
let openid: string

beforeAll(async () => {
  h = await startEmulator()
  receiver = await startReceiver(() => 204)
})
afterAll(async () => {
  await h.close()
  await receiver.close()
})
beforeEach(async () => {
  await control(h, 'POST', '/reset')
  receiver.requests.length = 0
  openid = (await login(h, 'alice')).openid
})

async function order(overrides: Record<string, unknown> = {}) {
  const body = jsapiBody(h, openid, receiver.url, overrides)
  const answer = await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)
  expect(answer.status).toBe(200)
  return { body, prepayId: answer.json.prepay_id as string }
}

const close = (no: string, body: unknown = { mchid: h.creds.mchid }) =>
  wxpay(h, 'POST', `/v3/pay/transactions/out-trade-no/${no}/close`, body)
const query = async (no: string) => (await wxpay(h, 'GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${h.creds.mchid}`)).json
const latePayment = (no: string, body: Record<string, unknown> = {}) => control(h, 'POST', `/wxpay/orders/${no}/late-payment`, body)
const transactionNotifies = () =>
  receiver.requests
    .map((r) => JSON.parse(r.raw))
    .filter((n) => n.event_type === 'TRANSACTION.SUCCESS')
    .map((n) => JSON.parse(decryptResource(h.creds.apiV3Key, n.resource)))

describe('POST /v3/pay/transactions/out-trade-no/{no}/close', () => {
  it('closes an unpaid trade (204, signed, empty); closing again is 204; re-placing it is ORDER_CLOSED', async () => {
    const { body } = await order()
    const closed = await close(body.out_trade_no)
    expect(closed.status).toBe(204)
    expect(closed.raw).toBe('')
    expect(verifyWechatpay(h.creds, closed.headers, '')).toBe(true)
    expect((await close(body.out_trade_no)).status).toBe(204)
    expect((await query(body.out_trade_no)).trade_state).toBe('CLOSED')
    for (const again of [body, { ...body, amount: { total: 2, currency: 'CNY' } }]) {
      const reorder = await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', again)
      expect(reorder.status).toBe(400)
      expect(reorder.json.code).toBe('ORDER_CLOSED')
    }
  })

  it.each([
    ['a paid trade', 'paid', 400, 'ORDERPAID'],
    ['an unknown trade', 'unknown', 404, 'ORDER_NOT_EXIST'],
    ['a body without mchid', 'noMchid', 400, 'PARAM_ERROR'],
    ['another mchid', 'otherMchid', 400, 'MCH_NOT_EXISTS'],
  ])('refuses to close %s', async (_name, kind, status, code) => {
    const { body, prepayId } = await order()
    if (kind === 'paid') await control(h, 'POST', '/wxpay/pay', requestPayment(h.creds, body.appid, prepayId))
    const no = kind === 'unknown' ? 'UNKNOWN0001' : body.out_trade_no
    const payload = kind === 'noMchid' ? {} : kind === 'otherMchid' ? { mchid: '1900000001' } : { mchid: h.creds.mchid }
    const answer = await close(no, payload)
    expect(answer.status).toBe(status)
    expect(answer.json.code).toBe(code)
    expect(verifyWechatpay(h.creds, answer.headers, answer.raw)).toBe(true)
  })

  it('closes at any age by default (the direct-merchant docs set no limit)', async () => {
    expect((await control(h, 'GET', '/wxpay/rules')).json).toEqual({ closeMinAgeSeconds: 0, refundMinIntervalSeconds: 60 })
    const { body } = await order()
    expect((await close(body.out_trade_no)).status).toBe(204)
  })

  it('with closeMinAgeSeconds: 300, answers 403 RULE_LIMIT to a close within 5 minutes of ordering', async () => {
    await control(h, 'PUT', '/wxpay/rules', { closeMinAgeSeconds: 300 })
    const { body } = await order()
    const early = await close(body.out_trade_no)
    expect(early.status).toBe(403)
    expect(early.json.code).toBe('RULE_LIMIT')
    expect(verifyWechatpay(h.creds, early.headers, early.raw)).toBe(true)
    expect((await query(body.out_trade_no)).trade_state).toBe('NOTPAY')
    await control(h, 'POST', '/clock/advance', { seconds: 299 })
    expect((await close(body.out_trade_no)).status).toBe(403)
    await control(h, 'POST', '/clock/advance', { seconds: 2 })
    expect((await close(body.out_trade_no)).status).toBe(204)
  })

  it('validates the rules control', async () => {
    expect((await control(h, 'PUT', '/wxpay/rules', { closeMinAgeSeconds: -1 })).status).toBe(400)
    expect((await control(h, 'PUT', '/wxpay/rules', { refundMinIntervalSeconds: 1.5 })).status).toBe(400)
    expect((await control(h, 'PUT', '/wxpay/rules', { refundMinIntervalSeconds: 0 })).json).toEqual({ closeMinAgeSeconds: 0, refundMinIntervalSeconds: 0 })
  })
})

describe('rules from the wxpayRules option', () => {
  it('starts with them and reset restores them', async () => {
    const strict = await startEmulator({ wxpayRules: { closeMinAgeSeconds: 300 } })
    try {
      expect((await control(strict, 'GET', '/wxpay/rules')).json).toEqual({ closeMinAgeSeconds: 300, refundMinIntervalSeconds: 60 })
      await control(strict, 'PUT', '/wxpay/rules', { closeMinAgeSeconds: 0 })
      await control(strict, 'POST', '/reset')
      expect((await control(strict, 'GET', '/wxpay/rules')).json.closeMinAgeSeconds).toBe(300)
    } finally {
      await strict.close()
    }
  })
})

describe('POST /__emulator/v1/wxpay/orders/{no}/late-payment (a payment landing on a closed or superseded trade)', () => {
  it('pays a trade the merchant closed: the close said 204, the trade ends SUCCESS with a TRANSACTION.SUCCESS notify', async () => {
    const { body, prepayId } = await order({ amount: { total: 2990, currency: 'CNY' } })
    expect((await close(body.out_trade_no)).status).toBe(204)
    // The phone can no longer pay it…
    expect((await control(h, 'POST', '/wxpay/pay', requestPayment(h.creds, body.appid, prepayId))).json.errMsg).toBe('requestPayment:fail 订单已关闭')
    // …but a payment confirmed before the close took effect lands anyway.
    const landed = await latePayment(body.out_trade_no)
    expect(landed.status).toBe(200)
    expect(landed.json).toMatchObject({ outTradeNo: body.out_trade_no, tradeState: 'SUCCESS', wasState: 'CLOSED' })
    expect(landed.json.transactionId).toMatch(/^4200\d{24}$/)
    const q = await query(body.out_trade_no)
    expect(q).toMatchObject({ trade_state: 'SUCCESS', transaction_id: landed.json.transactionId, payer: { openid }, amount: { total: 2990 } })
    const [notified] = await waitFor(() => transactionNotifies().length > 0 && transactionNotifies())
    expect(notified).toMatchObject({ out_trade_no: body.out_trade_no, trade_state: 'SUCCESS', transaction_id: landed.json.transactionId })
    // It is a real payment: it can be refunded, and it cannot land twice.
    const refund = await wxpay(h, 'POST', '/v3/refund/domestic/refunds', {
      out_trade_no: body.out_trade_no,
      out_refund_no: 'RL' + body.out_trade_no,
      amount: { refund: 2990, total: 2990, currency: 'CNY' },
    })
    expect(refund.status).toBe(200)
    expect((await latePayment(body.out_trade_no)).status).toBe(409)
  })

  it('pays a trade superseded by another channel: both trades end paid', async () => {
    const first = await order()
    const second = { ...jsapiBody(h, openid, receiver.url, { appid: h.creds.apps.website.appid, out_trade_no: outTradeNo('N') }), payer: undefined }
    const codeUrl = (await wxpay(h, 'POST', '/v3/pay/transactions/native', second)).json.code_url
    expect((await close(first.body.out_trade_no)).status).toBe(204)
    expect((await control(h, 'POST', '/wxpay/cashier', { url: codeUrl, user: 'alice' })).json.errMsg).toBe('requestPayment:ok')
    expect((await latePayment(first.body.out_trade_no)).json.wasState).toBe('CLOSED')
    expect((await query(first.body.out_trade_no)).trade_state).toBe('SUCCESS')
    expect((await query(second.out_trade_no)).trade_state).toBe('SUCCESS')
    await waitFor(() => transactionNotifies().length === 2)
  })

  it('pays a trade closed by its time_expire, and an unpaid one whose prepay expired', async () => {
    const expiring = await order({ time_expire: new Date(Date.now() + 8 * 3600_000 + 120_000).toISOString().slice(0, 19) + '+08:00' })
    await control(h, 'POST', '/clock/advance', { seconds: 7300 })
    expect((await query(expiring.body.out_trade_no)).trade_state).toBe('CLOSED')
    expect((await latePayment(expiring.body.out_trade_no)).json).toMatchObject({ tradeState: 'SUCCESS', wasState: 'CLOSED' })
    const stale = await order()
    await control(h, 'POST', '/clock/advance', { seconds: 7300 })
    expect((await latePayment(stale.body.out_trade_no)).json).toMatchObject({ tradeState: 'SUCCESS', wasState: 'NOTPAY' })
  })

  it('names the payer of an H5 or Native trade; refuses another payer for JSAPI, an unknown trade, a bad body', async () => {
    const native = { ...jsapiBody(h, openid, receiver.url, { appid: h.creds.apps.website.appid }), payer: undefined }
    await wxpay(h, 'POST', '/v3/pay/transactions/native', native)
    await latePayment(native.out_trade_no, { user: 'carol' })
    const carol = (await control(h, 'GET', '/users/carol')).json.openids.website
    expect((await query(native.out_trade_no)).payer.openid).toBe(carol)

    const { body } = await order()
    expect((await latePayment(body.out_trade_no, { user: 'mallory' })).status).toBe(409)
    expect((await latePayment('NOSUCHORDER1')).status).toBe(404)
    expect((await latePayment(body.out_trade_no, { user: '' })).status).toBe(400)
    expect((await query(body.out_trade_no)).trade_state).toBe('NOTPAY')
  })
})
