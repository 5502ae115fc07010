import { isDuplicateKeyError, type Database } from '../shared/database'
import { commands, inRange } from '../shared/db-commands'
import { CloudError } from '../shared/errors'
import { errorLabel } from '../shared/error-label'
import { randomId } from '../shared/env'
import { isWxpayError } from '../wxpay/errors'
import { PaymentMatchError } from '../pay/match-error'
import { PAID_STATUSES, findOrderByOutTradeNo, ordersOf, type OrderRecord } from '../pay/orders'
import type { PayDeps } from '../pay/pay-deps'
import { applyTransaction } from '../pay/payments'
import { refundsOf, type RefundRecord } from '../pay/refund-records'
import { applyRefund, refundReportOf } from '../pay/refunds'
import { parseWechatTime } from '../pay/trade-numbers'
import { TradeBillReader, type TradeBillRow, type TradeBillSummary } from './bill-csv'
import { beijingDate, beijingDayRange } from '../shared/beijing-time'
import { daysDue, timerWindow } from './bill-days'
import {
  MATCH_ORDER_FIELDS,
  MATCH_REFUND_FIELDS,
  addRow,
  checkSummaryAgainstOurs,
  checkSummaryAgainstRows,
  emptySums,
  matchRow,
  missingPayment,
  missingRefund,
  type Application,
  type Finding,
  type MatchOrder,
  type MatchRefund,
} from './bill-match'
import {
  discrepanciesOf,
  reconciliationsOf,
  type DayStatus,
  type DayTotals,
  type DiscrepancyAction,
  type DiscrepancyRecord,
  type ReconciliationRecord,
} from './reconciliation-records'
import { fetchTradeBill, type BillGateway } from './trade-bill'

/**
 * Daily reconciliation of one bill date against the orders and refunds here.
 *
 * 1. The day is claimed with a lease (a timer run and a console run never
 *    overlap); the bill is fetched and verified (trade-bill.ts).
 * 2. The whole file is parsed once before anything is looked up, so a file
 *    that is not WeChat Pay's format changes nothing; the rows are summed.
 * 3. It is read again in batches: each batch's trades and refunds are looked
 *    up with one query each (`in` over the batch), each row matched
 *    (bill-match.ts). Memory stays one batch, whatever the bill's size.
 * 4. What WeChat Pay has and this database does not — a payment (the
 *    notify and every query lost) or a refund — is applied through the one
 *    transition, from WeChat Pay's signed query of that trade or refund, never
 *    from the bill's own columns: the query is verified per answer, carries
 *    exactly what `applyTransaction` / `applyRefund` match on (appid, mchid,
 *    amount, the trade's current state and RFC 3339 success_time), and the
 *    notify, the getOrder poll and the timer already trust it, so there is one
 *    code path for a payment whoever finds it. The bill only says where to ask.
 * 5. Payments and refunds here on that Beijing day that the bill lacks, the
 *    summary row against the rows and against ours: recorded, nothing changed.
 * 6. Findings are stored under stable ids; a rerun adds nothing it found
 *    before, and a finding once applied stays applied.
 * A run stops starting new work when its time budget is spent (the day is
 * then `failed` with TIME_BUDGET and the timer finishes it later); so does one
 * whose WeChat Pay queries failed (WXPAY_UNAVAILABLE).
 */

/** What reconciliation needs: the payment flows' dependencies and the bill download. */
export interface ReconciliationDeps extends PayDeps {
  bills: BillGateway
}

/** How one run works. */
export interface ReconcileDayOptions {
  /** `timer`, or the operator's name. */
  by: string
  /** No new step starts after this long (ms); the cloud function's own timeout must leave room for the last one. */
  budgetMs?: number
  /** Rows looked up per batch (one orders query and one refunds query each; `in` of at most this many). */
  batchSize?: number
  /** WeChat Pay queries in flight at once while applying. */
  concurrency?: number
}

