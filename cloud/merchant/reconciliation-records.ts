import type { Database } from '../shared/database'
import { COLLECTIONS } from '../shared/collections'

/**
 * What daily reconciliation keeps: one `wxkit-reconciliations` document per
 * bill date (the last run's result) and one `wxkit-bill-discrepancies`
 * document per finding. A finding's id is made of the bill date, its kind and
 * the trade or refund it names, so a rerun of the day finds the same ids and
 * adds nothing; a finding once applied stays applied.
 */

export const RECONCILIATIONS = COLLECTIONS.reconciliations
export const BILL_DISCREPANCIES = COLLECTIONS.billDiscrepancies

export const DAY_STATUSES = ['matched', 'discrepancies', 'not-ready', 'no-bill', 'failed'] as const
/** matched: every row agreed; discrepancies: some findings (applied or recorded); not-ready: STATEMENT_CREATING; no-bill: NO_STATEMENT_EXIST; failed: see `error`. */
export type DayStatus = (typeof DAY_STATUSES)[number]

export const DISCREPANCY_KINDS = ['paid-missing-here', 'refund-missing-here', 'missing-at-wechat', 'amount-mismatch', 'unknown-trade', 'totals-mismatch'] as const
/**
 * paid-missing-here: paid at WeChat Pay, not here; refund-missing-here:
 * refunded at WeChat Pay, not here; missing-at-wechat: paid or refunded here,
 * not in the bill; amount-mismatch: the bill's amount is not ours;
 * unknown-trade: a trade or refund no order here has; totals-mismatch: the
 * summary row against the sum of the rows, or against ours.
 */
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number]

/** applied: through the one transition, from WeChat Pay's signed query; recorded: for the merchant, nothing changed. */
export type DiscrepancyAction = 'applied' | 'recorded'

/** The bill's summary totals, or the totals here that the day's rows stand for. Fen; `fee` in 0.00001 yuan. */
export interface DayTotals {
  count: number
  total: number
  refund: number
  fee?: number
}

/** A `wxkit-reconciliations` document; `_id` is the bill date. */
export interface ReconciliationRecord {
  _id: string
  /** yyyy-MM-DD, a Beijing day. */
  billDate: string
  status: DayStatus
  /** Stable code of a failed run. */
  error?: string
  rows: number
  matched: number
  applied: number
  discrepancies: number
  /** When the last run ended (ms); 0 while the first one runs. */
  ranAt: number
  runs: number
  /** Failed runs in a row: the timer waits longer after each. */
  failures: number
  /** `timer`, or the name of the operator who ran it. */
  by: string
  hashValue?: string
  billTotals?: DayTotals
  oursTotals?: DayTotals
  durationMs?: number
  /** A run holds the day until then (ms); 0 when free. */
  leaseUntil: number
  leaseOwner?: string
  createdAt: number
  updatedAt: number
}

/** A `wxkit-bill-discrepancies` document. */
export interface DiscrepancyRecord {
  /** `billDate:kind:key` (key: T-out_trade_no, R-out_refund_no, or the totals column). */
  _id: string
  billDate: string
  kind: DiscrepancyKind
  outTradeNo?: string
  outRefundNo?: string
  transactionId?: string
  orderId?: string
  /** The refund here (wxkit-refunds). */
  refundId?: string
  /** Fen here. */
  ours?: number
  /** Fen in the bill. */
  theirs?: number
  /** totals-mismatch: which summary column. */
  column?: string
  action: DiscrepancyAction
  /** What was found and done, for the merchant. */
  note: string
  detectedAt: number
  updatedAt: number
}

/** A day as the console shows it. */
export interface ReconciliationDayView {
  billDate: string
  status: DayStatus
  rows: number
  matched: number
  applied: number
  discrepancies: number
  ranAt: number
  /** Why the last run failed (a stable code). */
  error?: string
  /** A run holds the day right now. */
  running?: true
}

/** A discrepancy as the console shows it. */
export interface BillDiscrepancyView {
  id: string
  kind: DiscrepancyKind
  outTradeNo?: string
  outRefundNo?: string
  transactionId?: string
  orderId?: string
  ours?: number
  theirs?: number
  action: DiscrepancyAction
  note: string
}

/** The reconciliations collection. */
export function reconciliationsOf(db: Database) {
  return db.collection<ReconciliationRecord>(RECONCILIATIONS)
}

/** The discrepancies collection. */
export function discrepanciesOf(db: Database) {
  return db.collection<DiscrepancyRecord>(BILL_DISCREPANCIES)
}

/** The console's view of a day (`now` tells a running day). */
export function toDayView(day: ReconciliationRecord, now: number): ReconciliationDayView {
  const view: ReconciliationDayView = {
    billDate: day.billDate,
    status: day.status,
    rows: day.rows,
    matched: day.matched,
    applied: day.applied,
    discrepancies: day.discrepancies,
    ranAt: day.ranAt,
  }
  if (day.error) view.error = day.error
  if (day.leaseUntil > now) view.running = true
  return view
}

/** The console's view of a discrepancy. */
export function toDiscrepancyView(record: DiscrepancyRecord): BillDiscrepancyView {
  const view: BillDiscrepancyView = { id: record._id, kind: record.kind, action: record.action, note: record.note }
  for (const key of ['outTradeNo', 'outRefundNo', 'transactionId', 'orderId'] as const) if (record[key]) view[key] = record[key]
  if (record.ours !== undefined) view.ours = record.ours
  if (record.theirs !== undefined) view.theirs = record.theirs
  return view
}

/** Days reconciled, newest bill date first, `pageSize` per page. */
export async function listDays(db: Database, page: number, pageSize: number): Promise<{ days: ReconciliationRecord[]; hasMore: boolean }> {
  const { data } = await reconciliationsOf(db)
    .orderBy('billDate', 'desc')
    .skip((page - 1) * pageSize)
    .limit(pageSize + 1)
    .get()
  return { days: data.slice(0, pageSize), hasMore: data.length > pageSize }
}

/** One day's document, or undefined when it was never run. */
export async function findDay(db: Database, billDate: string): Promise<ReconciliationRecord | undefined> {
  const { data } = await reconciliationsOf(db).doc(billDate).get()
  return data[0]
}

/** The discrepancies of a day in the order they were found, `pageSize` per page. */
export async function discrepanciesOfDay(db: Database, billDate: string, page: number, pageSize: number): Promise<{ discrepancies: DiscrepancyRecord[]; hasMore: boolean }> {
  const { data } = await discrepanciesOf(db)
    .where({ billDate })
    .orderBy('detectedAt', 'asc')
    .orderBy('_id', 'asc')
    .skip((page - 1) * pageSize)
    .limit(pageSize + 1)
    .get()
  return { discrepancies: data.slice(0, pageSize), hasMore: data.length > pageSize }
}
