import { createHash } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { TRADE_BILL_HEADERS, TRADE_BILL_SUMMARY_HEADER } from '../../../emulators/wechat/wxpay/bill-format'
import {
  advanceClockTo,
  advanceToNextNoon,
  authorization,
  beijingTime,
  control,
  jsapiBody,
  login,
  parseBill,
  plusDays,
  qs,
  requestPayment,
  startEmulator,
  startReceiver,
  verifyWechatpay,
  wxpay,
  type Harness,
  type Receiver,
} from './helpers'

let h: Harness
let receiver: Receiver
let openid: string
/** The Beijing day the test's trades happen on (the emulator clock is moved to its noon). */
let day: string

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
  day = await advanceToNextNoon(h)
})

async function paidOrder(total: number, overrides: Record<string, unknown> = {}): Promise<{ outTradeNo: string; transactionId: string; successTime: string }> {
  const body = jsapiBody(h, openid, receiver.url, { amount: { total, currency: 'CNY' }, ...overrides })
  const prepayId = (await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)).json.prepay_id
  await control(h, 'POST', '/wxpay/pay', requestPayment(h.creds, body.appid, prepayId))
  const q = (await wxpay(h, 'GET', `/v3/pay/transactions/out-trade-no/${body.out_trade_no}?mchid=${h.creds.mchid}`)).json
  return { outTradeNo: body.out_trade_no, transactionId: q.transaction_id, successTime: q.success_time }
}

async function refund(outTradeNo: string, outRefundNo: string, amount: number, total: number) {
  const answer = await wxpay(h, 'POST', '/v3/refund/domestic/refunds', { out_trade_no: outTradeNo, out_refund_no: outRefundNo, amount: { refund: amount, total, currency: 'CNY' } })
  expect(answer.status).toBe(200)
  await control(h, 'POST', '/wxpay/notifies/flush')
  return answer.json
}

function apply(params: Record<string, string>) {
  const query = qs(params)
  return wxpay(h, 'GET', query ? `/v3/bill/tradebill?${query}` : '/v3/bill/tradebill')
}

const readyTime = (date: string) => beijingTime(plusDays(date, 1), '10:00:00')

/** GET the download_url signed as a merchant signs it (or not at all). */
async function download(url: string, opts: { signed?: boolean } = {}) {
  const target = new URL(url)
  const path = target.pathname + target.search
  const response = await fetch(h.url + path, {
    headers: { Accept: 'application/json', ...(opts.signed === false ? {} : { Authorization: authorization(h.creds, 'GET', path, '') }) },
  })
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) }
}

const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex')
const beijingText = (rfc3339: string) => rfc3339.slice(0, 19).replace('T', ' ')

/** Apply for and download a bill; the file checked against hash_value as a merchant must. */
async function fetchBill(date: string, type = 'ALL') {
  const applied = await apply({ bill_date: date, bill_type: type, tar_type: 'GZIP' })
  expect(applied.status).toBe(200)
  const file = await download(applied.json.download_url)
  expect(file.status).toBe(200)
  const plain = gunzipSync(file.bytes)
  expect(sha1(plain)).toBe(applied.json.hash_value)
  return { applied, text: plain.toString('utf8'), bill: parseBill(plain.toString('utf8')) }
}

