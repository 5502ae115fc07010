import { BILL_FEE_RATE_PER_MILLE } from '../constants'

/**
 * The text of a WeChat Pay trade bill (交易账单), as a pure function of its
 * rows: a Chinese header row, one row per trade or refund with every field
 * prefixed by a backtick, then the summary header and the summary row (also
 * backticked). Amounts in yuan with two decimals, fees with five, times in
 * Beijing time. Kept apart from the ledger so golden tests can pin the text.
 */

export type TradeBillType = 'ALL' | 'SUCCESS' | 'REFUND'
export const TRADE_BILL_TYPES: readonly TradeBillType[] = ['ALL', 'SUCCESS', 'REFUND']

/** A successful payment as the bill shows it. */
export interface BillPaymentRow {
  kind: 'payment'
  paidAt: number
  appid: string
  mchid: string
  transactionId: string
  outTradeNo: string
  openid: string
  tradeType: string
  /** 应结订单金额 and 订单金额, in fen. */
  total: number
  description: string
  attach: string
  /** 手续费 in fen. */
  fee: number
}

/** A refund as the bill shows it. */
export interface BillRefundRow {
  kind: 'refund'
  paidAt: number
  requestedAt: number
  successAt?: number
  appid: string
  mchid: string
  transactionId: string
  outTradeNo: string
  openid: string
  tradeType: string
  refundId: string
  outRefundNo: string
  /** 退款金额 and 申请退款金额, in fen. */
  refund: number
  status: string
  description: string
  attach: string
  /** 手续费 in fen (negative: the fee given back). */
  fee: number
}

export type BillRow = BillPaymentRow | BillRefundRow

/** `YYYY-MM-DD HH:mm:ss` in Beijing time. */
export function beijingDateTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}

function digits(fen: number, decimals: 2 | 5): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.round(fen))
  const cents = String(abs % 100).padStart(2, '0')
  return `${sign}${Math.floor(abs / 100)}.${cents}${decimals === 5 ? '000' : ''}`
}

/** Fen as yuan with two decimals: 2990 → `29.90`. */
export function yuan(fen: number): string {
  return digits(fen, 2)
}

/** A fee in fen as WeChat Pay prints it, five decimals: 32 → `0.32000`, -27 → `-0.27000`. */
export function feeYuan(fen: number): string {
  return digits(fen, 5)
}

/** The fee on an amount at the emulator's rate, rounded half up to the fen. */
export function feeOf(fen: number): number {
  return Math.round((fen * BILL_FEE_RATE_PER_MILLE) / 1000)
}

/** The 费率 column. */
export const FEE_RATE_TEXT = `${(BILL_FEE_RATE_PER_MILLE / 10).toFixed(2)}%`

type Column = readonly [header: string, value: (row: BillRow) => string]

const pay = (row: BillRow) => row.kind === 'payment'
const common: readonly Column[] = [
  ['公众账号ID', (r) => r.appid],
  ['商户号', (r) => r.mchid],
  ['特约商户号', () => '0'],
  ['设备号', () => ''],
  ['微信订单号', (r) => r.transactionId],
  ['商户订单号', (r) => r.outTradeNo],
  ['用户标识', (r) => r.openid],
  ['交易类型', (r) => r.tradeType],
  ['交易状态', (r) => (pay(r) ? 'SUCCESS' : 'REFUND')],
  ['付款银行', () => 'OTHERS'],
  ['货币种类', () => 'CNY'],
  ['应结订单金额', (r) => yuan(r.kind === 'payment' ? r.total : 0)],
  ['代金券金额', () => '0.00'],
]
const refundIds: readonly Column[] = [
  ['微信退款单号', (r) => (r.kind === 'refund' ? r.refundId : '0')],
  ['商户退款单号', (r) => (r.kind === 'refund' ? r.outRefundNo : '0')],
  ['退款金额', (r) => yuan(r.kind === 'refund' ? r.refund : 0)],
  ['充值券退款金额', () => '0.00'],
  ['退款类型', (r) => (r.kind === 'refund' ? 'ORIGINAL' : '')],
  ['退款状态', (r) => (r.kind === 'refund' ? r.status : '')],
]
const goods: readonly Column[] = [
  ['商品名称', (r) => r.description],
  ['商户数据包', (r) => r.attach],
  ['手续费', (r) => feeYuan(r.fee)],
  ['费率', () => FEE_RATE_TEXT],
  ['订单金额', (r) => yuan(r.kind === 'payment' ? r.total : 0)],
]
const appliedRefund: Column = ['申请退款金额', (r) => yuan(r.kind === 'refund' ? r.refund : 0)]
const rateNote: Column = ['费率备注', () => '']