/** payAdmin's timeout is 60 s: a run stops starting work after 40 s. */
export const RECONCILE_DAY_DEFAULTS = { budgetMs: 40_000, batchSize: 500, concurrency: 4 } as const
/** A run's lease outlives its budget by this much (the last step in flight). */
const LEASE_MARGIN_MS = 20_000
/** uniCloud answers at most 1000 documents per get. */
const PAGE = 1000

type Outcome = { applied: true; note: string } | { applied: false; note: string; transient: boolean }

/** A finding with what was done about it. */
type Decided = Finding & { action: DiscrepancyAction }

/** What a run learnt, written to the day at the end. */
interface RunState {
  rows: number
  matched: number
  findings: Decided[]
  ours: DayTotals
  billTotals?: DayTotals
  hashValue?: string
  /** Set when the run could not finish its work (the day ends `failed`). */
  error?: string
}

function failureCode(error: unknown): string {
  if (error instanceof CloudError) return error.code
  if (isWxpayError(error)) return error.wechatCode ? `WXPAY_${error.wechatCode}` : `WXPAY_${error.code}`
  return 'INTERNAL_ERROR'
}

/** A WeChat Pay failure worth asking again later (no answer, 5xx, 429), as opposed to a definitive answer. */
function isTransient(error: unknown): boolean {
  if (error instanceof PaymentMatchError) return false
  if (isWxpayError(error, 'UPSTREAM_ERROR')) return (error.status ?? 500) >= 500 || error.status === 429
  return true
}

/** Run `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lane = async () => {
    while (next < items.length) await work(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
}

/** The day's document, claimed for this run; RECONCILIATION_BUSY when another run holds it. */
async function claimDay(deps: ReconciliationDeps, billDate: string, owner: string, by: string, leaseMs: number): Promise<ReconciliationRecord> {
  const now = deps.env.now()
  const days = reconciliationsOf(deps.db)
  const { doc } = await days.where({ _id: billDate, leaseUntil: commands(deps.db).lt(now) }).updateAndReturn({ leaseUntil: now + leaseMs, leaseOwner: owner, updatedAt: now })
  if (doc) return doc
  // Never run: the document is created claimed. Until the run ends it reads as an interrupted run, which the timer picks up should this one die.
  const fresh: ReconciliationRecord = {
    _id: billDate,
    billDate,
    status: 'failed',
    error: 'INTERRUPTED',
    rows: 0,
    matched: 0,
    applied: 0,
    discrepancies: 0,
    ranAt: 0,
    runs: 0,
    failures: 0,
    by,
    leaseUntil: now + leaseMs,
    leaseOwner: owner,
    createdAt: now,
    updatedAt: now,
  }
  try {
    await days.add(fresh as unknown as Record<string, unknown>)
    return fresh
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error
  }
  throw new CloudError('RECONCILIATION_BUSY', 'this day is being reconciled right now')
}

/** Orders holding any of these trades, by out_trade_no (one query). */
async function ordersByTrade(db: Database, tradeNos: readonly string[]): Promise<Map<string, MatchOrder>> {
  const byTrade = new Map<string, MatchOrder>()
  if (tradeNos.length === 0) return byTrade
  const { data } = await ordersOf(db)
    .where({ tradeNos: commands(db).in(tradeNos) })
    .field(MATCH_ORDER_FIELDS)
    .limit(PAGE)
    .get()
  for (const order of data as MatchOrder[]) for (const no of order.tradeNos ?? [order.outTradeNo]) byTrade.set(no, order)
  return byTrade
}

/** Refunds with any of these out_refund_nos (one query). */
async function refundsByNumber(db: Database, refundNos: readonly string[]): Promise<Map<string, MatchRefund>> {
  const byNumber = new Map<string, MatchRefund>()
  if (refundNos.length === 0) return byNumber
  const { data } = await refundsOf(db)
    .where({ outRefundNo: commands(db).in(refundNos) })
    .field(MATCH_REFUND_FIELDS)
    .limit(PAGE)
    .get()
  for (const refund of data as MatchRefund[]) if (refund.outRefundNo) byNumber.set(refund.outRefundNo, refund)
  return byNumber
}

