/**
 * Daily reconciliation (issue 12) of a 10,000-row trade bill:
 *
 * 1. The floor: the same gzip bill gunzipped, its SHA1 checked and every row
 *    parsed (cloud/merchant/trade-bill.ts + bill-csv.ts), nothing else.
 * 2. `reconcileDay` on it: the same download and check, the parse, the
 *    batched lookups of 9,000 orders and 1,000 refunds in the local
 *    runtime's in-memory database (the committed indexes), the day's payments
 *    and refunds here read back, findings recorded, the day written. The
 *    first run creates the day; the others are reruns (what the timer and the
 *    console do again). Every row matches, so nothing is applied: the work is
 *    what every day costs.
 * 3. The same with 100 rows that do not match (unknown trades): what
 *    recording findings adds.
 *
 * Each prints rows per second, the database requests one run made (counted
 * by the runtime), and memory: the V8 heap in use sampled every millisecond
 * during the run (after a forced GC before it), its peak above the start, and
 * the process's resident set before and after.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import v8 from 'node:v8'
import vm from 'node:vm'
import { gzipSync } from 'node:zlib'
import { createUniCloudRuntime, formatCounts, projectCloudRoots } from '../emulators/unicloud'
import { feeOf, tradeBillCsv, type BillRow } from '../emulators/wechat/wxpay/bill-format'
import { TradeBillReader } from '../cloud/merchant/bill-csv'
import { reconcileDay, type ReconciliationDeps } from '../cloud/merchant/bill-reconcile'
import { fetchTradeBill, type BillGateway } from '../cloud/merchant/trade-bill'
import { systemEnv } from '../cloud/shared/env'
import type { Database } from '../cloud/shared/database'
import type { PayGateway, PayLog } from '../cloud/pay/pay-deps'
import { bytes, machine, ms, percentile, perSecond, table } from './support/stats'

const ROWS = 10_000
const REFUND_ROWS = 1_000
const RUNS = 5
const BILL_DATE = '2025-03-14'
const DAY_START = Date.parse(`${BILL_DATE}T00:00:00+08:00`)
const MCHID = '1900000109'
const APPID = 'wxd678efh567hg6787'
const CLOUD_ROOT = projectCloudRoots(path.resolve(__dirname, '..'))
const silent: PayLog = { info: () => {}, warn: () => {}, error: () => {} }

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

/** A PayGateway that must never be called: every row matches, nothing is asked about. */
const noQueries = new Proxy({ mchId: MCHID }, {
  get(target, prop) {
    if (prop in target) return (target as Record<string | symbol, unknown>)[prop]
    return () => {
      throw new Error(`the bench makes no WeChat Pay call (${String(prop)})`)
    }
  },
}) as unknown as PayGateway

interface Fixture {
  db: Database
  close(): Promise<void>
  csv: string
  gz: Uint8Array
  hash: string
}

/**
 * 9,000 orders paid on the day, the first 1,000 of them also refunded in part,
 * and their bill: 9,000 payment rows and 1,000 refund rows (plus `unknownRows`
 * payments no order has).
 */
