import { formatBeijingDateTime } from '../shared/beijing-time'
import type { Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import { ensureGeneratedFile, type GeneratedFileDeps, type ReadyFile } from './generated-files'
import { renderTextPdf, type PdfLine } from '../formats/pdf-writer'
import { COLLECTIONS } from '../shared/collections'

/**
 * Payment receipts: a one-page Chinese PDF per paid order, generated on the
 * first request and kept in cloud storage. This module only READS
 * `wxkit-orders` (the pay object owns it), through the fields below.
 *
 * The receipt states what the order record says and nothing more: the
 * merchant (config `merchant.name`), 订单号 (out_trade_no), 微信支付单号
 * (transaction_id), order and payment time in Beijing time, the items by the
 * names the order stored when it was priced, amounts in yuan from integer
 * fen. It is a payment receipt, not a fapiao, and says so.
 */

/** The fields of an `wxkit-orders` document a receipt reads. */
export interface ReceiptOrder {
  _id: string
  userId: string
  outTradeNo: string
  status: string
  /** Integer fen. */
  amount: number
  /** Orders made before items carried a name show the product id. */
  items: Array<{ productId: string; name?: string; price: number; quantity: number }>
  createdAt: number
  paidAt?: number
  transactionId?: string
  description?: string
  /** Integer fen WeChat Pay confirmed refunded (absent on orders from before refunds were partial). */
  refunded?: number
}

/** Who issues the receipt. */
export interface ReceiptIssuer {
  merchantName: string
}

/** What the client needs to download a file. */
export interface DownloadTarget extends ReadyFile {
  fileName: string
  fileType: 'pdf' | 'png'
}

/**
 * Bumped when the receipt's content changes: a new storage key, so receipts
 * cached in the old layout (v1: English, product ids) are generated again.
 */
const RECEIPT_LAYOUT = 2

/** Orders that were paid, refunded since or not. */
export const RECEIPT_STATUSES: readonly string[] = ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED']

/** Integer fen as "¥45.00" (integer arithmetic only). */
export function formatCny(fen: number): string {
  if (!Number.isInteger(fen)) throw new TypeError('amount must be an integer number of fen')
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

const beijing = (ms: number | undefined) => (ms === undefined ? '—' : `${formatBeijingDateTime(ms)}（北京时间）`)

// Table columns on the A5 receipt (text width 340 pt): x of the left edge (名称)
// or of the right edge (amounts).
const COLUMN = { name: 0, nameWidth: 170, price: 230, quantity: 275, total: 340 } as const

/** The lines of a receipt (pure: golden-testable). */
export function receiptLines(order: ReceiptOrder, issuer: ReceiptIssuer): PdfLine[] {
  const lines: PdfLine[] = [
    { text: issuer.merchantName, size: 12, bold: true },
    { text: '支付收据', size: 20, bold: true, gapBefore: 6 },
    { text: `订单号：${order.outTradeNo}`, gapBefore: 14 },
  ]
  if (order.transactionId) lines.push({ text: `微信支付单号：${order.transactionId}` })
  lines.push(
    { text: `下单时间：${beijing(order.createdAt)}` },
    { text: `支付时间：${beijing(order.paidAt)}` },
    { rule: true, gapBefore: 8 },
    {
      bold: true,
      cells: [
        { text: '商品名', x: COLUMN.name },
        { text: '单价', x: COLUMN.price, align: 'right' },
        { text: '数量', x: COLUMN.quantity, align: 'right' },
        { text: '金额', x: COLUMN.total, align: 'right' },
      ],
    },
  )
  for (const item of order.items) {
    lines.push({
      cells: [
        { text: item.name || item.productId, x: COLUMN.name, maxWidth: COLUMN.nameWidth },
        { text: formatCny(item.price), x: COLUMN.price, align: 'right' },
        { text: String(item.quantity), x: COLUMN.quantity, align: 'right' },
        { text: formatCny(item.price * item.quantity), x: COLUMN.total, align: 'right' },
      ],
    })
  }
  lines.push(
    { rule: true },
    {
      size: 14,
      bold: true,
      cells: [
        { text: '实付金额', x: COLUMN.name },
        { text: formatCny(order.amount), x: COLUMN.total, align: 'right' },
      ],
    },
  )
  if (order.refunded) {
    lines.push({
      cells: [
        { text: order.refunded >= order.amount ? '已全额退款' : '已退款', x: COLUMN.name },
        { text: formatCny(order.refunded), x: COLUMN.total, align: 'right' },
      ],
    })
  }
  lines.push(
    { text: '支付方式：微信支付', gapBefore: 14 },
    { text: '本收据仅作支付凭证，不作为发票使用。', size: 9, gray: 0.4, gapBefore: 10 },
  )
  return lines
}

/** The receipt PDF of an order. */
export function renderReceipt(order: ReceiptOrder, issuer: ReceiptIssuer): Uint8Array {
  return renderTextPdf({
    title: `支付收据 ${order.outTradeNo}`,
    width: 420,
    height: 595,
    margin: 40,
    lines: receiptLines(order, issuer),
  })
}

/** A file name safe on every platform. */
function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64)
}

/**
 * The receipt of one of the caller's orders. ORDER_NOT_FOUND for a missing
 * order and for anybody else's alike; RECEIPT_UNAVAILABLE until it is paid.
 * A refunded order (partly or wholly) keeps its receipt, with what came back:
 * each refunded amount is its own file, so a later refund never serves an
 * earlier receipt.
 */
export async function receiptFor(
  deps: GeneratedFileDeps & { db: Database },
  issuer: ReceiptIssuer,
  userId: string,
  orderId: string,
): Promise<DownloadTarget> {
  const { data } = await deps.db.collection<ReceiptOrder>(COLLECTIONS.orders).where({ _id: orderId, userId }).limit(1).get()
  const order = data[0]
  if (!order) throw new CloudError('ORDER_NOT_FOUND', 'order not found')
  if (!RECEIPT_STATUSES.includes(order.status)) throw new CloudError('RECEIPT_UNAVAILABLE', 'receipts are issued for paid orders')
  const refunded = order.refunded ? `-r${order.refunded}` : ''
  const file = await ensureGeneratedFile(deps, {
    key: `receipt:${order._id}:v${RECEIPT_LAYOUT}${refunded}`,
    kind: 'receipt',
    ownerId: userId,
    cloudPath: `receipts/${safeName(order.outTradeNo)}${refunded}.pdf`,
    generate: () => renderReceipt(order, issuer),
  })
  return { ...file, fileName: `receipt-${safeName(order.outTradeNo)}.pdf`, fileType: 'pdf' }
}