/** Apply a payment WeChat Pay has and this database does not: its signed query, through applyTransaction. */
async function applyPayment(deps: ReconciliationDeps, outTradeNo: string): Promise<Outcome> {
  let tx: Awaited<ReturnType<ReconciliationDeps['gateway']['queryOrderByOutTradeNo']>>
  try {
    tx = await deps.gateway.queryOrderByOutTradeNo(outTradeNo)
  } catch (error) {
    return { applied: false, transient: isTransient(error), note: `向微信支付查询该订单失败（${failureCode(error)}），未入账` }
  }
  if (tx.trade_state !== 'SUCCESS' && tx.trade_state !== 'REFUND') {
    return { applied: false, transient: false, note: `微信支付的订单查询结果为 ${String(tx.trade_state).slice(0, 16)}，未入账，请核实` }
  }
  try {
    const { order } = await applyTransaction(deps, tx, 'bill')
    return paymentOutcome(order, outTradeNo)
  } catch (error) {
    if (error instanceof PaymentMatchError) {
      return { applied: false, transient: false, note: `微信支付的订单查询结果与本地订单不一致（${error.fields.join('、') || '订单'}），未入账` }
    }
    // The transition may have been made before a later step failed (a fulfilment hook, say): look.
    deps.log.warn(`[merchant] applying trade ${outTradeNo} from the bill failed after the query: ${errorLabel(error)}`)
    const order = await findOrderByOutTradeNo(deps.db, outTradeNo)
    if (order) {
      const outcome = paymentOutcome(order, outTradeNo)
      if (outcome.applied) return { applied: true, note: `${outcome.note}；履约未完成，定时任务会重试` }
    }
    return { applied: false, transient: true, note: `入账未完成（${failureCode(error)}），下次对账再试` }
  }
}

function paymentOutcome(order: OrderRecord, outTradeNo: string): Outcome {
  if (order.duplicates?.[outTradeNo]) return { applied: true, note: '订单已由另一笔交易支付，这笔已记为重复支付并自动全额退款' }
  if (PAID_STATUSES.includes(order.status) && order.outTradeNo === outTradeNo) return { applied: true, note: '已按微信支付的订单查询结果入账' }
  return { applied: false, transient: true, note: '入账未完成，下次对账再试' }
}

/** Apply a refund WeChat Pay has paid out and this database has not settled: its signed query, through applyRefund. */
async function applyRefundFromBill(deps: ReconciliationDeps, outRefundNo: string): Promise<Outcome> {
  let answer: Awaited<ReturnType<ReconciliationDeps['gateway']['queryRefund']>>
  try {
    answer = await deps.gateway.queryRefund(outRefundNo)
  } catch (error) {
    return { applied: false, transient: isTransient(error), note: `向微信支付查询该退款失败（${failureCode(error)}），未改动` }
  }
  try {
    const refund = await applyRefund(deps, refundReportOf(answer), 'bill')
    if (refund.status === 'SUCCESS') return { applied: true, note: '已按微信支付的退款查询结果记为退款成功' }
    return { applied: false, transient: false, note: `微信支付的退款查询结果为 ${String(answer.status).slice(0, 16)}，本地退款为 ${refund.status}，请核实` }
  } catch (error) {
    if (error instanceof PaymentMatchError) {
      return { applied: false, transient: false, note: `微信支付的退款查询结果与本地退款不一致（${error.fields.join('、') || '退款'}），未改动` }
    }
    return { applied: false, transient: true, note: `退款记账未完成（${failureCode(error)}），下次对账再试` }
  }
}

