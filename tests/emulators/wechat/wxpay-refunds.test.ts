import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

let h: Harness
let receiver: Receiver
let openid: string

beforeAll(async () => {
  h = await startEmulator({ timeFactor: 0.01 })
  receiver = await startReceiver(() => 204)
  openid = (await login(h, 'alice')).openid
})
afterAll(async () => {
  await h.close()
  await receiver.close()
})

async function paidOrder(total = 1000) {
  const body = jsapiBody(h, openid, receiver.url, { amount: { total, currency: 'CNY' } })
  const prepayId = (await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)).json.prepay_id
  await control(h, 'POST', '/wxpay/pay', requestPayment(h.creds, body.appid, prepayId))
  return body.out_trade_no
}

function refund(outTradeNo: string, outRefundNo: string, amount: number, total = 1000, extra: Record<string, unknown> = {}) {
  return wxpay(h, 'POST', '/v3/refund/domestic/refunds', {
    out_trade_no: outTradeNo,
    out_refund_no: outRefundNo,
    reason: 'test',
    notify_url: receiver.url.replace('/pay/notify', '/pay/refundNotify'),
    amount: { refund: amount, total, currency: 'CNY' },
    ...extra,
  })
}

const refundNotifies = () => receiver.requests.filter((r) => r.headers['wechatpay-serial'] && JSON.parse(r.raw).event_type?.startsWith('REFUND.'))

describe('POST /v3/refund/domestic/refunds', () => {
  it('answers PROCESSING, settles to SUCCESS and sends a verifiable REFUND.SUCCESS notify', async () => {
    const outTradeNo = await paidOrder()
    const answer = await refund(outTradeNo, 'R' + outTradeNo, 300)
    expect(answer.status).toBe(200)
    expect(verifyWechatpay(h.creds, answer.headers, answer.raw)).toBe(true)
    expect(answer.json).toMatchObject({
      out_refund_no: 'R' + outTradeNo,
      out_trade_no: outTradeNo,
      status: 'PROCESSING',
      amount: { refund: 300, total: 1000, payer_refund: 300, currency: 'CNY' },
    })
    expect(answer.json.refund_id).toMatch(/^\d{29}$/)
    const order = (await wxpay(h, 'GET', `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${h.creds.mchid}`)).json
    expect(order.trade_state).toBe('REFUND')

    const notify = await waitFor(() => refundNotifies().find((r) => JSON.parse(r.raw).event_type === 'REFUND.SUCCESS'))
    expect(notify.path).toBe('/pay/refundNotify')
    expect(verifyWechatpay(h.creds, notify.headers, notify.raw)).toBe(true)
    const body = JSON.parse(notify.raw)
    expect(body).toMatchObject({ summary: '退款成功', resource: { original_type: 'refund', associated_data: 'refund' } })
    const resource = JSON.parse(decryptResource(h.creds.apiV3Key, body.resource))
    expect(resource).toMatchObject({
      mchid: h.creds.mchid,
      out_trade_no: outTradeNo,
      transaction_id: order.transaction_id,
      out_refund_no: 'R' + outTradeNo,
      refund_id: answer.json.refund_id,
      refund_status: 'SUCCESS',
      amount: { total: 1000, refund: 300, payer_total: 1000, payer_refund: 300 },
    })
    const queried = await wxpay(h, 'GET', `/v3/refund/domestic/refunds/R${outTradeNo}`)
    expect(queried.json).toMatchObject({ status: 'SUCCESS' })
    expect(queried.json.success_time).toMatch(/\+08:00$/)
  })

  it('is idempotent per out_refund_no and refuses a different body with the same one', async () => {
    const outTradeNo = await paidOrder()
    const first = await refund(outTradeNo, 'RI' + outTradeNo, 100)
    const again = await refund(outTradeNo, 'RI' + outTradeNo, 100)
    expect(again.json.refund_id).toBe(first.json.refund_id)
    const changed = await refund(outTradeNo, 'RI' + outTradeNo, 200)
    expect(changed.status).toBe(400)
    expect(changed.json.code).toBe('INVALID_REQUEST')
  })

  it('refuses more than the refundable amount, a wrong total, an unpaid or unknown order', async () => {
    const outTradeNo = await paidOrder()
    expect((await refund(outTradeNo, 'RA' + outTradeNo, 600)).status).toBe(200)
    const over = await refund(outTradeNo, 'RB' + outTradeNo, 500)
    expect(over.json.code).toBe('INVALID_REQUEST')
    const wrongTotal = await refund(outTradeNo, 'RC' + outTradeNo, 100, 999)
    expect(wrongTotal.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: '/amount/total' } })
    const float = await refund(outTradeNo, 'RD' + outTradeNo, 0.5)
    expect(float.json.detail.field).toBe('/amount/refund')
    const unknown = await refund('NOSUCHORDER1', 'RE1', 100)
    expect(unknown.status).toBe(404)

    const unpaid = jsapiBody(h, openid, receiver.url, { amount: { total: 1000, currency: 'CNY' } })
    await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', unpaid)
    expect((await refund(unpaid.out_trade_no, 'RF' + unpaid.out_trade_no, 100)).json.code).toBe('INVALID_REQUEST')
    expect((await wxpay(h, 'GET', '/v3/refund/domestic/refunds/NOPE')).status).toBe(404)
  })

  it('settles ABNORMAL when a refund fault is armed, with a REFUND.ABNORMAL notify', async () => {
    await control(h, 'POST', '/faults', { refund: 'ABNORMAL' })
    const outTradeNo = await paidOrder()
    await refund(outTradeNo, 'RX' + outTradeNo, 1000)
    const notify = await waitFor(() => refundNotifies().find((r) => JSON.parse(r.raw).event_type === 'REFUND.ABNORMAL'))
    const resource = JSON.parse(decryptResource(h.creds.apiV3Key, JSON.parse(notify.raw).resource))
    expect(resource).toMatchObject({ out_refund_no: 'RX' + outTradeNo, refund_status: 'ABNORMAL' })
    expect((await wxpay(h, 'GET', `/v3/refund/domestic/refunds/RX${outTradeNo}`)).json.status).toBe('ABNORMAL')
  })
})
