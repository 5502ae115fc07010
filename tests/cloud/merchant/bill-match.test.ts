import { describe, expect, it } from 'vitest'
import type { TradeBillRow } from '../../../cloud/merchant/bill-csv'
import { checkSummaryAgainstOurs, checkSummaryAgainstRows, matchRow, type MatchOrder, type MatchRefund } from '../../../cloud/merchant/bill-match'

function row(overrides: Partial<TradeBillRow>): TradeBillRow {
  return {
    line: 2,
    tradeTime: Date.parse('2025-03-14T09:26:53+08:00'),
    appid: 'wxapp',
    mchid: '1900000109',
    subMchid: '0',
    deviceInfo: '',
    transactionId: '4200000001',
    outTradeNo: 'T1',
    openid: 'o1',
    tradeType: 'JSAPI',
    tradeState: 'SUCCESS',
    bankType: 'OTHERS',
    currency: 'CNY',
    settlementTotal: 9000,
    coupon: 0,
    refundId: '',
    outRefundNo: '',
    refund: 0,
    rechargeCouponRefund: 0,
    refundType: '',
    refundStatus: '',
    description: '马克杯',
    attach: '',
    fee: 54000,
    feeRate: '0.60%',
    total: 9000,
    appliedRefund: 0,
    feeNote: '',
    ...overrides,
  }
}

const refundRow = (overrides: Partial<TradeBillRow> = {}) =>
  row({ tradeState: 'REFUND', settlementTotal: 0, total: 0, refundId: '5030001', outRefundNo: 'R1', refund: 3000, appliedRefund: 3000, refundType: 'ORIGINAL', refundStatus: 'SUCCESS', fee: -18000, ...overrides })

const order = (overrides: Partial<MatchOrder> = {}): MatchOrder => ({ _id: 'o-1', outTradeNo: 'T1', tradeNos: ['T1'], status: 'PAID', amount: 9000, ...overrides })
const refund = (overrides: Partial<MatchRefund> = {}): MatchRefund => ({ _id: 'r-1', outRefundNo: 'R1', outTradeNo: 'T1', orderId: 'o-1', status: 'SUCCESS', amount: 3000, ...overrides })

/** kind:action-or-recorded of each finding, and the application's kind. */
function verdict(match: ReturnType<typeof matchRow>): string[] {
  return [...match.findings.map((f) => f.kind), ...(match.application ? [`apply ${match.application.kind} (${match.application.finding.kind})`] : [])]
}