/** Apply one row's application (or note why it could not be) and answer the decided finding. */
async function decide(deps: ReconciliationDeps, application: Application, outOfTime: () => boolean, state: RunState): Promise<boolean> {
  const { finding } = application
  if (outOfTime()) {
    state.error ??= 'TIME_BUDGET'
    state.findings.push({ ...finding, action: 'recorded', note: `${finding.note}：本次对账时间用尽，下次对账继续处理` })
    return false
  }
  const outcome = application.kind === 'payment' ? await applyPayment(deps, application.outTradeNo) : await applyRefundFromBill(deps, application.outRefundNo)
  if (!outcome.applied && outcome.transient) state.error ??= 'WXPAY_UNAVAILABLE'
  state.findings.push({ ...finding, action: outcome.applied ? 'applied' : 'recorded', note: `${finding.note}：${outcome.note}` })
  if (outcome.applied) deps.log.info(`[merchant] ${application.kind === 'payment' ? `trade ${application.outTradeNo}` : `refund ${application.refundId}`} applied from the trade bill`)
  return outcome.applied
}

/** Match and apply one batch of rows. */
async function reconcileBatch(deps: ReconciliationDeps, rows: readonly TradeBillRow[], state: RunState, seen: { trades: Set<string>; refunds: Set<string> }, options: Required<Omit<ReconcileDayOptions, 'by'>>, outOfTime: () => boolean): Promise<void> {
  const tradeNos = [...new Set(rows.map((row) => row.outTradeNo).filter(Boolean))]
  const refundNos = [...new Set(rows.filter((row) => row.tradeState === 'REFUND' && row.outRefundNo).map((row) => row.outRefundNo))]
  const [orders, refunds] = await Promise.all([ordersByTrade(deps.db, tradeNos), refundsByNumber(deps.db, refundNos)])
  const pending: Array<{ application: Application; ours: number; side: 'payment' | 'refund'; clean: boolean }> = []
  for (const row of rows) {
    if (row.tradeState === 'REFUND') seen.refunds.add(row.outRefundNo)
    else seen.trades.add(row.outTradeNo)
    const match = matchRow(row, orders.get(row.outTradeNo), row.outRefundNo ? refunds.get(row.outRefundNo) : undefined)
    for (const finding of match.findings) state.findings.push({ ...finding, action: 'recorded' })
    if (match.application) {
      pending.push({ application: match.application, ours: match.ours, side: match.side, clean: match.findings.length === 0 })
      continue
    }
    if (match.findings.length === 0) state.matched++
    addOurs(state.ours, match.side, match.ours)
  }
  await eachLimited(pending, options.concurrency, async ({ application, ours, side, clean }) => {
    const applied = await decide(deps, application, outOfTime, state)
    if (!applied) return
    // Once applied the row agrees with what is here (unless it also differs in amount).
    if (clean) state.matched++
    addOurs(state.ours, side, ours)
  })
}

function addOurs(ours: DayTotals, side: 'payment' | 'refund', amount: number): void {
  if (amount === 0) return
  ours.count++
  if (side === 'payment') ours.total += amount
  else ours.refund += amount
}

/** Paid orders of the day (paidAt in the Beijing day) the bill did not list. */
async function ordersMissingFromBill(deps: ReconciliationDeps, billDate: string, seen: ReadonlySet<string>, state: RunState): Promise<void> {
  const { start, end } = beijingDayRange(billDate)
  for (let page = 0; ; page++) {
    const { data } = await ordersOf(deps.db)
      .where({ paidAt: inRange(deps.db, start, end) })
      .field({ _id: true, outTradeNo: true, transactionId: true, amount: true, status: true })
      .orderBy('paidAt', 'asc')
      .orderBy('_id', 'asc')
      .skip(page * PAGE)
      .limit(PAGE)
      .get()
    for (const order of data) {
      if (!PAID_STATUSES.includes(order.status) || seen.has(order.outTradeNo)) continue
      state.findings.push({ ...missingPayment(order), action: 'recorded' })
      addOurs(state.ours, 'payment', order.amount)
    }
    if (data.length < PAGE) return
  }
}

/**
 * Refunds settled here that were sent on the day and that the bill did not
 * list. Our send time is the last attempt's, WeChat Pay's day is the
 * request's: each one not listed is asked about (signed), and counted only
 * when WeChat Pay's create_time falls on the day.
 */