async function fixture(unknownRows: number): Promise<Fixture> {
  const runtime = createUniCloudRuntime({ cloudRoot: CLOUD_ROOT, log: () => {} })
  const db = runtime.database() as unknown as Database
  const paid = ROWS - REFUND_ROWS
  const orders: Array<Record<string, unknown>> = []
  const refunds: Array<Record<string, unknown>> = []
  const rows: BillRow[] = []
  for (let i = 0; i < paid; i++) {
    const outTradeNo = `20250314${String(i).padStart(8, '0')}BENCH`
    const amount = 1000 + (i % 97) * 100
    const paidAt = DAY_START + Math.floor((i * 86_000_000) / paid)
    const refunded = i < REFUND_ROWS
    orders.push({
      _id: `order-${i}`,
      userId: `user-${i % 500}`,
      outTradeNo,
      tradeNos: [outTradeNo],
      trades: { [outTradeNo]: { outTradeNo, channel: 'miniprogram', appid: APPID, state: 'PAID', createdAt: paidAt - 30_000, transactionId: `4200${outTradeNo}` } },
      liveTradeNo: '',
      channel: 'miniprogram',
      appid: APPID,
      mchid: MCHID,
      status: refunded ? 'PARTIALLY_REFUNDED' : 'PAID',
      amount,
      currency: 'CNY',
      description: '马克杯',
      items: [{ productId: 'p-mug', name: '马克杯', price: amount, quantity: 1 }],
      paidAt,
      transactionId: `4200${outTradeNo}`,
      createdAt: paidAt - 30_000,
      updatedAt: paidAt,
      timeExpire: paidAt + 600_000,
      lastQueriedAt: 0,
      unverifiedTrades: 0,
      fulfilment: { status: 'done', attempts: 1, leaseUntil: 0 },
      refundable: refunded ? amount - 500 : amount,
      refunded: refunded ? 500 : 0,
      refundCount: refunded ? 1 : 0,
      lastRefundSubmittedAt: 0,
      refundRequestOpen: false,
      refundRequests: 0,
      history: [{ from: 'NOTPAY', to: 'PAID', at: paidAt, by: 'notify' }],
    })
    rows.push({ kind: 'payment', paidAt, appid: APPID, mchid: MCHID, transactionId: `4200${outTradeNo}`, outTradeNo, openid: `o-${i % 500}`, tradeType: 'JSAPI', total: amount, description: '马克杯', attach: '', fee: feeOf(amount) })
    if (refunded) {
      const outRefundNo = `R${outTradeNo}`
      refunds.push({ orderId: `order-${i}`, userId: `user-${i % 500}`, outTradeNo, outRefundNo, origin: 'merchant', amount: 500, total: amount, reason: '部分退款', status: 'SUCCESS', requestedAt: paidAt + 60_000, submittedAt: paidAt + 60_000, settledAt: paidAt + 61_000, attempts: 1, lastQueriedAt: 0, createdAt: paidAt + 60_000, updatedAt: paidAt + 61_000 })
      rows.push({ kind: 'refund', paidAt, requestedAt: paidAt + 60_000, successAt: paidAt + 61_000, appid: APPID, mchid: MCHID, transactionId: `4200${outTradeNo}`, outTradeNo, openid: `o-${i % 500}`, tradeType: 'JSAPI', refundId: `50${outTradeNo}`, outRefundNo, refund: 500, status: 'SUCCESS', description: '马克杯', attach: '', fee: -feeOf(500) })
    }
  }
  for (let i = 0; i < unknownRows; i++) {
    rows.push({ kind: 'payment', paidAt: DAY_START + 3600_000 + i, appid: APPID, mchid: MCHID, transactionId: `4200UNKNOWN${i}`, outTradeNo: `UNKNOWN${String(i).padStart(8, '0')}`, openid: 'o-stranger', tradeType: 'JSAPI', total: 4200, description: '商户不知道的交易', attach: '', fee: feeOf(4200) })
  }
  rows.sort((a, b) => (a.kind === 'refund' ? a.requestedAt : a.paidAt) - (b.kind === 'refund' ? b.requestedAt : b.paidAt))
  const insert = db.collection('wxkit-orders') as unknown as { add(docs: object[]): Promise<unknown> }
  for (let i = 0; i < orders.length; i += 1000) await insert.add(orders.slice(i, i + 1000))
  await (db.collection('wxkit-refunds') as unknown as { add(docs: object[]): Promise<unknown> }).add(refunds)
  const csv = tradeBillCsv(rows, 'ALL')
  return { db, close: () => runtime.close(), csv, gz: new Uint8Array(gzipSync(csv)), hash: createHash('sha1').update(csv).digest('hex') }
}

function billGateway(f: Fixture): BillGateway {
  return {
    applyTradeBill: async () => ({ hash_type: 'SHA1', hash_value: f.hash, download_url: 'https://api.mch.weixin.qq.com/v3/billdownload/file?token=bench' }),
    downloadBill: async () => f.gz,
  }
}

/** Peak V8 heap in use while `work` runs (sampled every ms, after a GC), and the RSS around it. */
async function withMemory<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; heapStart: number; heapPeak: number; rssBefore: number; rssAfter: number }> {
  gc()
  const heapStart = process.memoryUsage().heapUsed
  const rssBefore = process.memoryUsage().rss
  let heapPeak = heapStart
  const sample = () => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)
  }
  const timer = setInterval(sample, 1)
  const started = performance.now()
  try {
    const result = await work()
    sample()
    return { result, ms: performance.now() - started, heapStart, heapPeak, rssBefore, rssAfter: process.memoryUsage().rss }
  } finally {
    clearInterval(timer)
  }
}

