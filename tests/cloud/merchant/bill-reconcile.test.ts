/**
 * Daily reconciliation in plain Node: the payment domain over the local
 * runtime's in-memory database (the real indexes), WeChat Pay in memory
 * (tests/cloud/pay/support.ts), and a bill gateway serving bills written by
 * the emulator's own bill format (gzip, SHA1 of the uncompressed text).
 */
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { reconcileDay, reconcileDueDays, type ReconciliationDeps } from '../../../cloud/merchant/bill-reconcile'
import { daysDue, newestBillDate } from '../../../cloud/merchant/bill-days'
import { discrepanciesOf, reconciliationsOf, type DiscrepancyRecord } from '../../../cloud/merchant/reconciliation-records'
import type { BillGateway } from '../../../cloud/merchant/trade-bill'
import { applyTransaction } from '../../../cloud/pay/payments'
import { applyRefund, refundByMerchant } from '../../../cloud/pay/refunds'
import type { OrderRecord } from '../../../cloud/pay/orders'
import type { RefundRecord } from '../../../cloud/pay/refund-records'
import { feeOf, tradeBillCsv, type BillRow } from '../../../emulators/wechat/wxpay/bill-format'
import { requestsOf, rejection } from '../support'
import { MCHID, newOrder, payFixture, stored, transitions, wxpayError, type PayFixture } from '../pay/support'

/** The FakeGateway's payments succeed at 2025-01-01T20:00:05+08:00: that Beijing day's bill. */
const BILL_DATE = '2025-01-01'
const PAID_AT = Date.parse('2025-01-01T20:00:05+08:00')

type BillFile = { rows: BillRow[]; totalDeltaFen?: number; tamper?: (csv: string) => string } | 'not-ready' | 'no-bill'

/** WeChat Pay's bill side: one file per date, served gzipped with the SHA1 of its text. */
function billGateway(files: Record<string, BillFile>): BillGateway & { downloads: number; applied: string[] } {
  const gateway = {
    downloads: 0,
    applied: [] as string[],
    async applyTradeBill({ bill_date }: { bill_date: string }) {
      gateway.applied.push(bill_date)
      const file = files[bill_date] ?? 'no-bill'
      if (file === 'not-ready') throw wxpayError(400, 'STATEMENT_CREATING')
      if (file === 'no-bill') throw wxpayError(400, 'NO_STATEMENT_EXIST')
      const csv = tradeBillCsv(file.rows, 'ALL', file.totalDeltaFen ? { totalDeltaFen: file.totalDeltaFen } : {})
      return { hash_type: 'SHA1', hash_value: createHash('sha1').update(csv).digest('hex'), download_url: `https://api.mch.weixin.qq.com/v3/billdownload/file?token=${bill_date}` }
    },
    async downloadBill(url: string) {
      gateway.downloads++
      const file = files[new URL(url).searchParams.get('token') as string] as Exclude<BillFile, string>
      const csv = tradeBillCsv(file.rows, 'ALL', file.totalDeltaFen ? { totalDeltaFen: file.totalDeltaFen } : {})
      return new Uint8Array(gzipSync(file.tamper ? file.tamper(csv) : csv))
    },
  }
  return gateway
}

function deps(f: PayFixture, bills: BillGateway): ReconciliationDeps {
  return { ...f.deps, bills }
}

/** A payment row of the bill for one of our trades, as WeChat Pay knows it. */
function paymentRow(order: OrderRecord, overrides: Partial<Extract<BillRow, { kind: 'payment' }>> = {}): BillRow {
  return {
    kind: 'payment',
    paidAt: PAID_AT,
    appid: order.appid,
    mchid: MCHID,
    transactionId: `4200${order.outTradeNo}`,
    outTradeNo: order.outTradeNo,
    openid: 'oPayer',
    tradeType: 'JSAPI',
    total: order.amount,
    description: order.description,
    attach: '',
    fee: feeOf(order.amount),
    ...overrides,
  }
}

