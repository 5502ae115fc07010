import { PAID_STATUSES, type OrderRecord } from '../pay/orders'
import type { RefundRecord } from '../pay/refund-records'
import { feeText, yuanText, type TradeBillRow, type TradeBillSummary } from './bill-csv'
import type { DayTotals, DiscrepancyKind } from './reconciliation-records'

/**
 * Matching one bill row against what is stored here, as pure functions: the
 * caller looks the orders and refunds up in batches and applies what must be
 * applied. A payment row is matched by out_trade_no against every trade of an
 * order (an order may have several), a refund row by out_refund_no against
 * the refund ledger. Amounts compared are what was asked for: 订单金额 against
 * the order's amount, 申请退款金额 against the refund's (应结 and 退款金额 may be
 * less when WeChat Pay's coupons are involved).
 */

/** What matching needs of an order (the lookup reads only these fields). */
export type MatchOrder = Pick<OrderRecord, '_id' | 'outTradeNo' | 'tradeNos' | 'status' | 'amount' | 'duplicates'>
/** What matching needs of a refund. */
export type MatchRefund = Pick<RefundRecord, '_id' | 'outRefundNo' | 'outTradeNo' | 'orderId' | 'status' | 'amount'>

/** The fields a lookup projects for matching. */
export const MATCH_ORDER_FIELDS = { _id: true, outTradeNo: true, tradeNos: true, status: true, amount: true, duplicates: true } as const
export const MATCH_REFUND_FIELDS = { _id: true, outRefundNo: true, outTradeNo: true, orderId: true, status: true, amount: true } as const

/** Something reconciliation found, before it is recorded. */
export interface Finding {
  kind: DiscrepancyKind
  /** Identifies the finding within its day: T-out_trade_no, R-out_refund_no, or a totals column. */
  key: string
  outTradeNo?: string
  outRefundNo?: string
  transactionId?: string
  orderId?: string
  refundId?: string
  ours?: number
  theirs?: number
  column?: string
  note: string
}

/** What must be applied for a row: a payment or a refund WeChat Pay has and this database does not. */
export type Application =
  | { kind: 'payment'; outTradeNo: string; orderId: string; finding: Finding }
  | { kind: 'refund'; outRefundNo: string; refundId: string; finding: Finding }

/** The verdict on one row. */
export interface RowMatch {
  /** Recorded as they are. */
  findings: Finding[]
  /** To apply (its finding is recorded as applied, or recorded with the reason it could not be). */
  application?: Application
  /** The amount here this row stands for once matched or applied (fen); 0 when nothing here stands for it. */
  ours: number
  /** Whether it is a refund row (ours counts towards refunds) or a payment row. */
  side: 'payment' | 'refund'
}

/** Refund statuses from which WeChat Pay's SUCCESS can still be applied (applyRefund's moves). */
const REFUND_OPEN_HERE: readonly RefundRecord['status'][] = ['APPROVED', 'PROCESSING', 'ABNORMAL']

function paymentRef(row: TradeBillRow, order?: MatchOrder): Pick<Finding, 'outTradeNo' | 'transactionId' | 'orderId'> {
  return { outTradeNo: row.outTradeNo, ...(row.transactionId ? { transactionId: row.transactionId } : {}), ...(order ? { orderId: order._id } : {}) }
}

function refundRef(row: TradeBillRow, refund?: MatchRefund, orderId?: string): Pick<Finding, 'outTradeNo' | 'outRefundNo' | 'transactionId' | 'orderId' | 'refundId'> {
  return {
    outTradeNo: row.outTradeNo,
    outRefundNo: row.outRefundNo,
    ...(row.transactionId ? { transactionId: row.transactionId } : {}),
    ...(refund ? { orderId: refund.orderId, refundId: refund._id } : orderId ? { orderId } : {}),
  }
}