describe('matchRow: one bill row against what is stored here', () => {
  const cases: Array<[string, TradeBillRow, MatchOrder | undefined, MatchRefund | undefined, string[], number]> = [
    ['a payment of a paid order, same amount: matched', row({}), order(), undefined, [], 9000],
    ['a payment whose 订单金额 differs from the order: amount-mismatch', row({ total: 8900, settlementTotal: 8900 }), order(), undefined, ['amount-mismatch'], 9000],
    ['a payment of an order still NOTPAY here: applied (paid at WeChat Pay, not here)', row({}), order({ status: 'NOTPAY' }), undefined, ['apply payment (paid-missing-here)'], 9000],
    ['a payment of an order closed here: applied (a payment crossed the close)', row({}), order({ status: 'CLOSED' }), undefined, ['apply payment (paid-missing-here)'], 9000],
    [
      'a payment on an earlier trade of an order (several trades: found by any of its tradeNos)',
      row({ outTradeNo: 'T0' }),
      order({ status: 'NOTPAY', outTradeNo: 'T1', tradeNos: ['T0', 'T1'] }),
      undefined,
      ['apply payment (paid-missing-here)'],
      9000,
    ],
    [
      'a second payment already recorded as a duplicate: matched against the duplicate',
      row({ outTradeNo: 'T0' }),
      order({ outTradeNo: 'T1', tradeNos: ['T0', 'T1'], duplicates: { T0: { outTradeNo: 'T0', amount: 9000, detectedAt: 1, refundId: 'dup-T0' } } }),
      undefined,
      [],
      9000,
    ],
    [
      'a second payment not known here: applied (it becomes a duplicate and is refunded)',
      row({ outTradeNo: 'T0' }),
      order({ outTradeNo: 'T1', tradeNos: ['T0', 'T1'] }),
      undefined,
      ['apply payment (paid-missing-here)'],
      9000,
    ],
    ['a payment no order has: unknown-trade', row({ outTradeNo: 'X1' }), undefined, undefined, ['unknown-trade'], 0],
    ['a refund settled here too: matched', refundRow(), order(), refund(), [], 3000],
    ['a refund whose 申请退款金额 differs: amount-mismatch', refundRow({ appliedRefund: 2000, refund: 2000 }), order(), refund(), ['amount-mismatch'], 3000],
    ['a refund WeChat Pay paid out, still PROCESSING here: applied', refundRow(), order(), refund({ status: 'PROCESSING' }), ['apply refund (refund-missing-here)'], 3000],
    ['a refund WeChat Pay paid out, APPROVED here (its answer lost): applied', refundRow(), order(), refund({ status: 'APPROVED' }), ['apply refund (refund-missing-here)'], 3000],
    ['a refund WeChat Pay paid out, CLOSED here (its amount released): recorded, never applied', refundRow(), order(), refund({ status: 'CLOSED' }), ['refund-missing-here'], 0],
    ['a refund still PROCESSING when the bill was made, SUCCESS here since: matched', refundRow({ refundStatus: 'PROCESSING' }), order(), refund(), [], 3000],
    ['a refund here with another out_trade_no: not ours, and the order has no such refund', refundRow(), order(), refund({ outTradeNo: 'T9' }), ['refund-missing-here'], 0],
    ['a refund of one of our orders with no refund record (made in the merchant platform): recorded', refundRow({ outRefundNo: '50300009' }), order(), undefined, ['refund-missing-here'], 0],
    ['a refund of a trade no order has: unknown-trade', refundRow({ outTradeNo: 'X1' }), undefined, undefined, ['unknown-trade'], 0],
    ['a REVOKED payment-code trade: outside what the kit places', row({ tradeState: 'REVOKED' }), order(), undefined, ['unknown-trade'], 0],
  ]
  it.each(cases)('%s', (_name, billRow, stored, storedRefund, expected, ours) => {
    const match = matchRow(billRow, stored, storedRefund)
    expect(verdict(match)).toEqual(expected)
    expect(match.ours).toBe(ours)
  })

  it('names the trade, the order and the amounts in a finding (fen), with a Chinese note for the merchant', () => {
    const [finding] = matchRow(row({ total: 8900 }), order(), undefined).findings
    expect(finding).toEqual({
      kind: 'amount-mismatch',
      key: 'T-T1',
      outTradeNo: 'T1',
      transactionId: '4200000001',
      orderId: 'o-1',
      ours: 9000,
      theirs: 8900,
      note: '订单金额不一致：本地 90.00 元，账单 89.00 元',
    })
    const missing = matchRow(refundRow(), order(), refund({ status: 'PROCESSING' })).application
    expect(missing).toMatchObject({ kind: 'refund', outRefundNo: 'R1', refundId: 'r-1', finding: { key: 'R-R1', orderId: 'o-1', refundId: 'r-1', theirs: 3000 } })
  })
})

describe('the summary row', () => {
  const summary = { count: 2, settlementTotal: 9000, refund: 3000, rechargeCouponRefund: 0, fee: 36000, total: 9000, appliedRefund: 3000 }

  it('agrees with its rows: nothing found', () => {
    expect(checkSummaryAgainstRows(summary, { ...summary })).toEqual([])
  })

  it('differs from the sum of its rows: one totals-mismatch per column, amounts in fen (counts and fees in the note only)', () => {
    const findings = checkSummaryAgainstRows({ ...summary, total: 9001, settlementTotal: 9001, count: 3, fee: 36001 }, summary)
    expect(findings.map((f) => [f.key, f.ours, f.theirs])).toEqual([
      ['rows-count', undefined, undefined],
      ['rows-settlementTotal', 9000, 9001],
      ['rows-fee', undefined, undefined],
      ['rows-total', 9000, 9001],
    ])
    expect(findings[0].note).toBe('账单汇总行的总交易单数（3 笔）与明细合计（2 笔）不一致')
    expect(findings[2].note).toBe('账单汇总行的手续费总金额（0.36001 元）与明细合计（0.36000 元）不一致')
  })

  it('against ours: payments and refunds here that the rows stand for', () => {
    expect(checkSummaryAgainstOurs(summary, { count: 2, total: 9000, refund: 3000 })).toEqual([])
    expect(checkSummaryAgainstOurs(summary, { count: 1, total: 4500, refund: 3000 })).toEqual([
      { kind: 'totals-mismatch', key: 'ours-total', column: '订单总金额', ours: 4500, theirs: 9000, note: '账单订单总金额 90.00 元，本地当日支付合计 45.00 元' },
    ])
  })
})