function refundRow(refund: RefundRecord, status = 'SUCCESS'): BillRow {
  return {
    kind: 'refund',
    paidAt: PAID_AT,
    requestedAt: PAID_AT + 60_000,
    successAt: PAID_AT + 120_000,
    appid: 'wxd678efh567hg6787',
    mchid: MCHID,
    transactionId: `4200${refund.outTradeNo}`,
    outTradeNo: refund.outTradeNo,
    openid: 'oPayer',
    tradeType: 'JSAPI',
    refundId: `50${refund.outRefundNo}`,
    outRefundNo: refund.outRefundNo as string,
    refund: refund.amount,
    status,
    description: '马克杯',
    attach: '',
    fee: -feeOf(refund.amount),
  }
}

/** A paid order (notify applied), as the shop usually has them. */
async function paidOrder(f: PayFixture): Promise<OrderRecord> {
  const order = await newOrder(f)
  f.gateway.pay(order.outTradeNo)
  return (await applyTransaction(f.deps, f.gateway.transaction(order.outTradeNo), 'notify')).order
}

/** An order WeChat Pay has paid while every notify and query was lost: NOTPAY here. */
async function lostPayment(f: PayFixture): Promise<OrderRecord> {
  const order = await newOrder(f)
  f.gateway.pay(order.outTradeNo)
  return order
}

async function discrepancies(f: PayFixture): Promise<DiscrepancyRecord[]> {
  const { data } = await discrepanciesOf(f.deps.db).where({ billDate: BILL_DATE }).orderBy('_id', 'asc').limit(1000).get()
  return data
}

