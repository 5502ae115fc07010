import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  authorization,
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

// timeFactor 1: a refund settles 1 s after it is accepted unless the test flushes it,
// so "before settlement" is observable without racing a timer.
let h: Harness
let receiver: Receiver
let openid: string
let seq = 0

beforeAll(async () => {
  h = await startEmulator({ timeFactor: 1 })
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

const REFUND_NOTIFY = () => receiver.url.replace('/pay/notify', '/pay/refundNotify')

async function paidOrder(total = 1000): Promise<string> {
  const body = jsapiBody(h, openid, receiver.url, { amount: { total, currency: 'CNY' } })
  const prepayId = (await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)).json.prepay_id
  expect((await control(h, 'POST', '/wxpay/pay', requestPayment(h.creds, body.appid, prepayId))).json.errMsg).toBe('requestPayment:ok')
  return body.out_trade_no
}

function refundBody(outTradeNo: string, outRefundNo: string, refund: number, total = 1000): Record<string, unknown> {
  return { out_trade_no: outTradeNo, out_refund_no: outRefundNo, reason: '部分退款', notify_url: REFUND_NOTIFY(), amount: { refund, total, currency: 'CNY' } }
}

function refund(outTradeNo: string, outRefundNo: string, amount: number, total = 1000) {
  return wxpay(h, 'POST', '/v3/refund/domestic/refunds', refundBody(outTradeNo, outRefundNo, amount, total))
}

const newRefundNo = () => `R${Date.now()}_${++seq}`
const queryRefund = (no: string) => wxpay(h, 'GET', `/v3/refund/domestic/refunds/${no}`)
const tradeState = async (no: string) =>
  (await wxpay(h, 'GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${h.creds.mchid}`)).json.trade_state as string
const advance = (seconds: number) => control(h, 'POST', '/clock/advance', { seconds })
/** Settle pending refunds now and deliver the notifies they send. */
async function settle(): Promise<void> {
  await control(h, 'POST', '/wxpay/notifies/flush')
  await control(h, 'POST', '/wxpay/notifies/flush')
}

interface RefundNotify {
  eventType: string
  resource: Record<string, unknown> & { out_refund_no: string; refund_status: string }
}
function refundNotifies(): RefundNotify[] {
  return receiver.requests
    .map((r) => JSON.parse(r.raw))
    .filter((body) => String(body.event_type).startsWith('REFUND.'))
    .map((body) => ({ eventType: body.event_type, resource: JSON.parse(decryptResource(h.creds.apiV3Key, body.resource)) }))
}

describe('partial refunds', () => {
  it('refunds an order in parts, each with its own out_refund_no, query and notify, up to the paid total', async () => {
    const no = await paidOrder(1000)
    const first = await refund(no, 'RP1' + no, 300)
    expect(first.status).toBe(200)
    expect(verifyWechatpay(h.creds, first.headers, first.raw)).toBe(true)
    expect(first.json).toMatchObject({ out_refund_no: 'RP1' + no, status: 'PROCESSING', amount: { refund: 300, total: 1000 } })
    // The trade turns REFUND only once a refund succeeded.
    expect(await tradeState(no)).toBe('SUCCESS')
    await settle()
    expect(await tradeState(no)).toBe('REFUND')

    await advance(61)
    const second = await refund(no, 'RP2' + no, 700)
    expect(second.status).toBe(200)
    expect(second.json.refund_id).not.toBe(first.json.refund_id)
    await settle()

    for (const [outRefundNo, amount] of [['RP1' + no, 300], ['RP2' + no, 700]] as const) {
      const queried = await queryRefund(outRefundNo)
      expect(queried.json).toMatchObject({ out_refund_no: outRefundNo, out_trade_no: no, status: 'SUCCESS', amount: { refund: amount, total: 1000 } })
      expect(queried.json.success_time).toMatch(/\+08:00$/)
    }
    const notifies = await waitFor(() => refundNotifies().length >= 2 && refundNotifies())
    expect(notifies.map((n) => [n.eventType, n.resource.out_refund_no, n.resource.refund_status]).sort()).toEqual([
      ['REFUND.SUCCESS', 'RP1' + no, 'SUCCESS'],
      ['REFUND.SUCCESS', 'RP2' + no, 'SUCCESS'],
    ])
    expect(receiver.requests.filter((r) => JSON.parse(r.raw).event_type?.startsWith('REFUND.')).every((r) => r.path === '/pay/refundNotify')).toBe(true)

    await advance(61)
    const more = await refund(no, 'RP3' + no, 1)
    expect(more.status).toBe(400)
    expect(more.json.code).toBe('INVALID_REQUEST')
    expect(verifyWechatpay(h.creds, more.headers, more.raw)).toBe(true)
  })

  it('refuses a refund over what is left, and takes what fits', async () => {
    const no = await paidOrder(1000)
    expect((await refund(no, 'RA' + no, 600)).status).toBe(200)
    await advance(61)
    const over = await refund(no, 'RB' + no, 401)
    expect(over.status).toBe(400)
    expect(over.json.code).toBe('INVALID_REQUEST')
    // The refused request does not start the one-minute spacing.
    expect((await refund(no, 'RC' + no, 400)).status).toBe(200)
  })

  it('answers FREQUENCY_LIMITED (429) to a new refund of the same order within a minute, but a retry of the same out_refund_no is answered', async () => {
    const no = await paidOrder(1000)
    const first = await refund(no, 'RF1' + no, 100)
    const tooSoon = await refund(no, 'RF2' + no, 100)
    expect(tooSoon.status).toBe(429)
    expect(tooSoon.json.code).toBe('FREQUENCY_LIMITED')
    expect(verifyWechatpay(h.creds, tooSoon.headers, tooSoon.raw)).toBe(true)
    const retry = await refund(no, 'RF1' + no, 100)
    expect(retry.status).toBe(200)
    expect(retry.json.refund_id).toBe(first.json.refund_id)
    await advance(59)
    expect((await refund(no, 'RF2' + no, 100)).status).toBe(429)
    await advance(2)
    expect((await refund(no, 'RF2' + no, 100)).status).toBe(200)
    expect((await queryRefund('RF2' + no)).status).toBe(200)
  })

  it('answers the same refund to a retry with the same body, INVALID_REQUEST to a different body or another order', async () => {
    const no = await paidOrder(1000)
    const other = await paidOrder(1000)
    const first = await refund(no, 'RI' + no, 100)
    await settle()
    const again = await refund(no, 'RI' + no, 100)
    expect(again.json).toMatchObject({ refund_id: first.json.refund_id, status: 'SUCCESS' })
    for (const changed of [refundBody(no, 'RI' + no, 200), { ...refundBody(no, 'RI' + no, 100), reason: '改了原因' }, refundBody(other, 'RI' + no, 100)]) {
      const answer = await wxpay(h, 'POST', '/v3/refund/domestic/refunds', changed)
      expect(answer.status).toBe(400)
      expect(answer.json.code).toBe('INVALID_REQUEST')
    }
    expect((await control(h, 'GET', '/wxpay/refunds')).json).toHaveLength(1)
  })

  it('accepts 50 refunds of an order and refuses the 51st', async () => {
    await control(h, 'PUT', '/wxpay/rules', { refundMinIntervalSeconds: 0 })
    const no = await paidOrder(100)
    for (let i = 1; i <= 50; i++) expect((await refund(no, `R50_${i}_${no}`, 1, 100)).status).toBe(200)
    const fiftyFirst = await refund(no, `R50_51_${no}`, 1, 100)
    expect(fiftyFirst.status).toBe(400)
    expect(fiftyFirst.json).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('50') })
  })

  it.each([
    ['an unknown order', (_no: string) => refundBody('NOSUCHORDER1', newRefundNo(), 100), 404, 'RESOURCE_NOT_EXISTS', undefined],
    ['a wrong order total', (no: string) => refundBody(no, newRefundNo(), 100, 999), 400, 'PARAM_ERROR', '/amount/total'],
    ['a refund in yuan', (no: string) => refundBody(no, newRefundNo(), 0.5), 400, 'PARAM_ERROR', '/amount/refund'],
    ['a refund above the total', (no: string) => refundBody(no, newRefundNo(), 1001), 400, 'PARAM_ERROR', '/amount/refund'],
    ['no out_refund_no', (no: string) => ({ ...refundBody(no, 'x', 100), out_refund_no: undefined }), 400, 'PARAM_ERROR', '/out_refund_no'],
    ['no currency', (no: string) => ({ ...refundBody(no, newRefundNo(), 100), amount: { refund: 100, total: 1000 } }), 400, 'PARAM_ERROR', '/amount/currency'],
    ['a notify_url with a query', (no: string) => ({ ...refundBody(no, newRefundNo(), 100), notify_url: 'https://shop.example/n?x=1' }), 400, 'PARAM_ERROR', '/notify_url'],
    ['a notify_url of 257 characters', (no: string) => ({ ...refundBody(no, newRefundNo(), 100), notify_url: 'https://shop.example/' + 'n'.repeat(236) }), 400, 'PARAM_ERROR', '/notify_url'],
  ])('refuses %s', async (_name, body, status, code, field) => {
    const no = await paidOrder(1000)
    const answer = await wxpay(h, 'POST', '/v3/refund/domestic/refunds', body(no))
    expect(answer.status).toBe(status)
    expect(answer.json.code).toBe(code)
    if (field) expect(answer.json.detail.field).toBe(field)
  })

  it('accepts a notify_url of 256 characters (the refund limit)', async () => {
    const no = await paidOrder(1000)
    const answer = await wxpay(h, 'POST', '/v3/refund/domestic/refunds', { ...refundBody(no, newRefundNo(), 100), notify_url: 'https://shop.example/' + 'n'.repeat(235) })
    expect(answer.status).toBe(200)
  })

  it('answers RESOURCE_NOT_EXISTS (404) for an unpaid order and an unknown out_refund_no', async () => {
    const unpaid = jsapiBody(h, openid, receiver.url, { amount: { total: 1000, currency: 'CNY' } })
    await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', unpaid)
    const answer = await refund(unpaid.out_trade_no, newRefundNo(), 100)
    expect(answer.status).toBe(404)
    expect(answer.json.code).toBe('RESOURCE_NOT_EXISTS')
    expect((await queryRefund('NOPE')).json.code).toBe('RESOURCE_NOT_EXISTS')
  })

  it('refunds by transaction_id too', async () => {
    const no = await paidOrder(1000)
    const transactionId = (await wxpay(h, 'GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${h.creds.mchid}`)).json.transaction_id
    const { out_trade_no: _omit, ...body } = refundBody(no, 'RT' + no, 100)
    const answer = await wxpay(h, 'POST', '/v3/refund/domestic/refunds', { ...body, transaction_id: transactionId })
    expect(answer.json).toMatchObject({ out_trade_no: no, transaction_id: transactionId, status: 'PROCESSING' })
  })
})

describe('refund failures and retries', () => {
  it('SYSTEM_ERROR before the refund is taken: nothing happened, the retry with the same out_refund_no refunds once', async () => {
    const no = await paidOrder(1000)
    await control(h, 'POST', '/faults', { endpoint: 'POST /v3/refund/domestic/refunds', wxpay: 'SYSTEM_ERROR' })
    const failed = await refund(no, 'RS' + no, 500)
    expect(failed.status).toBe(500)
    expect(failed.json.code).toBe('SYSTEM_ERROR')
    expect((await queryRefund('RS' + no)).status).toBe(404)
    const retried = await refund(no, 'RS' + no, 500)
    expect(retried.status).toBe(200)
    await settle()
    expect((await queryRefund('RS' + no)).json.status).toBe('SUCCESS')
  })

  it('SYSTEM_ERROR after the refund was taken (applied): the query shows it, the retry answers it, nothing is refunded twice', async () => {
    const no = await paidOrder(1000)
    await control(h, 'POST', '/faults', { endpoint: 'POST /v3/refund/domestic/refunds', wxpay: 'SYSTEM_ERROR', applied: true })
    const failed = await refund(no, 'RU' + no, 1000)
    expect(failed.status).toBe(500)
    const queried = await queryRefund('RU' + no)
    expect(queried.json).toMatchObject({ status: 'PROCESSING', amount: { refund: 1000 } })
    const retried = await refund(no, 'RU' + no, 1000)
    expect(retried.json.refund_id).toBe(queried.json.refund_id)
    await settle()
    expect((await control(h, 'GET', '/wxpay/refunds')).json).toHaveLength(1)
    const log = (await control(h, 'GET', '/log')).json.filter((e: { endpoint?: string }) => e.endpoint === 'POST /v3/refund/domestic/refunds')
    expect(log.map((e: { status: number; fault?: string }) => [e.status, e.fault])).toEqual([[500, 'SYSTEM_ERROR (applied)'], [200, undefined]])
  })

  it('a client timeout during a slow answer: the refund was taken; the retry answers the same refund', async () => {
    const no = await paidOrder(1000)
    await control(h, 'POST', '/faults', { endpoint: 'POST /v3/refund/domestic/refunds', hangMs: 300 })
    const raw = JSON.stringify(refundBody(no, 'RH' + no, 200))
    await expect(
      fetch(h.url + '/v3/refund/domestic/refunds', {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          Authorization: authorization(h.creds, 'POST', '/v3/refund/domestic/refunds', raw),
        },
        body: raw,
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow()
    const taken = await waitFor(async () => {
      const q = await queryRefund('RH' + no)
      return q.status === 200 && q.json
    })
    expect((await refund(no, 'RH' + no, 200)).json.refund_id).toBe(taken.refund_id)
  })

  it('settles one refund CLOSED (targeted by out_refund_no) with REFUND.CLOSED; its amount can be refunded again', async () => {
    const no = await paidOrder(1000)
    await control(h, 'POST', '/faults', { refund: 'CLOSED', outRefundNo: 'RX2' + no })
    await refund(no, 'RX1' + no, 400)
    await advance(61)
    await refund(no, 'RX2' + no, 600)
    await settle()
    expect((await queryRefund('RX1' + no)).json.status).toBe('SUCCESS')
    expect((await queryRefund('RX2' + no)).json.status).toBe('CLOSED')
    const closed = await waitFor(() => refundNotifies().find((n) => n.eventType === 'REFUND.CLOSED'))
    expect(closed.resource).toMatchObject({ out_refund_no: 'RX2' + no, refund_status: 'CLOSED' })
    await advance(61)
    expect((await refund(no, 'RX3' + no, 600)).status).toBe(200)
  })

  it('a refund that settles CLOSED leaves the trade SUCCESS', async () => {
    const no = await paidOrder(1000)
    await control(h, 'POST', '/faults', { refund: 'CLOSED' })
    await refund(no, 'RY' + no, 1000)
    await settle()
    expect(await tradeState(no)).toBe('SUCCESS')
  })

  it('settles ABNORMAL with REFUND.ABNORMAL; the amount stays taken', async () => {
    const no = await paidOrder(1000)
    await control(h, 'POST', '/faults', { refund: 'ABNORMAL' })
    await refund(no, 'RZ' + no, 1000)
    await settle()
    expect((await queryRefund('RZ' + no)).json.status).toBe('ABNORMAL')
    const abnormal = await waitFor(() => refundNotifies().find((n) => n.eventType === 'REFUND.ABNORMAL'))
    expect(abnormal.resource).toMatchObject({ out_refund_no: 'RZ' + no, refund_status: 'ABNORMAL' })
    await advance(61)
    expect((await refund(no, 'RZ2' + no, 1)).json.code).toBe('INVALID_REQUEST')
  })

  it.each([
    ['NOT_ENOUGH', 403],
    ['USER_ACCOUNT_ABNORMAL', 403],
    ['FREQUENCY_LIMITED', 429],
  ])('answers an armed %s with HTTP %i and takes nothing', async (code, status) => {
    const no = await paidOrder(1000)
    await control(h, 'POST', '/faults', { endpoint: 'POST /v3/refund/domestic/refunds', wxpay: code })
    const answer = await refund(no, 'RN' + no, 100)
    expect(answer.status).toBe(status)
    expect(answer.json.code).toBe(code)
    expect((await queryRefund('RN' + no)).status).toBe(404)
  })
})

describe('the one-year refund window', () => {
  let old: Harness
  beforeAll(async () => {
    old = await startEmulator({ timeFactor: 1 })
  })
  afterAll(() => old.close())

  it('accepts a refund up to 365 days after payment and refuses it after', async () => {
    const buyer = (await login(old, 'alice')).openid
    const pay = async () => {
      const body = jsapiBody(old, buyer, 'http://127.0.0.1:9/pay/notify', { amount: { total: 1000, currency: 'CNY' } })
      const prepayId = (await wxpay(old, 'POST', '/v3/pay/transactions/jsapi', body)).json.prepay_id
      await control(old, 'POST', '/wxpay/pay', requestPayment(old.creds, body.appid, prepayId))
      return body.out_trade_no
    }
    const inTime = await pay()
    const late = await pay()
    await control(old, 'POST', '/clock/advance', { seconds: 365 * 86400 - 5 })
    const accepted = await wxpay(old, 'POST', '/v3/refund/domestic/refunds', { out_trade_no: inTime, out_refund_no: 'Y1' + inTime, amount: { refund: 1, total: 1000, currency: 'CNY' } })
    expect(accepted.status).toBe(200)
    await control(old, 'POST', '/clock/advance', { seconds: 10 })
    const refused = await wxpay(old, 'POST', '/v3/refund/domestic/refunds', { out_trade_no: late, out_refund_no: 'Y2' + late, amount: { refund: 1, total: 1000, currency: 'CNY' } })
    expect(refused.status).toBe(400)
    expect(refused.json).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('一年') })
  })
})
