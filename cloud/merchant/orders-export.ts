import type { Database } from '../shared/database'
import { commands } from '../shared/db-commands'
import type { Env } from '../shared/env'
import { randomId } from '../shared/env'
import { CloudError } from '../shared/errors'
import { COLLECTIONS } from '../shared/collections'
import { renderCsv, type CsvCell } from '../formats/csv-writer'
import type { FileStore, GeneratedFileRecord } from '../files/generated-files'
import { ordersOf, type OrderRecord, type OrderStatus, type PayChannel } from '../pay/orders'
import { liveShipping, type ShippingStatus } from '../pay/shipping'
import { DAY_MS, beijingStamp, formatBeijingDateTime } from '../shared/beijing-time'
import { filterWhere, nicknamesOf, searchConditionFor, searchKindsFor, type ConsoleOrderFilters } from './console-orders'

/**
 * The console's CSV export: every order that matches the filters and search
 * of the order list (not just one page), newest first, written on the server
 * as a CSV that Excel opens with its Chinese intact (UTF-8 with a byte order
 * mark, formats/csv-writer.ts), amounts in yuan with two decimals, times in
 * Beijing time. The file goes to cloud storage (a random name, so its URL
 * cannot be guessed) and the answer is its temporary URL and a file name, the
 * way the downloads object answers a receipt. Orders are read a batch per
 * request (plus one for the batch's nicknames); an export of more than
 * `EXPORT_MAX_ROWS` is refused (narrow the dates) rather than cut short.
 * Each export is recorded in wxkit-files; an export sweeps away the files of
 * exports older than a day, which hold buyers' nicknames.
 */

export const EXPORT_MAX_ROWS = 20_000
const EXPORT_BATCH = 500
const SWEEP_BATCH = 20

const STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  NOTPAY: '待支付',
  PAID: '已支付',
  PARTIALLY_REFUNDED: '部分退款',
  REFUNDED: '已退款',
  CLOSED: '已关闭',
}
const CHANNEL_LABELS: Readonly<Record<PayChannel, string>> = {
  miniprogram: '小程序',
  jsapi: '微信内网页',
  h5: '手机浏览器',
  native: '电脑扫码',
}
const SHIPPING_LABELS: Readonly<Record<ShippingStatus, string>> = { waiting: '待发货', shipped: '已发货', completed: '已完成' }

/** The header of the file. */
export const EXPORT_HEADER = [
  '订单号',
  '商户订单号',
  '微信支付单号',
  '下单时间',
  '支付时间',
  '状态',
  '支付方式',
  '商品',
  '订单金额（元）',
  '已退款（元）',
  '买家ID',
  '买家昵称',
  '发货状态',
  '快递公司',
  '运单号',
] as const

/** What the client needs to download the export. */
export interface ExportedFile {
  url: string
  fileName: string
  fileType: 'csv'
  rows: number
  bytes: number
}

export interface ExportDeps {
  db: Database
  store: FileStore
  env: Pick<Env, 'now' | 'randomBytes'>
}

/** Integer fen as yuan with two decimals ("68.00"), integer arithmetic only. */
export function yuan(fen: number): string {
  if (!Number.isInteger(fen)) throw new TypeError('amount must be an integer number of fen')
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** One order as a row of the file. */
export function exportRow(order: OrderRecord, nickname: string): CsvCell[] {
  const shipping = liveShipping(order)
  const shipment = shipping?.shipment
  return [
    { id: order._id },
    { id: order.outTradeNo },
    { id: order.transactionId ?? '' },
    formatBeijingDateTime(order.createdAt),
    order.paidAt !== undefined ? formatBeijingDateTime(order.paidAt) : '',
    STATUS_LABELS[order.status] ?? order.status,
    CHANNEL_LABELS[order.channel] ?? order.channel,
    order.items.map((item) => `${item.name || item.productId} × ${item.quantity}`).join('；'),
    yuan(order.amount),
    yuan(order.refunded ?? 0),
    { id: order.userId },
    nickname,
    shipping ? SHIPPING_LABELS[shipping.status] : '',
    shipment?.expressCompanyName ?? '',
    { id: shipment?.trackingNo ?? '' },
  ]
}

/** `orders-20250101-200000.csv`: when it was made, Beijing time. */
export function exportFileName(now: number): string {
  const stamp = beijingStamp(now)
  return `orders-${stamp.slice(0, 8)}-${stamp.slice(8)}.csv`
}

/** The where() of everything the filters and search select (the search key the list would match, tried in the same order). */
async function exportWhere(db: Database, filters: ConsoleOrderFilters): Promise<Record<string, unknown> | undefined> {
  const base = filterWhere(db, filters)
  const q = filters.q?.trim()
  if (!q) return base
  for (const kind of filters.by ? [filters.by] : searchKindsFor(q)) {
    const condition = await searchConditionFor(db, kind, q)
    if (!condition) continue
    const where = { ...base, ...condition }
    if (filters.by) return where
    const { data } = await ordersOf(db).where(where).field({ _id: true }).limit(1).get()
    if (data.length) return where
  }
  return undefined
}

/** Forget exports older than a day: their files and their records. */
async function sweepOldExports(deps: ExportDeps): Promise<void> {
  const files = deps.db.collection<GeneratedFileRecord>(COLLECTIONS.files)
  const { data } = await files
    .where({ kind: 'export', createdAt: commands(deps.db).lt(deps.env.now() - DAY_MS) })
    .limit(SWEEP_BATCH)
    .get()
  for (const old of data) {
    await deps.store.remove(old.fileID).catch(() => undefined)
    await files.doc(old._id).remove()
  }
}

/** Write the export of `filters`, store it, and answer where to download it. */
export async function exportConsoleOrders(deps: ExportDeps, filters: ConsoleOrderFilters, operatorId: string): Promise<ExportedFile> {
  const { db } = deps
  const where = await exportWhere(db, filters)
  const rows: CsvCell[][] = []
  for (let offset = 0; where !== undefined; offset += EXPORT_BATCH) {
    const { data } = await ordersOf(db).where(where).orderBy('createdAt', 'desc').skip(offset).limit(EXPORT_BATCH).get()
    if (rows.length + data.length > EXPORT_MAX_ROWS) throw new CloudError('EXPORT_TOO_LARGE', `an export holds at most ${EXPORT_MAX_ROWS} orders`)
    const nicknames = await nicknamesOf(
      db,
      data.map((o) => o.userId),
    )
    for (const order of data) rows.push(exportRow(order, nicknames.get(order.userId) ?? ''))
    if (data.length < EXPORT_BATCH) break
  }
  const content = renderCsv(EXPORT_HEADER, rows)
  const now = deps.env.now()
  const fileName = exportFileName(now)
  const fileID = await deps.store.upload(`wxkit-exports/${fileName}`, content)
  await db.collection(COLLECTIONS.files).add({
    _id: `export:${now}:${randomId(deps.env, 6)}`,
    fileID,
    kind: 'export',
    ownerId: operatorId,
    bytes: content.length,
    createdAt: now,
  })
  await sweepOldExports(deps)
  const url = await deps.store.tempUrl(fileID)
  if (!url) throw new CloudError('INTERNAL_ERROR', 'the export could not be stored')
  return { url, fileName, fileType: 'csv', rows: rows.length, bytes: content.length }
}
