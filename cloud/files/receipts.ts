import type { Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import { ensureGeneratedFile, type GeneratedFileDeps, type ReadyFile } from './generated-files'
import { renderTextPdf, type PdfLine } from '../formats/pdf-writer'
import { COLLECTIONS } from '../shared/collections'

/**
 * Payment receipts: a one-page PDF per paid order, generated on the first
 * request and kept in cloud storage. This module only READS `wxkit-orders` (the pay
 * object owns it), through the fields below.
 *
 * The receipt states what the order record says and nothing more: order
 * number, items (by product id: the standard PDF fonts have no Chinese
 * glyphs), amount in yuan from integer fen, payment time in China time. It is
 * a payment receipt, not a fapiao, and says so.
 */

/** The fields of an `wxkit-orders` document a receipt reads. */
export interface ReceiptOrder {
  _id: string
  userId: string
  outTradeNo: string
  status: string
  /** Integer fen. */
  amount: number
  items: Array<{ productId: string; name?: string; price: number; quantity: number }>
  paidAt?: number
  transactionId?: string
  description?: string
}

/** What the client needs to download a file. */
export interface DownloadTarget extends ReadyFile {
  fileName: string
  fileType: 'pdf' | 'png'
}

const CHINA_OFFSET_MS = 8 * 3600_000

/** Integer fen as "CNY 45.00" (integer arithmetic only). */
export function formatCny(fen: number): string {
  if (!Number.isInteger(fen)) throw new TypeError('amount must be an integer number of fen')
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}CNY ${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** A time as "2025-01-01 20:00 UTC+8", China time whatever the server's zone. */
export function formatChinaTime(ms: number): string {
  const d = new Date(ms + CHINA_OFFSET_MS)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC+8`
}

/** The lines of a receipt (pure: golden-testable). */
export function receiptLines(order: ReceiptOrder): PdfLine[] {
  const lines: PdfLine[] = [
    { text: 'uni-wx-kit', size: 12, bold: true },
    { text: 'Payment receipt', size: 20, bold: true, gapBefore: 6 },
    { text: `Order number: ${order.outTradeNo}`, gapBefore: 14 },
    { text: `Paid at: ${order.paidAt !== undefined ? formatChinaTime(order.paidAt) : 'unknown'}` },
  ]
  if (order.transactionId) lines.push({ text: `WeChat Pay transaction: ${order.transactionId}` })
  lines.push({ text: 'Items', bold: true, gapBefore: 14 })
  for (const item of order.items) {
    lines.push({ text: `${item.productId}  x ${item.quantity}  @ ${formatCny(item.price)}  = ${formatCny(item.price * item.quantity)}` })
  }
  lines.push(
    { text: `Total paid: ${formatCny(order.amount)}`, size: 14, bold: true, gapBefore: 14 },
    { text: 'Paid with WeChat Pay.', gapBefore: 14 },
    { text: 'This is a payment receipt, not a fapiao (tax invoice).', size: 9 },
  )
  return lines
}

/** The receipt PDF of an order. */
export function renderReceipt(order: ReceiptOrder): Uint8Array {
  return renderTextPdf({ title: `Receipt ${order.outTradeNo}`, width: 420, height: 595, margin: 40, lines: receiptLines(order) })
}

/** A file name safe on every platform. */
function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64)
}

/**
 * The receipt of one of the caller's orders. ORDER_NOT_FOUND for a missing
 * order and for anybody else's alike; RECEIPT_UNAVAILABLE until it is paid.
 */
export async function receiptFor(deps: GeneratedFileDeps & { db: Database }, userId: string, orderId: string): Promise<DownloadTarget> {
  const { data } = await deps.db.collection<ReceiptOrder>(COLLECTIONS.orders).where({ _id: orderId, userId }).limit(1).get()
  const order = data[0]
  if (!order) throw new CloudError('ORDER_NOT_FOUND', 'order not found')
  if (order.status !== 'PAID') throw new CloudError('RECEIPT_UNAVAILABLE', 'receipts are issued for paid orders')
  const file = await ensureGeneratedFile(deps, {
    key: `receipt:${order._id}`,
    kind: 'receipt',
    ownerId: userId,
    cloudPath: `receipts/${safeName(order.outTradeNo)}.pdf`,
    generate: () => renderReceipt(order),
  })
  return { ...file, fileName: `receipt-${safeName(order.outTradeNo)}.pdf`, fileType: 'pdf' }
}