describe('reconcileDay', () => {
  it('pays an order whose notify and queries were all lost, from the signed query (not the bill), once', async () => {
    const f = payFixture()
    const lost = await lostPayment(f)
    const fine = await paidOrder(f)
    const bills = billGateway({ [BILL_DATE]: { rows: [paymentRow(lost), paymentRow(fine)] } })

    const day = await reconcileDay(deps(f, bills), BILL_DATE, { by: '店长' })
    expect(day).toMatchObject({ billDate: BILL_DATE, status: 'discrepancies', rows: 2, matched: 2, applied: 1, discrepancies: 1, runs: 1, by: '店长', leaseUntil: 0 })
    const paid = await stored(f, lost._id)
    expect(paid).toMatchObject({ status: 'PAID', transactionId: `4200${lost.outTradeNo}`, fulfilment: { status: 'done' } })
    expect(transitions(paid)).toEqual(['NOTPAY>PAID:bill'])
    expect(f.gateway.calls.filter((c) => c.method === 'queryOrderByOutTradeNo').map((c) => c.arg)).toEqual([lost.outTradeNo])
    expect(await discrepancies(f)).toMatchObject([
      { _id: `${BILL_DATE}:paid-missing-here:T-${lost.outTradeNo}`, kind: 'paid-missing-here', action: 'applied', orderId: lost._id, outTradeNo: lost.outTradeNo, theirs: lost.amount, note: '微信支付已收款，本地订单未记为已支付：已按微信支付的订单查询结果入账' },
    ])
    expect((await reconciliationsOf(f.deps.db).doc(BILL_DATE).get()).data[0]).toMatchObject({ oursTotals: { count: 2, total: 2 * lost.amount, refund: 0 }, billTotals: { count: 2, total: 2 * lost.amount } })
  })

  it('a rerun changes nothing: no query, no transition, the same discrepancy ids and counts', async () => {
    const f = payFixture()
    const lost = await lostPayment(f)
    const other = await paidOrder(f)
    const bills = billGateway({ [BILL_DATE]: { rows: [paymentRow(lost), paymentRow(other, { total: other.amount - 100 })] } })
    const first = await reconcileDay(deps(f, bills), BILL_DATE, { by: 'timer' })
    const before = { found: await discrepancies(f), order: await stored(f, lost._id), queries: f.gateway.count('queryOrderByOutTradeNo') }
    f.env.advance(3600_000)
    const second = await reconcileDay(deps(f, bills), BILL_DATE, { by: '店长' })
    expect(await discrepancies(f)).toEqual(before.found)
    expect(await stored(f, lost._id)).toEqual(before.order)
    expect(f.gateway.count('queryOrderByOutTradeNo')).toBe(before.queries)
    const counts = (d: typeof first) => [d.status, d.rows, d.matched, d.applied, d.discrepancies]
    expect(counts(second)).toEqual(counts(first))
    expect(counts(first)).toEqual(['discrepancies', 2, 1, 1, 3])
    expect(before.found.map((d) => [d.kind, d.action])).toEqual([
      ['amount-mismatch', 'recorded'],
      ['paid-missing-here', 'applied'],
      ['totals-mismatch', 'recorded'],
    ])
    expect(second).toMatchObject({ runs: 2, ranAt: first.ranAt + 3600_000 })
  })

  it('applies a refund WeChat Pay paid out while this database still has it PROCESSING, from the signed refund query', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const refund = await refundByMerchant(f.deps, await stored(f, order._id), { amount: 1000 }, '店长')
    expect(refund.status).toBe('PROCESSING')
    f.gateway.settleRefund(refund.outRefundNo as string)
    const bills = billGateway({ [BILL_DATE]: { rows: [paymentRow(order), refundRow(refund)] } })

    const day = await reconcileDay(deps(f, bills), BILL_DATE, { by: 'timer' })
    expect(day).toMatchObject({ status: 'discrepancies', rows: 2, matched: 2, applied: 1, discrepancies: 1 })
    expect(await stored(f, order._id)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: 1000 })
    expect(transitions(await stored(f, order._id))).toEqual(['NOTPAY>PAID:notify', 'PAID>PARTIALLY_REFUNDED:bill'])
    expect(await discrepancies(f)).toMatchObject([{ kind: 'refund-missing-here', action: 'applied', outRefundNo: refund.outRefundNo, refundId: refund._id }])
  })

  it('records a paid order the bill lacks, an unknown trade, and a summary that is not the sum of its rows', async () => {
    const f = payFixture()
    const listed = await paidOrder(f)
    const unlisted = await paidOrder(f)
    const stranger = paymentRow(listed, { outTradeNo: 'STRANGER0001', transactionId: '4200STRANGER', total: 4200, fee: feeOf(4200) })
    const bills = billGateway({ [BILL_DATE]: { rows: [paymentRow(listed), stranger], totalDeltaFen: 1 } })
    const day = await reconcileDay(deps(f, bills), BILL_DATE, { by: 'timer' })
    expect(day).toMatchObject({ status: 'discrepancies', rows: 2, matched: 1, applied: 0 })
    expect((await discrepancies(f)).map((d) => [d._id.slice(11), d.ours, d.theirs])).toEqual([
      [`missing-at-wechat:T-${unlisted.outTradeNo}`, unlisted.amount, undefined],
      ['totals-mismatch:ours-total', 2 * listed.amount, 4200 + listed.amount + 1],
      ['totals-mismatch:rows-settlementTotal', 4200 + listed.amount, 4200 + listed.amount + 1],
      ['totals-mismatch:rows-total', 4200 + listed.amount, 4200 + listed.amount + 1],
      ['unknown-trade:T-STRANGER0001', undefined, 4200],
    ])
    expect(await stored(f, unlisted._id)).toMatchObject({ status: 'PAID' })
  })

  it('refuses a bill whose bytes do not match the signed hash: nothing parsed, looked up or applied', async () => {
    const f = payFixture()
    const lost = await lostPayment(f)
    const bills = billGateway({ [BILL_DATE]: { rows: [paymentRow(lost)], tamper: (csv) => csv.replace(`\`${(lost.amount / 100).toFixed(2)},`, '`0.01,') } })
    const run = () => reconcileDay(deps(f, bills), BILL_DATE, { by: 'timer' })
    const requests = await requestsOf(f.deps.db, run)
    expect(requests).toEqual(['updateAndReturn wxkit-reconciliations', 'add wxkit-reconciliations', 'updateAndReturn wxkit-reconciliations'])
    const day = (await reconciliationsOf(f.deps.db).doc(BILL_DATE).get()).data[0]
    expect(day).toMatchObject({ status: 'failed', error: 'BILL_HASH_MISMATCH', rows: 0, applied: 0, discrepancies: 0, failures: 1 })
    expect(day.hashValue).toBeUndefined()
    expect(await stored(f, lost._id)).toMatchObject({ status: 'NOTPAY' })
    expect(f.gateway.count('queryOrderByOutTradeNo')).toBe(0)
    expect(await discrepancies(f)).toEqual([])
  })

  it('refuses a file with a malformed row anywhere before applying any row', async () => {
    const f = payFixture()
    const lost = await lostPayment(f)
    const paid = await paidOrder(f)
    // The hash is WeChat Pay's over a text it wrote: a format the kit cannot read is caught by the parser, not the hash.
    const rows = [paymentRow(lost), paymentRow(paid, { description: '坏,`行' })]
    const day = await reconcileDay(deps(f, billGateway({ [BILL_DATE]: { rows } })), BILL_DATE, { by: 'timer' })
    expect(day).toMatchObject({ status: 'failed', error: 'BILL_MALFORMED' })
    expect(await stored(f, lost._id)).toMatchObject({ status: 'NOTPAY' })
    expect(await discrepancies(f)).toEqual([])
  })

  it('a bill not made yet (STATEMENT_CREATING) is not-ready; a day without trades (NO_STATEMENT_EXIST) is no-bill, with what was paid here that day recorded', async () => {
    const f = payFixture()
    const early = await reconcileDay(deps(f, billGateway({ [BILL_DATE]: 'not-ready' })), BILL_DATE, { by: 'timer' })
    expect(early).toMatchObject({ status: 'not-ready', rows: 0, discrepancies: 0, failures: 0 })
    expect(await discrepancies(f)).toEqual([])

    const quiet = await reconcileDay(deps(f, billGateway({})), '2024-12-31', { by: 'timer' })
    expect(quiet).toMatchObject({ status: 'no-bill', discrepancies: 0 })

    const paid = await paidOrder(f)
    const none = await reconcileDay(deps(f, billGateway({})), BILL_DATE, { by: 'timer' })
    expect(none).toMatchObject({ status: 'no-bill', rows: 0, discrepancies: 1 })
    expect(await discrepancies(f)).toMatchObject([{ kind: 'missing-at-wechat', orderId: paid._id, ours: paid.amount, action: 'recorded' }])
  })

  it('a query that fails records the finding and fails the day; the next run applies it under the same id', async () => {
    const f = payFixture()
    const lost = await lostPayment(f)
    f.gateway.failures.queryOrderByOutTradeNo = [wxpayError(500, 'SYSTEM_ERROR')]
    const bills = billGateway({ [BILL_DATE]: { rows: [paymentRow(lost)] } })
    const first = await reconcileDay(deps(f, bills), BILL_DATE, { by: 'timer' })
    expect(first).toMatchObject({ status: 'failed', error: 'WXPAY_UNAVAILABLE', matched: 0, applied: 0, discrepancies: 1, failures: 1 })
    expect(await discrepancies(f)).toMatchObject([{ kind: 'paid-missing-here', action: 'recorded', note: expect.stringContaining('查询该订单失败（WXPAY_SYSTEM_ERROR）') }])
    expect(await stored(f, lost._id)).toMatchObject({ status: 'NOTPAY' })

    const second = await reconcileDay(deps(f, bills), BILL_DATE, { by: 'timer' })
    expect(second).toMatchObject({ status: 'discrepancies', matched: 1, applied: 1, discrepancies: 1, failures: 0 })
    expect(second.error).toBeUndefined()
    const [found] = await discrepancies(f)
    expect(found).toMatchObject({ _id: `${BILL_DATE}:paid-missing-here:T-${lost.outTradeNo}`, action: 'applied' })
    expect(await stored(f, lost._id)).toMatchObject({ status: 'PAID' })
  })

  it('stops applying when its time budget is spent; the rest is applied by the next run', async () => {
    const f = payFixture()
    const lost = [await lostPayment(f), await lostPayment(f), await lostPayment(f)]
    const bills = billGateway({ [BILL_DATE]: { rows: lost.map((o) => paymentRow(o)) } })
    // Each WeChat Pay query takes 4 s of the 5 s budget.
    const query = f.gateway.queryOrderByOutTradeNo.bind(f.gateway)
    f.gateway.queryOrderByOutTradeNo = async (no) => {
      f.env.advance(4000)
      return query(no)
    }
    const first = await reconcileDay(deps(f, bills), BILL_DATE, { by: 'timer', budgetMs: 5000, concurrency: 1 })
    expect(first).toMatchObject({ status: 'failed', error: 'TIME_BUDGET', applied: 2, discrepancies: 3 })
    expect((await discrepancies(f)).map((d) => d.action).sort()).toEqual(['applied', 'applied', 'recorded'])
    const second = await reconcileDay(deps(f, bills), BILL_DATE, { by: 'timer', budgetMs: 60_000 })
    expect(second).toMatchObject({ status: 'discrepancies', applied: 3, discrepancies: 3, matched: 3 })
    for (const order of lost) expect(await stored(f, order._id)).toMatchObject({ status: 'PAID' })
  })

  it('a refund settled here that the bill lacks is recorded only when WeChat Pay dates its request on that day', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const refund = await refundByMerchant(f.deps, await stored(f, order._id), { amount: 1000 }, '店长')
    const settled = f.gateway.settleRefund(refund.outRefundNo as string)
    await applyRefund(f.deps, { ...settled, status: 'SUCCESS', mchid: MCHID }, 'notify')
    const bills = billGateway({ [BILL_DATE]: { rows: [paymentRow(order)] } })
    settled.create_time = '2025-01-02T00:00:01+08:00'
    const nextDay = await reconcileDay(deps(f, bills), BILL_DATE, { by: 'timer' })
    expect(nextDay).toMatchObject({ status: 'matched', discrepancies: 0 })
    settled.create_time = '2025-01-01T20:00:05+08:00'
    const sameDay = await reconcileDay(deps(f, bills), BILL_DATE, { by: 'timer' })
    expect((await discrepancies(f)).map((d) => d.kind)).toEqual(['missing-at-wechat', 'totals-mismatch'])
    expect(sameDay).toMatchObject({ status: 'discrepancies', discrepancies: 2 })
  })

  it('one run at a time per day: a second one is RECONCILIATION_BUSY', async () => {
    const f = payFixture()
    const lost = await lostPayment(f)
    const bills = billGateway({ [BILL_DATE]: { rows: [paymentRow(lost)] } })
    const original = bills.applyTradeBill.bind(bills)
    let release: () => void = () => {}
    bills.applyTradeBill = async (request) => {
      await new Promise<void>((resolve) => (release = resolve))
      return original(request)
    }
    const first = reconcileDay(deps(f, bills), BILL_DATE, { by: 'timer' })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await rejection(reconcileDay(deps(f, bills), BILL_DATE, { by: '店长' }))).toMatchObject({ code: 'RECONCILIATION_BUSY' })
    release()
    expect(await first).toMatchObject({ status: 'discrepancies', applied: 1 })
  })

  it('pins its database requests: one lookup per batch (refunds only for refund rows), the payments and refunds here that day, the findings, the day document', async () => {
    const f = payFixture()
    const orders = [await paidOrder(f), await paidOrder(f), await paidOrder(f)]
    const bills = billGateway({ [BILL_DATE]: { rows: orders.map((o) => paymentRow(o)) } })
    const requests = await requestsOf(f.deps.db, () => reconcileDay(deps(f, bills), BILL_DATE, { by: 'timer', batchSize: 2 }))
    expect(requests).toEqual([
      'updateAndReturn wxkit-reconciliations',
      'add wxkit-reconciliations',
      'get wxkit-orders',
      'get wxkit-orders',
      'get wxkit-orders',
      'get wxkit-refunds',
      'get wxkit-bill-discrepancies',
      'updateAndReturn wxkit-reconciliations',
    ])
    // A day run before is claimed with one request.
    const again = await requestsOf(f.deps.db, () => reconcileDay(deps(f, bills), BILL_DATE, { by: 'timer', batchSize: 2 }))
    expect(again[0]).toBe('updateAndReturn wxkit-reconciliations')
    expect(again).toHaveLength(requests.length - 1)
  })
})