describe('GET /v3/bill/tradebill and the download', () => {
  it('serves the day as WeChat Pay writes it: gzip, SHA1 of the plain text, one row per payment and refund, the summary', async () => {
    const cart = await paidOrder(2990, { attach: 'cart=1', description: '测试商品' })
    const mug = await paidOrder(100)
    const refunded = await refund(cart.outTradeNo, 'RB' + cart.outTradeNo, 500, 2990)
    await advanceClockTo(h, readyTime(day))

    const applied = await apply({ bill_date: day, bill_type: 'ALL', tar_type: 'GZIP' })
    expect(applied.status).toBe(200)
    expect(verifyWechatpay(h.creds, applied.headers, applied.raw)).toBe(true)
    expect(Object.keys(applied.json).sort()).toEqual(['download_url', 'hash_type', 'hash_value'])
    expect(applied.json.hash_type).toBe('SHA1')
    expect(applied.json.hash_value).toMatch(/^[0-9a-f]{40}$/)
    expect(applied.json.download_url).toMatch(new RegExp(`^${h.url}/v3/billdownload/file\\?token=[\\w-]+&tartype=gzip$`))

    const file = await download(applied.json.download_url)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('application/octet-stream')
    // The download is not signed: the hash is the only integrity check.
    for (const header of ['wechatpay-signature', 'wechatpay-serial', 'wechatpay-timestamp', 'wechatpay-nonce']) expect(file.headers.get(header)).toBeNull()
    const plain = gunzipSync(file.bytes)
    expect(sha1(plain)).toBe(applied.json.hash_value)

    const bill = parseBill(plain.toString('utf8'))
    expect(bill.header).toEqual(TRADE_BILL_HEADERS.ALL)
    expect(bill.summaryHeader).toEqual(TRADE_BILL_SUMMARY_HEADER)
    expect(bill.rows).toHaveLength(3)
    const paymentRow = bill.rows.find((r) => r['商户订单号'] === cart.outTradeNo && r['交易状态'] === 'SUCCESS')!
    expect(paymentRow).toMatchObject({
      交易时间: beijingText(cart.successTime),
      公众账号ID: h.creds.apps.mp.appid,
      商户号: h.creds.mchid,
      特约商户号: '0',
      设备号: '',
      微信订单号: cart.transactionId,
      用户标识: openid,
      交易类型: 'JSAPI',
      付款银行: 'OTHERS',
      货币种类: 'CNY',
      应结订单金额: '29.90',
      代金券金额: '0.00',
      微信退款单号: '0',
      商户退款单号: '0',
      退款金额: '0.00',
      商品名称: '测试商品',
      商户数据包: 'cart=1',
      手续费: '0.18000',
      费率: '0.60%',
      订单金额: '29.90',
      申请退款金额: '0.00',
    })
    const refundRow = bill.rows.find((r) => r['交易状态'] === 'REFUND')!
    expect(refundRow).toMatchObject({
      交易时间: beijingText(refunded.create_time),
      商户订单号: cart.outTradeNo,
      微信订单号: cart.transactionId,
      应结订单金额: '0.00',
      微信退款单号: refunded.refund_id,
      商户退款单号: 'RB' + cart.outTradeNo,
      退款金额: '5.00',
      退款类型: 'ORIGINAL',
      退款状态: 'SUCCESS',
      手续费: '-0.03000',
      订单金额: '0.00',
      申请退款金额: '5.00',
    })
    expect(bill.rows.find((r) => r['商户订单号'] === mug.outTradeNo)).toMatchObject({ 应结订单金额: '1.00', 手续费: '0.01000', 商户数据包: '' })
    expect(bill.summary).toEqual({
      总交易单数: '3',
      应结订单总金额: '30.90',
      退款总金额: '5.00',
      充值券退款总金额: '0.00',
      手续费总金额: '0.16000',
      订单总金额: '30.90',
      申请退款总金额: '5.00',
    })
  })

  it('serves the same text uncompressed without tar_type, and the same hash on every application', async () => {
    await paidOrder(100)
    await advanceClockTo(h, readyTime(day))
    const zipped = await fetchBill(day)
    const plain = await apply({ bill_date: day })
    expect(plain.json.download_url).not.toContain('tartype')
    expect(plain.json.hash_value).toBe(zipped.applied.json.hash_value)
    const file = await download(plain.json.download_url)
    expect(file.bytes.toString('utf8')).toBe(zipped.text)
    expect(sha1(file.bytes)).toBe(plain.json.hash_value)
  })

  it('lists payments only in SUCCESS and refunds only in REFUND, with their own columns', async () => {
    const paid = await paidOrder(1000)
    await refund(paid.outTradeNo, 'RS' + paid.outTradeNo, 300, 1000)
    await advanceClockTo(h, readyTime(day))
    const success = await fetchBill(day, 'SUCCESS')
    expect(success.bill.header).toEqual(TRADE_BILL_HEADERS.SUCCESS)
    expect(success.bill.rows.map((r) => r['交易状态'])).toEqual(['SUCCESS'])
    expect(success.bill.summary['总交易单数']).toBe('1')
    const refunds = await fetchBill(day, 'REFUND')
    expect(refunds.bill.header).toEqual(TRADE_BILL_HEADERS.REFUND)
    expect(refunds.bill.rows).toHaveLength(1)
    expect(refunds.bill.rows[0]).toMatchObject({ 交易时间: beijingText(paid.successTime), 交易状态: 'REFUND', 退款金额: '3.00', 退款状态: 'SUCCESS' })
    expect(refunds.bill.rows[0]['退款成功时间']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    expect(refunds.bill.summary).toMatchObject({ 应结订单总金额: '0.00', 退款总金额: '3.00', 手续费总金额: '-0.02000' })
  })

  it('keeps a day to its own trades (Beijing days); a later refund goes to the later day', async () => {
    const paid = await paidOrder(1000)
    await advanceClockTo(h, beijingTime(plusDays(day, 1), '00:00:01'))
    await refund(paid.outTradeNo, 'RD' + paid.outTradeNo, 100, 1000)
    await advanceClockTo(h, readyTime(plusDays(day, 1)))
    expect((await fetchBill(day)).bill.rows.map((r) => r['交易状态'])).toEqual(['SUCCESS'])
    expect((await fetchBill(plusDays(day, 1))).bill.rows.map((r) => r['交易状态'])).toEqual(['REFUND'])
  })

  it('includes a payment that landed on a closed trade', async () => {
    const body = jsapiBody(h, openid, receiver.url)
    await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)
    await wxpay(h, 'POST', `/v3/pay/transactions/out-trade-no/${body.out_trade_no}/close`, { mchid: h.creds.mchid })
    await control(h, 'POST', `/wxpay/orders/${body.out_trade_no}/late-payment`, {})
    await advanceClockTo(h, readyTime(day))
    expect((await fetchBill(day)).bill.rows.map((r) => r['商户订单号'])).toEqual([body.out_trade_no])
  })
})