async function refundsMissingFromBill(deps: ReconciliationDeps, billDate: string, seen: ReadonlySet<string>, state: RunState): Promise<void> {
  const { start, end } = beijingDayRange(billDate)
  const candidates: RefundRecord[] = []
  for (let page = 0; ; page++) {
    const { data } = await refundsOf(deps.db)
      .where({ status: 'SUCCESS', submittedAt: inRange(deps.db, start, end) })
      .orderBy('submittedAt', 'asc')
      .orderBy('_id', 'asc')
      .skip(page * PAGE)
      .limit(PAGE)
      .get()
    for (const refund of data) if (refund.outRefundNo && !seen.has(refund.outRefundNo)) candidates.push(refund)
    if (data.length < PAGE) break
  }
  for (const refund of candidates) {
    let createdOn: string | undefined
    try {
      const answer = await deps.gateway.queryRefund(refund.outRefundNo as string)
      const created = parseWechatTime(answer.create_time)
      createdOn = created === undefined ? billDate : beijingDate(created)
    } catch (error) {
      // Unverified, it is not recorded (it may belong to another day); the day is run again.
      deps.log.warn(`[merchant] refund ${refund._id} not in the bill of ${billDate}; asking WeChat Pay failed: ${errorLabel(error)}`)
      state.error ??= 'WXPAY_UNAVAILABLE'
      continue
    }
    if (createdOn !== billDate) continue
    state.findings.push({ ...missingRefund(refund), action: 'recorded' })
    addOurs(state.ours, 'refund', refund.amount)
  }
}

function discrepancyId(billDate: string, finding: Finding): string {
  return `${billDate}:${finding.kind}:${finding.key}`
}

function toRecord(billDate: string, finding: Decided, now: number): DiscrepancyRecord {
  const { key: _key, action, note, ...facts } = finding
  const record: DiscrepancyRecord = { _id: discrepancyId(billDate, finding), billDate, kind: finding.kind, action, note: note.slice(0, 300), detectedAt: now, updatedAt: now }
  for (const field of ['outTradeNo', 'outRefundNo', 'transactionId', 'orderId', 'refundId', 'column'] as const) if (facts[field]) record[field] = facts[field]
  if (facts.ours !== undefined) record.ours = facts.ours
  if (facts.theirs !== undefined) record.theirs = facts.theirs
  return record
}

/**
 * Store the run's findings under their stable ids: new ones are added; one
 * recorded before is upgraded when this run applied it (or its note changed);
 * one applied before is left as it is. Answers the day's totals.
 */
async function recordFindings(deps: ReconciliationDeps, billDate: string, findings: readonly Decided[]): Promise<{ discrepancies: number; applied: number }> {
  const existing = new Map<string, DiscrepancyRecord>()
  for (let page = 0; ; page++) {
    const { data } = await discrepanciesOf(deps.db).where({ billDate }).orderBy('_id', 'asc').skip(page * PAGE).limit(PAGE).get()
    for (const record of data) existing.set(record._id, record)
    if (data.length < PAGE) break
  }
  const now = deps.env.now()
  const fresh = new Map<string, DiscrepancyRecord>()
  const changed: DiscrepancyRecord[] = []
  for (const finding of findings) {
    const record = toRecord(billDate, finding, now)
    const before = existing.get(record._id) ?? fresh.get(record._id)
    if (!before) {
      fresh.set(record._id, record)
      continue
    }
    if (before.action === 'applied') continue
    if (record.action === 'applied' || record.note !== before.note || record.ours !== before.ours || record.theirs !== before.theirs) {
      const updated = { ...before, action: record.action, note: record.note, updatedAt: now, ...(record.ours !== undefined ? { ours: record.ours } : {}), ...(record.theirs !== undefined ? { theirs: record.theirs } : {}) }
      if (fresh.has(record._id)) fresh.set(record._id, updated)
      else changed.push(updated)
    }
  }
  const inserts = [...fresh.values()]
  for (let i = 0; i < inserts.length; i += 500) {
    const chunk = inserts.slice(i, i + 500)
    try {
      await (discrepanciesOf(deps.db) as unknown as { add(docs: object[]): Promise<unknown> }).add(chunk)
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error
      // Another run stored some of them meanwhile (its lease ran out): add the rest one by one.
      for (const record of chunk) await discrepanciesOf(deps.db).add(record as unknown as Record<string, unknown>).catch((e: unknown) => {
        if (!isDuplicateKeyError(e)) throw e
      })
    }
  }
  await eachLimited(changed, 8, async (record) => {
    await discrepanciesOf(deps.db)
      .where({ _id: record._id, action: 'recorded' })
      .update({ action: record.action, note: record.note, updatedAt: now, ...(record.ours !== undefined ? { ours: record.ours } : {}), ...(record.theirs !== undefined ? { theirs: record.theirs } : {}) })
    existing.set(record._id, record)
  })
  for (const record of inserts) existing.set(record._id, record)
  let applied = 0
  for (const record of existing.values()) if (record.action === 'applied') applied++
  return { discrepancies: existing.size, applied }
}

