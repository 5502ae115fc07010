import type { Database } from '../shared/database'
import { COLLECTIONS } from '../shared/collections'

/**
 * The refund ledger (`wxkit-refunds`): one document per refund or refund
 * request, from a buyer's request to WeChat Pay's last word. The order keeps
 * only the totals that make reservations atomic (`refundable`, `refunded`,
 * `refundCount`); everything else about a refund is here.
 *
 *   REQUESTED ──► APPROVED ──► PROCESSING ──► SUCCESS
 *       │             │              ├──────► CLOSED   (amount released)
 *       ▼             ▼              └──────► ABNORMAL (WeChat Pay could not pay it out; the merchant acts)
 *   REJECTED       REFUSED (WeChat Pay refused the request; amount released)
 */

export const REFUNDS = COLLECTIONS.refunds

export const REFUND_STATUSES = ['REQUESTED', 'REJECTED', 'APPROVED', 'PROCESSING', 'SUCCESS', 'CLOSED', 'ABNORMAL', 'REFUSED'] as const
/** Where a refund is (see the diagram above). */
export type RefundStatus = (typeof REFUND_STATUSES)[number]

/** Refunds whose money is reserved or gone: they count against what may still be refunded. */
export const RESERVING_REFUND_STATUSES: readonly RefundStatus[] = ['APPROVED', 'PROCESSING', 'SUCCESS', 'ABNORMAL']
/** Refunds WeChat Pay still has to settle. */
export const OPEN_REFUND_STATUSES: readonly RefundStatus[] = ['APPROVED', 'PROCESSING']

/** Who asked for it. */
export type RefundOrigin = 'buyer' | 'merchant' | 'duplicate'

/** A `wxkit-refunds` document. */
export interface RefundRecord {
  _id: string
  orderId: string
  userId: string
  /** The trade refunded: the paying trade, or for `duplicate` the trade that paid twice. */
  outTradeNo: string
  /** Assigned on approval and never changed (a retry sends the same one); unique, sparse. */
  outRefundNo?: string
  origin: RefundOrigin
  /** Integer fen. */
  amount: number
  /** The trade's total (what WeChat Pay's `amount.total` must say). */
  total: number
  reason: string
  status: RefundStatus
  requestedAt: number
  /** Approved or rejected: when, by whom ('policy' for automatic approval, else the operator's name). */
  decidedAt?: number
  decidedBy?: string
  /** What the buyer is told when the merchant rejects. */
  rejectReason?: string
  /** When it was (last) sent to WeChat Pay; attempts of sending. */
  submittedAt?: number
  attempts: number
  /** The reconciler's last query (ms). */
  lastQueriedAt: number
  refundId?: string
  successTime?: string
  settledAt?: number
  /** WeChat Pay's error code when it refused or failed the request. */
  wechatCode?: string
  createdAt: number
  updatedAt: number
}

/** What the buyer sees of a refund. */
export interface RefundView {
  refundId: string
  amount: number
  reason: string
  status: RefundStatus
  requestedAt: number
  rejectReason?: string
  settledAt?: number
}

/** The refunds collection. */
export function refundsOf(db: Database) {
  return db.collection<RefundRecord>(REFUNDS)
}

/** The buyer's view of a refund. */
export function toRefundView(refund: RefundRecord): RefundView {
  const view: RefundView = { refundId: refund._id, amount: refund.amount, reason: refund.reason, status: refund.status, requestedAt: refund.requestedAt }
  if (refund.rejectReason) view.rejectReason = refund.rejectReason
  if (refund.settledAt !== undefined) view.settledAt = refund.settledAt
  return view
}

/** The refunds of some orders, newest first (one request). */
export async function refundsOfOrders(db: Database, orderIds: readonly string[]): Promise<RefundRecord[]> {
  if (orderIds.length === 0) return []
  const { data } = await refundsOf(db)
    .where({ orderId: (db.command as unknown as { in(v: readonly string[]): unknown }).in(orderIds) })
    .orderBy('requestedAt', 'desc')
    .limit(1000)
    .get()
  return data
}