describe('when there is no bill', () => {
  it('answers STATEMENT_CREATING until 10:00 Beijing the next day', async () => {
    await paidOrder(100)
    const today = await apply({ bill_date: day })
    expect(today.status).toBe(400)
    expect(today.json).toMatchObject({ code: 'STATEMENT_CREATING', message: '账单生成中' })
    expect(verifyWechatpay(h.creds, today.headers, today.raw)).toBe(true)
    await advanceClockTo(h, readyTime(day) - 1000)
    expect((await apply({ bill_date: day })).json.code).toBe('STATEMENT_CREATING')
    await advanceClockTo(h, readyTime(day))
    expect((await apply({ bill_date: day })).status).toBe(200)
  })

  it('answers NO_STATEMENT_EXIST for a day without trades, and for a bill type the day has no rows of', async () => {
    await paidOrder(100)
    await advanceClockTo(h, readyTime(day))
    const cases: Record<string, string>[] = [{ bill_date: plusDays(day, -1) }, { bill_date: day, bill_type: 'REFUND' }]
    for (const params of cases) {
      const answer = await apply(params)
      expect(answer.status).toBe(400)
      expect(answer.json).toMatchObject({ code: 'NO_STATEMENT_EXIST', message: '请求的账单文件不存在' })
    }
  })

  it('answers INVALID_REQUEST for a future day and a day more than three months back', async () => {
    const tomorrow = plusDays(day, 1)
    const [y, m, d] = day.split('-').map(Number)
    const threeMonthsBack = new Date(Date.UTC(y, m - 4, d)).toISOString().slice(0, 10)
    expect((await apply({ bill_date: tomorrow })).json.code).toBe('INVALID_REQUEST')
    expect((await apply({ bill_date: plusDays(threeMonthsBack, -1) })).json.code).toBe('INVALID_REQUEST')
    expect((await apply({ bill_date: threeMonthsBack })).json.code).toBe('NO_STATEMENT_EXIST')
  })

  it.each([
    ['no bill_date', {}, 'bill_date'],
    ['a compact date', { bill_date: '20250101' }, 'bill_date'],
    ['month 13', { bill_date: '2025-13-01' }, 'bill_date'],
    ['February 30', { bill_date: '2025-02-30' }, 'bill_date'],
    ['an unknown bill_type', { bill_date: '2025-01-01', bill_type: 'FOO' }, 'bill_type'],
    ['a lower-case bill_type', { bill_date: '2025-01-01', bill_type: 'all' }, 'bill_type'],
    ['an unknown tar_type', { bill_date: '2025-01-01', tar_type: 'ZIP' }, 'tar_type'],
  ])('answers PARAM_ERROR for %s', async (_name, params, field) => {
    const answer = await apply(params)
    expect(answer.status).toBe(400)
    expect(answer.json).toMatchObject({ code: 'PARAM_ERROR', detail: { location: 'query', field } })
    expect(verifyWechatpay(h.creds, answer.headers, answer.raw)).toBe(true)
  })
})