function summaryTotals(summary: TradeBillSummary): DayTotals {
  return { count: summary.count, total: summary.total, refund: summary.appliedRefund, fee: summary.fee }
}

/**
 * Reconcile one bill date (yyyy-MM-DD, a Beijing day) and answer the day as
 * stored. RECONCILIATION_BUSY when another run holds it.
 */
export async function reconcileDay(deps: ReconciliationDeps, billDate: string, options: ReconcileDayOptions): Promise<ReconciliationRecord> {
  const settings = { ...RECONCILE_DAY_DEFAULTS, ...options }
  const owner = randomId(deps.env)
  const started = deps.env.now()
  const before = await claimDay(deps, billDate, owner, options.by, settings.budgetMs + LEASE_MARGIN_MS)
  const deadline = started + settings.budgetMs
  const outOfTime = () => deps.env.now() >= deadline
  const state: RunState = { rows: 0, matched: 0, findings: [], ours: { count: 0, total: 0, refund: 0 } }
  let status: DayStatus
  try {
    status = await run(deps, billDate, state, settings, outOfTime)
  } catch (error) {
    deps.log.error(`[merchant] reconciliation of ${billDate} failed: ${errorLabel(error)}`)
    state.error = failureCode(error)
    status = 'failed'
  }
  // Nothing from a refused file is recorded; what a run found before failing is.
  const totals = state.findings.length > 0 || status === 'matched' || status === 'discrepancies' || status === 'no-bill'
    ? await recordFindings(deps, billDate, state.findings)
    : { discrepancies: before.discrepancies, applied: before.applied }
  if (state.error) status = 'failed'
  else if (status === 'discrepancies' || status === 'matched') status = totals.discrepancies > 0 ? 'discrepancies' : 'matched'
  const now = deps.env.now()
  const result = {
    status,
    rows: state.rows,
    matched: state.matched,
    applied: totals.applied,
    discrepancies: totals.discrepancies,
    ranAt: now,
    runs: (before.runs ?? 0) + 1,
    failures: status === 'failed' ? (before.failures ?? 0) + 1 : 0,
    by: options.by,
    durationMs: Math.max(0, now - started),
    leaseUntil: 0,
    updatedAt: now,
  }
  const cmd = commands(deps.db)
  const { doc } = await reconciliationsOf(deps.db)
    .where({ _id: billDate, leaseOwner: owner })
    .updateAndReturn({
      ...result,
      oursTotals: cmd.set(state.ours),
      error: state.error ?? cmd.remove(),
      hashValue: state.hashValue ?? cmd.remove(),
      billTotals: state.billTotals ? cmd.set(state.billTotals) : cmd.remove(),
    })
  deps.log.info(`[merchant] reconciliation of ${billDate}: ${status}${state.error ? ` (${state.error})` : ''}, ${state.rows} rows, ${state.matched} matched, ${totals.applied} applied, ${totals.discrepancies} discrepancies`)
  if (doc) return doc
  // The lease ran out and another run took the day: answer what this run found.
  const { error: _error, hashValue: _hash, billTotals: _totals, ...kept } = before
  return { ...kept, ...result, oursTotals: state.ours, ...(state.error ? { error: state.error } : {}), ...(state.hashValue ? { hashValue: state.hashValue } : {}), ...(state.billTotals ? { billTotals: state.billTotals } : {}) }
}

