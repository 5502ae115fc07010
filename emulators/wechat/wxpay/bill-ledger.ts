import { beijingDay, formatBeijingTime } from '../clock'
import type { EmulatorCore } from '../core'
import { randomDigits } from '../random'
import type { Order } from '../state'
import { feeOf, type BillRow, type SummaryTwist, type TradeBillType } from './bill-format'

/**
 * The emulator's ledger as the trade bill of one Beijing day sees it: every
 * payment whose success_time falls on the day, every refund requested on the
 * day (except CLOSED ones), then the discrepancies a test planted.
 */

/** A discrepancy planted into the bill of a day (POST /__emulator/v1/wxpay/bills/{date}/discrepancies). */
export type BillDiscrepancy =
  | { id: number; kind: 'amount'; outTradeNo?: string; outRefundNo?: string; deltaFen: number }
  | { id: number; kind: 'missing'; outTradeNo?: string; outRefundNo?: string }
  | { id: number; kind: 'unknownTrade'; outTradeNo: string; transactionId: string; total: number }
  | { id: number; kind: 'summary'; deltaFen: number }

/** A bill as first generated: it does not change afterwards (a planted discrepancy regenerates it). */
export interface TradeBillSnapshot {
  billDate: string
  generatedAt: number
  rows: BillRow[]
  twist: SummaryTwist
}

/** A live download_url. */
export interface BillDownload {
  billDate: string
  type: TradeBillType
  rows: BillRow[]
  twist: SummaryTwist
  gzip: boolean
  hashValue: string
  expiresAt: number
}

function rowTime(row: BillRow): number {
  return row.kind === 'refund' ? row.requestedAt : row.paidAt
}

/** The bill rows of `date` from the ledger alone, in time order. */
export function genuineRows(core: EmulatorCore, date: string): BillRow[] {
  const rows: BillRow[] = []
  const { mchid } = core.identity.merchant
  for (const order of core.state.orders.values()) {
    if (order.paidAt === undefined || !order.transactionId || beijingDay(order.paidAt) !== date) continue
    rows.push({
      kind: 'payment',
      paidAt: order.paidAt,
      appid: order.appid,
      mchid,
      transactionId: order.transactionId,
      outTradeNo: order.outTradeNo,
      openid: order.payerOpenid ?? '',
      tradeType: order.tradeType,
      total: order.total,
      description: order.description,
      attach: order.attach ?? '',
      fee: feeOf(order.total),
    })
  }
  for (const refund of core.state.refunds.values()) {
    if (refund.status === 'CLOSED' || beijingDay(refund.requestedAt) !== date) continue
    const order = core.state.orders.get(refund.outTradeNo)
    if (!order || order.paidAt === undefined) continue
    rows.push({
      kind: 'refund',
      paidAt: order.paidAt,
      requestedAt: refund.requestedAt,
      ...(refund.successAt !== undefined ? { successAt: refund.successAt } : {}),
      appid: order.appid,
      mchid,
      transactionId: refund.transactionId,
      outTradeNo: refund.outTradeNo,
      openid: order.payerOpenid ?? '',
      tradeType: order.tradeType,
      refundId: refund.refundId,
      outRefundNo: refund.outRefundNo,
      refund: refund.refund,
      status: refund.status,
      description: order.description,
      attach: order.attach ?? '',
      fee: -feeOf(refund.refund),
    })
  }
  return rows.sort((a, b) => rowTime(a) - rowTime(b))
}

function matches(row: BillRow, ref: { outTradeNo?: string; outRefundNo?: string }): boolean {
  if (ref.outRefundNo !== undefined) return row.kind === 'refund' && row.outRefundNo === ref.outRefundNo
  return row.kind === 'payment' && row.outTradeNo === ref.outTradeNo
}

/** The rows and summary of `date` as the bill will show them: the ledger, then the planted discrepancies. */
export function billContent(core: EmulatorCore, date: string): { rows: BillRow[]; twist: SummaryTwist } {
  let rows = genuineRows(core, date)
  let totalDeltaFen = 0
  for (const planted of core.state.billDiscrepancies.get(date) ?? []) {
    if (planted.kind === 'summary') totalDeltaFen += planted.deltaFen
    if (planted.kind === 'missing') rows = rows.filter((row) => !matches(row, planted))
    if (planted.kind === 'amount') {
      rows = rows.map((row) => {
        if (!matches(row, planted)) return row
        if (row.kind === 'payment') return { ...row, total: row.total + planted.deltaFen, fee: feeOf(row.total + planted.deltaFen) }
        return { ...row, refund: row.refund + planted.deltaFen, fee: -feeOf(row.refund + planted.deltaFen) }
      })
    }
  }
  return { rows, twist: totalDeltaFen ? { totalDeltaFen } : {} }
}

/** Whether the ledger of `date` has the payment or refund a discrepancy names. */
export function ledgerHas(core: EmulatorCore, date: string, ref: { outTradeNo?: string; outRefundNo?: string }): boolean {
  return genuineRows(core, date).some((row) => matches(row, ref))
}

/**
 * A paid trade the merchant never placed (no notify is sent): it is in the
 * ledger, the bill of its day and the order query, as a payment the merchant
 * missed would be.
 */
export function plantUnknownTrade(
  core: EmulatorCore,
  args: { date: string; time: string; outTradeNo: string; total: number; description: string },
): Order {
  const paidAt = Date.parse(`${args.date}T${args.time}+08:00`)
  const appid = core.identity.apps.mp.appid
  const order: Order = {
    appid,
    mchid: core.identity.merchant.mchid,
    outTradeNo: args.outTradeNo,
    description: args.description,
    notifyUrl: '',
    total: args.total,
    currency: 'CNY',
    tradeType: 'JSAPI',
    payerOpenid: core.state.openid(appid, 'stranger'),
    fingerprint: '',
    prepayId: '',
    prepayExpiresAt: paidAt,
    state: 'SUCCESS',
    transactionId: '4200' + randomDigits(24),
    successTime: formatBeijingTime(paidAt),
    paidAt,
    createdAt: paidAt,
    refundedTotal: 0,
  }
  core.state.orders.set(order.outTradeNo, order)
  return order
}