describe('the download_url', () => {
  it('needs the merchant signature, lives 30 s, and keeps its token out of the log', async () => {
    await paidOrder(100)
    await advanceClockTo(h, readyTime(day))
    const applied = await apply({ bill_date: day })
    expect((await download(applied.json.download_url, { signed: false })).status).toBe(401)
    expect((await download(applied.json.download_url)).status).toBe(200)
    await control(h, 'POST', '/clock/advance', { seconds: 29 })
    expect((await download(applied.json.download_url)).status).toBe(200)
    await control(h, 'POST', '/clock/advance', { seconds: 2 })
    const expired = await download(applied.json.download_url)
    expect(expired.status).toBe(400)
    expect(JSON.parse(expired.bytes.toString('utf8')).code).toBe('INVALID_REQUEST')
    const unknown = await download(`${h.url}/v3/billdownload/file?token=nope`)
    expect(unknown.status).toBe(400)
    const token = new URL(applied.json.download_url).searchParams.get('token')!
    expect(JSON.stringify((await control(h, 'GET', '/log')).json)).not.toContain(token)
  })
})

describe('bill faults', () => {
  it('hashMismatch: the next download does not match hash_value (one amount off), the one after does', async () => {
    await paidOrder(1000)
    await advanceClockTo(h, readyTime(day))
    await control(h, 'POST', '/faults', { bill: 'hashMismatch' })
    const applied = await apply({ bill_date: day, tar_type: 'GZIP' })
    const tampered = gunzipSync((await download(applied.json.download_url)).bytes)
    expect(sha1(tampered)).not.toBe(applied.json.hash_value)
    expect(parseBill(tampered.toString('utf8')).rows[0]['应结订单金额']).toBe('11.00')
    const genuine = gunzipSync((await download(applied.json.download_url)).bytes)
    expect(sha1(genuine)).toBe(applied.json.hash_value)
    expect(parseBill(genuine.toString('utf8')).rows[0]['应结订单金额']).toBe('10.00')
  })

  it('late: the bill of a day answers STATEMENT_CREATING until readyAt', async () => {
    await paidOrder(100)
    const readyAt = `${plusDays(day, 1)}T14:00:00+08:00`
    expect((await control(h, 'POST', '/faults', { bill: 'late', date: day, readyAt })).status).toBe(201)
    await advanceClockTo(h, readyTime(day))
    expect((await apply({ bill_date: day })).json.code).toBe('STATEMENT_CREATING')
    expect((await control(h, 'GET', '/faults')).json.bills).toMatchObject([{ kind: 'late', date: day }])
    await advanceClockTo(h, Date.parse(readyAt))
    expect((await apply({ bill_date: day })).status).toBe(200)
    expect((await control(h, 'POST', '/faults', { bill: 'late', date: day })).status).toBe(400)
  })

  it('an endpoint fault can hold the bill back N times', async () => {
    await paidOrder(100)
    await advanceClockTo(h, readyTime(day))
    await control(h, 'POST', '/faults', { endpoint: 'GET /v3/bill/tradebill', wxpay: 'STATEMENT_CREATING', times: 2 })
    expect((await apply({ bill_date: day })).json.code).toBe('STATEMENT_CREATING')
    expect((await apply({ bill_date: day })).status).toBe(400)
    expect((await apply({ bill_date: day })).status).toBe(200)
  })
})

