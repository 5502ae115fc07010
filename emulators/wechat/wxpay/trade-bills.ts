import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { beijingDay } from '../clock'
import { BILL_DOWNLOAD_TTL_SECONDS, TRADE_BILL_MAX_AGE_MONTHS, TRADE_BILL_READY_HOUR } from '../constants'
import type { EmulatorCore } from '../core'
import { u8, utf8 } from '../crypto/bytes'
import { WxPayError } from '../errors'
import { randomBase64Url } from '../random'
import { TRADE_BILL_TYPES, rowsOfType, tradeBillCsv, type BillRow, type TradeBillType } from './bill-format'
import { billContent, type TradeBillSnapshot } from './bill-ledger'

/**
 * 申请交易账单 and 下载账单: which bills exist when, the snapshot each bill
 * keeps once made, the short-lived download_url, and the file (gzip or not)
 * whose SHA1 (of the uncompressed bytes) is hash_value.
 */

/** Every bill_type the docs list; the emulator's ledger has rows for the first three only. */
const DOCUMENTED_BILL_TYPES = [...TRADE_BILL_TYPES, 'RECHARGE_REFUND', 'ALL_SPECIAL', 'SUC_SPECIAL', 'REF_SPECIAL']

function queryError(field: string, issue: string): WxPayError {
  return new WxPayError('PARAM_ERROR', `输入源“/query/${field}”映射到值字段校验失败：${issue}`, { location: 'query', field, issue })
}

/** `date` plus `days` calendar days (YYYY-MM-DD arithmetic in UTC, no time zone involved). */
export function addDays(date: string, days: number): string {
  const at = Date.parse(`${date}T00:00:00Z`) + days * 86400_000
  return new Date(at).toISOString().slice(0, 10)
}

/** The earliest bill_date that can still be applied for on `today` (three calendar months back). */
export function earliestBillDate(today: string): string {
  const [y, m, d] = today.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1 - TRADE_BILL_MAX_AGE_MONTHS, d)).toISOString().slice(0, 10)
}

/** A bill_date query value: YYYY-MM-DD and a real calendar day, else PARAM_ERROR. */
export function parseBillDate(value: string | null): string {
  if (value === null || value === '') throw queryError('bill_date', 'bill_date 为必填参数')
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || addDays(value, 0) !== value) {
    throw queryError('bill_date', 'bill_date 格式须为 yyyy-MM-DD')
  }
  return value
}

/** When the bill of `date` becomes available (business ms): 10:00 Beijing the next day, or later when a fault says so. */
export function billReadyAt(core: EmulatorCore, date: string): number {
  const base = Date.parse(`${addDays(date, 1)}T${String(TRADE_BILL_READY_HOUR).padStart(2, '0')}:00:00+08:00`)
  const late = core.faults.billReadyAt(date)
  return late === undefined ? base : Math.max(base, late)
}

/** The bill of `date` as made the first time it was asked for after it was ready. */
function snapshot(core: EmulatorCore, date: string): TradeBillSnapshot {
  let made = core.state.tradeBills.get(date)
  if (!made) {
    made = { billDate: date, generatedAt: core.clock.now(), ...billContent(core, date) }
    core.state.tradeBills.set(date, made)
  }
  return made
}

/** SHA1, lowercase hex, of the bill text's UTF-8 bytes. */
export function billHash(csv: string): string {
  return createHash('sha1').update(utf8(csv)).digest('hex')
}

/** GET /v3/bill/tradebill: `{ hash_type, hash_value, download_url }` or the documented refusals. */
export function applyForTradeBill(core: EmulatorCore, query: URLSearchParams, origin: string): object {
  const date = parseBillDate(query.get('bill_date'))
  const type = query.get('bill_type') ?? 'ALL'
  if (!DOCUMENTED_BILL_TYPES.includes(type)) throw queryError('bill_type', `bill_type 取值须为 ${DOCUMENTED_BILL_TYPES.join(' / ')}`)
  const tar = query.get('tar_type')
  if (tar !== null && tar !== 'GZIP') throw queryError('tar_type', 'tar_type 取值须为 GZIP')
  const now = core.clock.now()
  const today = beijingDay(now)
  if (date > today) throw new WxPayError('INVALID_REQUEST', '账单日期不能晚于当前日期')
  if (date < earliestBillDate(today)) throw new WxPayError('INVALID_REQUEST', '仅支持三个月内的账单下载申请')
  if (now < billReadyAt(core, date)) throw new WxPayError('STATEMENT_CREATING', '账单生成中')
  const bill = snapshot(core, date)
  const known = TRADE_BILL_TYPES.includes(type as TradeBillType)
  if (!known || rowsOfType(bill.rows, type as TradeBillType).length === 0) {
    throw new WxPayError('NO_STATEMENT_EXIST', '请求的账单文件不存在')
  }
  const billType = type as TradeBillType
  const hashValue = billHash(tradeBillCsv(bill.rows, billType, bill.twist))
  const token = randomBase64Url(36)
  const gzip = tar === 'GZIP'
  core.state.billDownloads.set(token, {
    billDate: date,
    type: billType,
    rows: bill.rows,
    twist: bill.twist,
    gzip,
    hashValue,
    expiresAt: now + BILL_DOWNLOAD_TTL_SECONDS * 1000,
  })
  return {
    hash_type: 'SHA1',
    hash_value: hashValue,
    download_url: `${origin}/v3/billdownload/file?token=${token}${gzip ? '&tartype=gzip' : ''}`,
  }
}

/** One amount of the first listed row off by 1 yuan: bytes that no longer match hash_value. */
function tampered(rows: readonly BillRow[], type: TradeBillType): BillRow[] {
  const target = rowsOfType(rows, type)[0]
  return rows.map((row) => {
    if (row !== target) return row
    return row.kind === 'payment' ? { ...row, total: row.total + 100 } : { ...row, refund: row.refund + 100 }
  })
}

/** GET /v3/billdownload/file: the bill bytes (gzip when applied for with tar_type=GZIP). */
export function downloadTradeBill(core: EmulatorCore, query: URLSearchParams): { bytes: Uint8Array; gzip: boolean } {
  const token = query.get('token')
  if (!token) throw queryError('token', 'token 为必填参数')
  const download = core.state.billDownloads.get(token)
  if (!download || core.clock.now() > download.expiresAt) {
    throw new WxPayError('INVALID_REQUEST', '账单下载链接已失效，请重新申请账单')
  }
  const rows = core.faults.takeBillHashMismatch() ? tampered(download.rows, download.type) : download.rows
  const text = utf8(tradeBillCsv(rows, download.type, download.twist))
  return { bytes: download.gzip ? u8(gzipSync(text)) : text, gzip: download.gzip }
}

/** What the bill of `date` looks like now, for GET /__emulator/v1/wxpay/bills/{date}. */
export function billOverview(core: EmulatorCore, date: string, type: TradeBillType): object {
  const readyAt = billReadyAt(core, date)
  const made = core.state.tradeBills.get(date)
  const content = made ?? { ...billContent(core, date), generatedAt: undefined }
  const listed = rowsOfType(content.rows, type)
  return {
    billDate: date,
    billType: type,
    readyAt,
    ready: core.clock.now() >= readyAt,
    generatedAt: made?.generatedAt ?? null,
    rows: listed.length,
    discrepancies: core.state.billDiscrepancies.get(date) ?? [],
    csv: listed.length ? tradeBillCsv(content.rows, type, content.twist) : null,
  }
}