async function run(deps: ReconciliationDeps, billDate: string, state: RunState, settings: Required<Omit<ReconcileDayOptions, 'by'>>, outOfTime: () => boolean): Promise<DayStatus> {
  const fetched = await fetchTradeBill(deps.bills, billDate)
  if (fetched.status === 'not-ready') return 'not-ready'
  const seen = { trades: new Set<string>(), refunds: new Set<string>() }
  if (fetched.status === 'no-bill') {
    // No bill means WeChat Pay had no trade that day: every payment and refund here that day is missing there.
    await ordersMissingFromBill(deps, billDate, seen.trades, state)
    await refundsMissingFromBill(deps, billDate, seen.refunds, state)
    return 'no-bill'
  }
  state.hashValue = fetched.hashValue
  // First pass: the whole file must parse before anything is looked up or applied.
  const sums = emptySums()
  const check = new TradeBillReader(fetched.text)
  for (const row of check.rows()) addRow(sums, row)
  const summary = check.summary
  state.rows = sums.count
  state.billTotals = summaryTotals(summary)
  // Second pass: batches.
  let batch: TradeBillRow[] = []
  for (const row of new TradeBillReader(fetched.text).rows()) {
    batch.push(row)
    if (batch.length < settings.batchSize) continue
    if (outOfTime()) {
      state.error ??= 'TIME_BUDGET'
      return 'failed'
    }
    await reconcileBatch(deps, batch, state, seen, settings, outOfTime)
    batch = []
  }
  if (batch.length > 0) await reconcileBatch(deps, batch, state, seen, settings, outOfTime)
  if (outOfTime()) {
    state.error ??= 'TIME_BUDGET'
    return 'failed'
  }
  await ordersMissingFromBill(deps, billDate, seen.trades, state)
  await refundsMissingFromBill(deps, billDate, seen.refunds, state)
  for (const finding of checkSummaryAgainstRows(summary, sums)) state.findings.push({ ...finding, action: 'recorded' })
  // Against ours only once every row had its chance: a run cut short would compare half a day.
  if (!state.error) for (const finding of checkSummaryAgainstOurs(summary, state.ours)) state.findings.push({ ...finding, action: 'recorded' })
  return 'discrepancies'
}

/** What one timer run did. */
export interface TimerSummary {
  /** Days that were due. */
  due: number
  days: Array<{ billDate: string; status: DayStatus | 'busy'; error?: string }>
}

/**
 * The timer's work at `now` (the trigger's time): run the days due — the
 * newest bill and, within the window, days never run, not ready yet, or
 * failed and waited for — oldest first, within one budget for them all.
 */
export async function reconcileDueDays(deps: ReconciliationDeps, now: number, options: { budgetMs?: number } = {}): Promise<TimerSummary> {
  const window = timerWindow(now)
  const { data } = await reconciliationsOf(deps.db)
    .where({ billDate: commands(deps.db).in(window) })
    .field({ billDate: true, status: true, failures: true, ranAt: true, leaseUntil: true })
    .limit(window.length)
    .get()
  const due = daysDue(now, data)
  const summary: TimerSummary = { due: due.length, days: [] }
  const deadline = deps.env.now() + (options.budgetMs ?? RECONCILE_DAY_DEFAULTS.budgetMs)
  for (const billDate of due) {
    const budgetMs = deadline - deps.env.now()
    // A day needs a few seconds at least; the rest wait for the next run.
    if (budgetMs < 5_000) break
    try {
      const day = await reconcileDay(deps, billDate, { by: 'timer', budgetMs })
      summary.days.push({ billDate, status: day.status, ...(day.error ? { error: day.error } : {}) })
    } catch (error) {
      if (error instanceof CloudError && error.code === 'RECONCILIATION_BUSY') {
        summary.days.push({ billDate, status: 'busy' })
        continue
      }
      throw error
    }
  }
  return summary
}