describe('the timer', () => {
  const at = (iso: string) => Date.parse(iso)

  it('runs the newest bill after 10:00 Beijing time, the one before that earlier', () => {
    expect(newestBillDate(at('2025-01-02T09:59:59+08:00'))).toBe('2024-12-31')
    expect(newestBillDate(at('2025-01-02T10:00:00+08:00'))).toBe('2025-01-01')
    // 01:30 UTC is already 09:30 on the next day in Beijing.
    expect(newestBillDate(at('2025-01-02T01:30:00Z'))).toBe('2024-12-31')
  })

  it('chooses days never run, not ready for half an hour, or failed after their back-off, within the last week', () => {
    const now = at('2025-01-08T10:15:00+08:00')
    const day = (billDate: string, status: 'matched' | 'not-ready' | 'failed' | 'no-bill', ranAgoMs: number, extra: { failures?: number; leaseUntil?: number } = {}) => ({
      billDate,
      status,
      ranAt: now - ranAgoMs,
      failures: extra.failures ?? 0,
      leaseUntil: extra.leaseUntil ?? 0,
    })
    const known = [
      day('2025-01-01', 'not-ready', 3600_000),
      day('2025-01-02', 'matched', 86400_000),
      day('2025-01-03', 'not-ready', 10 * 60_000),
      day('2025-01-04', 'failed', 40 * 60_000, { failures: 1 }),
      day('2025-01-05', 'failed', 40 * 60_000, { failures: 2 }),
      day('2025-01-06', 'no-bill', 86400_000),
      day('2024-12-31', 'not-ready', 86400_000),
    ]
    expect(daysDue(now, known)).toEqual(['2025-01-01', '2025-01-04', '2025-01-07'])
    expect(daysDue(now, [...known, day('2025-01-07', 'failed', 0, { failures: 1, leaseUntil: now + 1000 })])).toEqual(['2025-01-01', '2025-01-04'])
  })

  it('reconcileDueDays runs those days, oldest first, then only what is due again', async () => {
    const f = payFixture()
    const lost = await lostPayment(f)
    const bills = billGateway({ [BILL_DATE]: { rows: [paymentRow(lost)] }, '2024-12-30': 'not-ready' })
    f.env.advance(at('2025-01-02T10:15:00+08:00') - f.env.now())
    const summary = await reconcileDueDays(deps(f, bills), f.env.now())
    expect(summary).toEqual({
      due: 7,
      days: [
        { billDate: '2024-12-26', status: 'no-bill' },
        { billDate: '2024-12-27', status: 'no-bill' },
        { billDate: '2024-12-28', status: 'no-bill' },
        { billDate: '2024-12-29', status: 'no-bill' },
        { billDate: '2024-12-30', status: 'not-ready' },
        { billDate: '2024-12-31', status: 'no-bill' },
        { billDate: BILL_DATE, status: 'discrepancies' },
      ],
    })
    expect(await stored(f, lost._id)).toMatchObject({ status: 'PAID' })
    f.env.advance(20 * 60_000)
    expect(await reconcileDueDays(deps(f, bills), f.env.now())).toEqual({ due: 0, days: [] })
    f.env.advance(15 * 60_000)
    expect(await reconcileDueDays(deps(f, bills), f.env.now())).toEqual({ due: 1, days: [{ billDate: '2024-12-30', status: 'not-ready' }] })
  })
})