/** Match a payment row (交易状态 SUCCESS) against the order holding its trade, if any. */
export function matchPaymentRow(row: TradeBillRow, order: MatchOrder | undefined): RowMatch {
  const key = `T-${row.outTradeNo}`
  if (!order) {
    return {
      side: 'payment',
      ours: 0,
      findings: [{ kind: 'unknown-trade', key, ...paymentRef(row), theirs: row.total, note: `账单中有一笔 ${yuanText(row.total)} 元的支付，本地没有订单使用这个商户订单号` }],
    }
  }
  const paid = PAID_STATUSES.includes(order.status)
  const duplicate = order.duplicates?.[row.outTradeNo]
  const ours = duplicate?.amount ?? order.amount
  const findings: Finding[] = []
  if (row.total !== ours) {
    findings.push({
      kind: 'amount-mismatch',
      key,
      ...paymentRef(row, order),
      ours,
      theirs: row.total,
      note: `订单金额不一致：本地 ${yuanText(ours)} 元，账单 ${yuanText(row.total)} 元`,
    })
  }
  if (paid && (order.outTradeNo === row.outTradeNo || duplicate)) return { side: 'payment', ours, findings }
  const finding: Finding = {
    kind: 'paid-missing-here',
    key,
    ...paymentRef(row, order),
    ours: 0,
    theirs: row.total,
    note: '微信支付已收款，本地订单未记为已支付',
  }
  return { side: 'payment', ours, findings, application: { kind: 'payment', outTradeNo: row.outTradeNo, orderId: order._id, finding } }
}

/** Match a refund row (交易状态 REFUND) against the refund with its out_refund_no, or the order of its trade. */
export function matchRefundRow(row: TradeBillRow, refund: MatchRefund | undefined, order: MatchOrder | undefined): RowMatch {
  const key = `R-${row.outRefundNo}`
  const theirs = row.appliedRefund
  if (!refund || refund.outTradeNo !== row.outTradeNo) {
    if (!order) {
      return {
        side: 'refund',
        ours: 0,
        findings: [{ kind: 'unknown-trade', key, ...refundRef(row), theirs, note: `账单中有一笔 ${yuanText(theirs)} 元的退款，其商户订单号不属于本地任何订单` }],
      }
    }
    return {
      side: 'refund',
      ours: 0,
      findings: [
        {
          kind: 'refund-missing-here',
          key,
          ...refundRef(row, undefined, order._id),
          theirs,
          note: `微信支付有这笔 ${yuanText(theirs)} 元的退款，本地没有它的退款记录（例如在商户平台直接发起的退款）：未改动订单，请核实`,
        },
      ],
    }
  }
  const findings: Finding[] = []
  if (theirs !== refund.amount) {
    findings.push({
      kind: 'amount-mismatch',
      key,
      ...refundRef(row, refund),
      ours: refund.amount,
      theirs,
      note: `退款金额不一致：本地 ${yuanText(refund.amount)} 元，账单 ${yuanText(theirs)} 元`,
    })
  }
  // A refund row shows the refund's status when the bill was made; only a SUCCESS there can be missing here.
  if (row.refundStatus !== 'SUCCESS' || refund.status === 'SUCCESS') return { side: 'refund', ours: refund.amount, findings }
  if (!REFUND_OPEN_HERE.includes(refund.status)) {
    findings.push({
      kind: 'refund-missing-here',
      key,
      ...refundRef(row, refund),
      ours: 0,
      theirs,
      note: `微信支付显示退款成功，本地退款为 ${refund.status}（金额已退回可退余额）：未改动，请核实`,
    })
    return { side: 'refund', ours: 0, findings }
  }
  const finding: Finding = { kind: 'refund-missing-here', key, ...refundRef(row, refund), ours: 0, theirs, note: '微信支付已退款，本地退款未记为成功' }
  return { side: 'refund', ours: refund.amount, findings, application: { kind: 'refund', outRefundNo: row.outRefundNo, refundId: refund._id, finding } }
}

/** Match any row: payments and refunds as above; other states (REVOKED of payment-code trades) are outside what the kit places. */
export function matchRow(row: TradeBillRow, order: MatchOrder | undefined, refund: MatchRefund | undefined): RowMatch {
  if (row.tradeState === 'SUCCESS') return matchPaymentRow(row, order)
  if (row.tradeState === 'REFUND') return matchRefundRow(row, refund, order)
  return {
    side: 'payment',
    ours: 0,
    findings: [
      {
        kind: 'unknown-trade',
        key: `T-${row.outTradeNo}`,
        ...paymentRef(row, order),
        theirs: row.total,
        note: `账单中的交易状态 ${row.tradeState.slice(0, 16)} 不在本系统下单的范围内`,
      },
    ],
  }
}