describe('planted discrepancies (POST /__emulator/v1/wxpay/bills/{date}/discrepancies)', () => {
  it('an amount: the bill row disagrees with the trade; the bill is made again with a new hash', async () => {
    const paid = await paidOrder(1000)
    await advanceClockTo(h, readyTime(day))
    const before = await apply({ bill_date: day })
    const planted = await control(h, 'POST', `/wxpay/bills/${day}/discrepancies`, { kind: 'amount', outTradeNo: paid.outTradeNo, deltaFen: -100 })
    expect(planted.status).toBe(201)
    expect(planted.json).toMatchObject({ kind: 'amount', outTradeNo: paid.outTradeNo, deltaFen: -100 })
    const { applied, bill } = await fetchBill(day)
    expect(applied.json.hash_value).not.toBe(before.json.hash_value)
    expect(bill.rows[0]).toMatchObject({ 商户订单号: paid.outTradeNo, 应结订单金额: '9.00', 订单金额: '9.00' })
    const q = (await wxpay(h, 'GET', `/v3/pay/transactions/out-trade-no/${paid.outTradeNo}?mchid=${h.creds.mchid}`)).json
    expect(q.amount.total).toBe(1000)
  })

  it('an amount on a refund, a missing trade, a summary off from its rows', async () => {
    const kept = await paidOrder(1000)
    const dropped = await paidOrder(500)
    await refund(kept.outTradeNo, 'RM' + kept.outTradeNo, 200, 1000)
    await advanceClockTo(h, readyTime(day))
    const plant = (body: unknown) => control(h, 'POST', `/wxpay/bills/${day}/discrepancies`, body)
    expect((await plant({ kind: 'amount', outRefundNo: 'RM' + kept.outTradeNo, deltaFen: 50 })).status).toBe(201)
    expect((await plant({ kind: 'missing', outTradeNo: dropped.outTradeNo })).status).toBe(201)
    expect((await plant({ kind: 'summary', deltaFen: 1 })).status).toBe(201)
    const { bill } = await fetchBill(day)
    expect(bill.rows.map((r) => r['商户订单号'])).not.toContain(dropped.outTradeNo)
    expect(bill.rows.find((r) => r['交易状态'] === 'REFUND')!['退款金额']).toBe('2.50')
    expect(bill.summary['应结订单总金额']).toBe('10.01')
    expect(bill.rows.filter((r) => r['交易状态'] === 'SUCCESS').map((r) => r['应结订单金额'])).toEqual(['10.00'])
  })

  it('an unknown trade: paid at WeChat Pay, never placed by the merchant, no notify; in the bill and the query', async () => {
    const planted = await control(h, 'POST', `/wxpay/bills/${day}/discrepancies`, { kind: 'unknownTrade', total: 4200, time: '09:30:00' })
    expect(planted.status).toBe(201)
    const { outTradeNo, transactionId } = planted.json
    expect(outTradeNo).toMatch(/^UNKNOWN\d{16}$/)
    await advanceClockTo(h, readyTime(day))
    const { bill } = await fetchBill(day)
    expect(bill.rows).toEqual([expect.objectContaining({ 交易时间: `${day} 09:30:00`, 商户订单号: outTradeNo, 微信订单号: transactionId, 应结订单金额: '42.00' })])
    const q = (await wxpay(h, 'GET', `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${h.creds.mchid}`)).json
    expect(q).toMatchObject({ trade_state: 'SUCCESS', transaction_id: transactionId, amount: { total: 4200 } })
    expect(receiver.requests).toHaveLength(0)
  })

  it('validates what it plants', async () => {
    const paid = await paidOrder(100)
    const plant = (date: string, body: unknown) => control(h, 'POST', `/wxpay/bills/${date}/discrepancies`, body)
    expect((await plant(day, { kind: 'amount', outTradeNo: 'NOSUCHORDER1', deltaFen: 1 })).status).toBe(404)
    expect((await plant(plusDays(day, -1), { kind: 'missing', outTradeNo: paid.outTradeNo })).status).toBe(404)
    expect((await plant(day, { kind: 'amount', outTradeNo: paid.outTradeNo, outRefundNo: 'R1', deltaFen: 1 })).status).toBe(400)
    expect((await plant(day, { kind: 'amount', outTradeNo: paid.outTradeNo, deltaFen: 0 })).status).toBe(400)
    expect((await plant(day, { kind: 'unknownTrade', outTradeNo: paid.outTradeNo })).status).toBe(409)
    expect((await plant(day, { kind: 'unknownTrade', time: '23:59:59' })).status).toBe(400)
    expect((await plant('2025-02-30', { kind: 'summary', deltaFen: 1 })).status).toBe(400)
    expect((await plant(day, { kind: 'nope' })).status).toBe(400)
  })

  it('GET /__emulator/v1/wxpay/bills/{date} shows the bill, its readiness and what was planted', async () => {
    const paid = await paidOrder(100)
    const early = (await control(h, 'GET', `/wxpay/bills/${day}`)).json
    expect(early).toMatchObject({ billDate: day, billType: 'ALL', ready: false, readyAt: readyTime(day), generatedAt: null, rows: 1 })
    expect(parseBill(early.csv).rows[0]['商户订单号']).toBe(paid.outTradeNo)
    await control(h, 'POST', `/wxpay/bills/${day}/discrepancies`, { kind: 'summary', deltaFen: 1 })
    await advanceClockTo(h, readyTime(day))
    const { text } = await fetchBill(day)
    const shown = (await control(h, 'GET', `/wxpay/bills/${day}`)).json
    expect(shown).toMatchObject({ ready: true, generatedAt: expect.any(Number), discrepancies: [{ kind: 'summary', deltaFen: 1 }] })
    expect(shown.csv).toBe(text)
    expect((await control(h, 'GET', `/wxpay/bills/${day}?bill_type=REFUND`)).json.csv).toBeNull()
    expect((await control(h, 'GET', `/wxpay/bills/${day}?bill_type=FOO`)).status).toBe(400)
  })
})