/** The columns of each bill type, in the order WeChat Pay writes them. */
const COLUMNS: Record<TradeBillType, readonly Column[]> = {
  // In ALL, a refund row is dated by the refund; in REFUND, 交易时间 stays the payment's.
  ALL: [['交易时间', (r) => beijingDateTime(r.kind === 'refund' ? r.requestedAt : r.paidAt)], ...common, ...refundIds, ...goods, appliedRefund, rateNote],
  SUCCESS: [['交易时间', (r) => beijingDateTime(r.paidAt)], ...common, ...goods, rateNote],
  REFUND: [
    ['交易时间', (r) => beijingDateTime(r.paidAt)],
    ...common,
    ['退款申请时间', (r) => (r.kind === 'refund' ? beijingDateTime(r.requestedAt) : '')],
    ['退款成功时间', (r) => (r.kind === 'refund' && r.successAt !== undefined ? beijingDateTime(r.successAt) : '')],
    ...refundIds,
    ...goods,
    appliedRefund,
    rateNote,
  ],
}

/** The header row of each bill type. */
export const TRADE_BILL_HEADERS: Record<TradeBillType, readonly string[]> = {
  ALL: COLUMNS.ALL.map(([header]) => header),
  SUCCESS: COLUMNS.SUCCESS.map(([header]) => header),
  REFUND: COLUMNS.REFUND.map(([header]) => header),
}

/** The summary header, the same for every bill type. */
export const TRADE_BILL_SUMMARY_HEADER: readonly string[] = [
  '总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额',
]

/** The rows a bill type lists. */
export function rowsOfType(rows: readonly BillRow[], type: TradeBillType): BillRow[] {
  if (type === 'SUCCESS') return rows.filter((row) => row.kind === 'payment')
  if (type === 'REFUND') return rows.filter((row) => row.kind === 'refund')
  return [...rows]
}

/** Deliberate inconsistencies of the summary row (a planted discrepancy). */
export interface SummaryTwist {
  /** Added to 应结订单总金额 and 订单总金额, in fen. */
  totalDeltaFen?: number
}

/**
 * The bill text of `type` over `rows` (already the rows of its day), lines
 * ended by `\n`, the file ended by one.
 */
export function tradeBillCsv(rows: readonly BillRow[], type: TradeBillType, twist: SummaryTwist = {}): string {
  const listed = rowsOfType(rows, type)
  const columns = COLUMNS[type]
  const lines = [TRADE_BILL_HEADERS[type].join(',')]
  for (const row of listed) lines.push(columns.map(([, value]) => '`' + value(row)).join(','))
  let total = 0
  let refunded = 0
  let fees = 0
  for (const row of listed) {
    if (row.kind === 'payment') total += row.total
    else refunded += row.refund
    fees += row.fee
  }
  total += twist.totalDeltaFen ?? 0
  lines.push(TRADE_BILL_SUMMARY_HEADER.join(','))
  lines.push(
    [String(listed.length), yuan(total), yuan(refunded), '0.00', feeYuan(fees), yuan(total), yuan(refunded)]
      .map((value) => '`' + value)
      .join(','),
  )
  return lines.join('\n') + '\n'
}