/** A paid order of the day that the bill does not list. */
export function missingPayment(order: Pick<OrderRecord, '_id' | 'outTradeNo' | 'transactionId' | 'amount'>): Finding {
  return {
    kind: 'missing-at-wechat',
    key: `T-${order.outTradeNo}`,
    outTradeNo: order.outTradeNo,
    ...(order.transactionId ? { transactionId: order.transactionId } : {}),
    orderId: order._id,
    ours: order.amount,
    note: `本地订单已支付 ${yuanText(order.amount)} 元，账单中没有这笔支付`,
  }
}

/** A refund settled here, requested on the day, that the bill does not list. */
export function missingRefund(refund: Pick<RefundRecord, '_id' | 'outRefundNo' | 'outTradeNo' | 'orderId' | 'amount'>): Finding {
  return {
    kind: 'missing-at-wechat',
    key: `R-${refund.outRefundNo ?? refund._id}`,
    outTradeNo: refund.outTradeNo,
    ...(refund.outRefundNo ? { outRefundNo: refund.outRefundNo } : {}),
    orderId: refund.orderId,
    refundId: refund._id,
    ours: refund.amount,
    note: `本地退款成功 ${yuanText(refund.amount)} 元，账单中没有这笔退款`,
  }
}

/** The sums of the detail rows, in the summary's terms. */
export type RowSums = TradeBillSummary

/** Sums of no rows. */
export function emptySums(): RowSums {
  return { count: 0, settlementTotal: 0, refund: 0, rechargeCouponRefund: 0, fee: 0, total: 0, appliedRefund: 0 }
}

/** Add one row to the sums. */
export function addRow(sums: RowSums, row: TradeBillRow): void {
  sums.count++
  sums.settlementTotal += row.settlementTotal
  sums.refund += row.refund
  sums.rechargeCouponRefund += row.rechargeCouponRefund
  sums.fee += row.fee
  sums.total += row.total
  sums.appliedRefund += row.appliedRefund
}

const SUMMARY_LABELS: Record<keyof TradeBillSummary, string> = {
  count: '总交易单数',
  settlementTotal: '应结订单总金额',
  refund: '退款总金额',
  rechargeCouponRefund: '充值券退款总金额',
  fee: '手续费总金额',
  total: '订单总金额',
  appliedRefund: '申请退款总金额',
}

function amountText(field: keyof TradeBillSummary, value: number): string {
  if (field === 'count') return `${value} 笔`
  return field === 'fee' ? `${feeText(value)} 元` : `${yuanText(value)} 元`
}

/** The summary row against the sum of the rows: one finding per column that differs. */
export function checkSummaryAgainstRows(summary: TradeBillSummary, sums: RowSums): Finding[] {
  const findings: Finding[] = []
  for (const field of Object.keys(SUMMARY_LABELS) as Array<keyof TradeBillSummary>) {
    if (summary[field] === sums[field]) continue
    const label = SUMMARY_LABELS[field]
    findings.push({
      kind: 'totals-mismatch',
      key: `rows-${field}`,
      column: label,
      // Counts and fees are not fen: they go into the note only.
      ...(field === 'count' || field === 'fee' ? {} : { ours: sums[field], theirs: summary[field] }),
      note: `账单汇总行的${label}（${amountText(field, summary[field])}）与明细合计（${amountText(field, sums[field])}）不一致`,
    })
  }
  return findings
}

/** The summary row against the payments and refunds here that the day's rows stand for. */
export function checkSummaryAgainstOurs(summary: TradeBillSummary, ours: DayTotals): Finding[] {
  const findings: Finding[] = []
  const pairs: Array<[keyof TradeBillSummary, number, string]> = [
    ['total', ours.total, '本地当日支付合计'],
    ['appliedRefund', ours.refund, '本地当日退款合计'],
  ]
  for (const [field, value, what] of pairs) {
    if (summary[field] === value) continue
    const label = SUMMARY_LABELS[field]
    findings.push({
      kind: 'totals-mismatch',
      key: `ours-${field}`,
      column: label,
      ours: value,
      theirs: summary[field],
      note: `账单${label} ${yuanText(summary[field])} 元，${what} ${yuanText(value)} 元`,
    })
  }
  return findings
}