interface Row {
  label: string
  rows: number
  runs: Array<{ ms: number; heapDelta: number }>
  requests?: string
  rss?: string
}

function rowOf(r: Row): Array<string | number> {
  const times = r.runs.map((x) => x.ms)
  const p50 = percentile(times, 50)
  return [r.label, r.runs.length, ms(p50), ms(Math.max(...times)), perSecond((r.rows * 1000) / p50), bytes(Math.max(...r.runs.map((x) => x.heapDelta))), r.rss ?? '']
}

async function floor(f: Fixture): Promise<Row> {
  const runs: Row['runs'] = []
  for (let i = 0; i < RUNS; i++) {
    const m = await withMemory(async () => {
      const fetched = await fetchTradeBill(billGateway(f), BILL_DATE)
      if (fetched.status !== 'ready') throw new Error('the bench bill is ready')
      let n = 0
      const reader = new TradeBillReader(fetched.text)
      for (const _row of reader.rows()) n++
      if (n !== reader.summary.count) throw new Error('parsed rows ≠ summary count')
      return n
    })
    runs.push({ ms: m.ms, heapDelta: m.heapPeak - m.heapStart })
  }
  return { label: 'floor: gunzip + SHA1 + parse', rows: ROWS, runs }
}

async function reconcile(f: Fixture, label: string, rowCount: number): Promise<{ first: Row; reruns: Row; summary: string }> {
  const deps: ReconciliationDeps = { db: f.db, gateway: noQueries, env: systemEnv, log: silent, fulfiller: { fulfil: async () => {} }, bills: billGateway(f) }
  const local = f.db as unknown as { measure<T>(fn: () => Promise<T>): Promise<{ result: T; counts: Parameters<typeof formatCounts>[0] }> }
  const all: Array<{ ms: number; heapDelta: number; requests: string; rss: string; status: string }> = []
  for (let i = 0; i < RUNS + 1; i++) {
    const m = await withMemory(() => local.measure(() => reconcileDay(deps, BILL_DATE, { by: 'bench', budgetMs: 600_000 })))
    const day = m.result.result
    all.push({
      ms: m.ms,
      heapDelta: m.heapPeak - m.heapStart,
      requests: `${m.result.counts.total} (${formatCounts(m.result.counts)})`,
      rss: `${bytes(m.rssBefore)} → ${bytes(m.rssAfter)}`,
      status: `${day.status}: ${day.rows} rows, ${day.matched} matched, ${day.applied} applied, ${day.discrepancies} discrepancies`,
    })
  }
  const [first, ...reruns] = all
  return {
    first: { label: `${label}, first run`, rows: rowCount, runs: [first], requests: first.requests, rss: first.rss },
    reruns: { label: `${label}, rerun`, rows: rowCount, runs: reruns, requests: reruns[0].requests, rss: reruns[reruns.length - 1].rss },
    summary: first.status,
  }
}

/** Print the measurements. */
export async function run(): Promise<void> {
  console.log(machine())
  const clean = await fixture(0)
  const messy = await fixture(100)
  try {
    console.log(`  bill: ${ROWS} rows (${ROWS - REFUND_ROWS} payments, ${REFUND_ROWS} refunds) of ${ROWS - REFUND_ROWS} orders; ${bytes(Buffer.byteLength(clean.csv))} text, ${bytes(clean.gz.length)} gzip`)
    const rows: Row[] = [await floor(clean)]
    const matching = await reconcile(clean, 'reconcileDay, every row matching', ROWS)
    rows.push(matching.first, matching.reruns)
    const unknown = await reconcile(messy, 'reconcileDay, +100 unknown trades', ROWS + 100)
    rows.push(unknown.first, unknown.reruns)
    console.log(table(['work', 'runs', 'p50', 'max', 'rows/s at p50', 'peak heap above start', 'rss before → after'], rows.map(rowOf)))
    console.log(`  outcome: ${matching.summary}; with unknown trades: ${unknown.summary}`)
    for (const r of rows.slice(1)) console.log(`  database requests, ${r.label}: ${r.requests}`)
  } finally {
    await Promise.all([clean.close(), messy.close()])
  }
}
