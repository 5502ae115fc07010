import type { Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import { COLLECTIONS } from '../shared/collections'

/**
 * Orders: the documents of the `wxkit-orders` collection, what a client sees of
 * them, and the lookups every payment flow shares. Amounts are integer fen.
 * State changes never happen here: they go through `order-transitions.ts`.
 */

export const ORDERS = COLLECTIONS.orders

export const ORDER_STATUSES = ['NOTPAY', 'PAID', 'CLOSED', 'REFUNDING', 'REFUNDED', 'REFUND_FAILED'] as const
/** NOTPAY → PAID → REFUNDING → REFUNDED | REFUND_FAILED; NOTPAY → CLOSED. */
export type OrderStatus = (typeof ORDER_STATUSES)[number]

/** Statuses of an order whose payment WeChat Pay has confirmed. */
export const PAID_STATUSES: readonly OrderStatus[] = ['PAID', 'REFUNDING', 'REFUNDED', 'REFUND_FAILED']

export const PAY_CHANNELS = ['miniprogram', 'jsapi', 'h5', 'native'] as const
/** mini program, WeChat browser (JSAPI), mobile browser (H5), desktop browser (Native QR). */
export type PayChannel = (typeof PAY_CHANNELS)[number]

/** One line of an order, priced by the server when the order was created. */
export interface OrderItem {
  productId: string
  name: string
  /** Unit price in integer fen. */
  price: number
  quantity: number
}

/** WeChat Pay's refund states, plus REJECTED: WeChat Pay refused to create the refund. */
export type RefundState = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL' | 'REJECTED'

/** The (one, full) refund of an order. */
export interface OrderRefund {
  outRefundNo: string
  status: RefundState
  /** Integer fen. */
  amount: number
  reason: string
  requestedAt: number
  /** When the reconciler last asked WeChat Pay about it. */
  lastQueriedAt: number
  refundId?: string
  succeededAt?: number
  /** WeChat Pay's error code when it refused the refund. */
  wechatCode?: string
}

/**
 * The fulfilment outbox of an order, kept in the order itself: set to
 * `pending` by the same conditional update that marks the order PAID, then
 * run under a lease until it is `done`.
 */
export interface FulfilmentState {
  status: 'none' | 'pending' | 'done'
  attempts: number
  /** A runner holds the fulfilment until then (ms); 0 when free. */
  leaseUntil: number
  leaseOwner?: string
  /** Name or code of the last failure (never its message). */
  lastError?: string
  doneAt?: number
}

/** What caused a transition. */
export type TransitionCause = 'create' | 'notify' | 'query' | 'user' | 'timing' | 'refund'

/** One applied transition, appended by the conditional update that applied it. */
export interface TransitionRecord {
  from: OrderStatus
  to: OrderStatus
  at: number
  by: TransitionCause
}

export type CloseReason = 'USER' | 'EXPIRED' | 'REJECTED' | 'WXPAY'

/** An `wxkit-orders` document. */
export interface OrderRecord {
  _id: string
  userId: string
  /** Unique (index); 6–32 of [0-9A-Za-z]. */
  outTradeNo: string
  channel: PayChannel
  appid: string
  mchid: string
  /** JSAPI: the openid the order was placed for; once paid: the payer's. */
  payerOpenid?: string
  description: string
  items: OrderItem[]
  /** Integer fen. */
  amount: number
  currency: 'CNY'
  status: OrderStatus
  /** time_expire sent to WeChat Pay (ms). */
  timeExpire: number
  createdAt: number
  updatedAt: number
  /** When WeChat Pay was last asked about this order (ms; 0 never). */
  lastQueriedAt: number
  paidAt?: number
  transactionId?: string
  /**
   * Native: the code_url WeChat Pay answered, kept so the page showing the QR
   * code can show it again after a reload (`pendingCodeUrl`). A code_url lives
   * 2 hours; the order's time_expire (15 minutes) ends it first.
   */
  codeUrl?: string
  closedAt?: number
  closeReason?: CloseReason
  fulfilment: FulfilmentState
  refund?: OrderRefund
  history: TransitionRecord[]
}

/** What a client sees of an order. */
export interface OrderView {
  orderId: string
  outTradeNo: string
  description: string
  amount: number
  status: OrderStatus
  items: OrderItem[]
  createdAt: number
  paidAt?: number
  closedAt?: number
  refund?: { status: RefundState; amount: number; reason: string }
  /** Fulfilment is tracked apart from payment: a PAID order may not be fulfilled yet. */
  fulfilled: boolean
}

/** The `db.command` operators the payment modules use, typed. */
export interface OrderCommands {
  lt(value: number): unknown
  in(values: unknown[]): unknown
  inc(value: number): unknown
  push(value: unknown): unknown
}

/** `db.command`, typed for the operators above. */
export function orderCommands(db: Database): OrderCommands {
  return db.command as unknown as OrderCommands
}

/** The orders collection. */
export function ordersOf(db: Database) {
  return db.collection<OrderRecord>(ORDERS)
}

/** The client's view of an order. */
export function toOrderView(order: OrderRecord): OrderView {
  const view: OrderView = {
    orderId: order._id,
    outTradeNo: order.outTradeNo,
    description: order.description,
    amount: order.amount,
    status: order.status,
    items: order.items.map(({ productId, name, price, quantity }) => ({ productId, name, price, quantity })),
    createdAt: order.createdAt,
    fulfilled: order.fulfilment?.status === 'done',
  }
  if (order.paidAt !== undefined) view.paidAt = order.paidAt
  if (order.closedAt !== undefined) view.closedAt = order.closedAt
  if (order.refund) view.refund = { status: order.refund.status, amount: order.refund.amount, reason: order.refund.reason }
  return view
}

/** An order by id, or undefined. */
export async function findOrder(db: Database, orderId: string): Promise<OrderRecord | undefined> {
  const { data } = await ordersOf(db).doc(orderId).get()
  return data[0]
}

/** An order by id that must exist (it was just read or written). */
export async function readOrder(db: Database, orderId: string): Promise<OrderRecord> {
  const order = await findOrder(db, orderId)
  if (!order) throw new CloudError('ORDER_NOT_FOUND', 'order not found')
  return order
}

/** An order by the merchant's out_trade_no, or undefined. */
export async function findOrderByOutTradeNo(db: Database, outTradeNo: string): Promise<OrderRecord | undefined> {
  const { data } = await ordersOf(db).where({ outTradeNo }).limit(1).get()
  return data[0]
}

/** The caller's own order; ORDER_NOT_FOUND for a missing one and for anybody else's alike. */
export async function findOwnOrder(db: Database, userId: string, orderId: string): Promise<OrderRecord> {
  const { data } = await ordersOf(db).where({ _id: orderId, userId }).limit(1).get()
  if (!data[0]) throw new CloudError('ORDER_NOT_FOUND', 'order not found')
  return data[0]
}

export const ORDER_PAGE_SIZE = 10

/** One page (1-based) of the caller's orders, newest first. */
export async function listOwnOrders(
  db: Database,
  userId: string,
  options: { status?: OrderStatus; page?: number } = {},
): Promise<{ orders: OrderRecord[]; hasMore: boolean }> {
  const page = Math.max(1, Math.floor(options.page ?? 1))
  const where: Record<string, unknown> = { userId }
  if (options.status) where.status = options.status
  const { data } = await ordersOf(db)
    .where(where)
    .orderBy('createdAt', 'desc')
    .skip((page - 1) * ORDER_PAGE_SIZE)
    // One more than a page tells whether another page exists without a count.
    .limit(ORDER_PAGE_SIZE + 1)
    .get()
  return { orders: data.slice(0, ORDER_PAGE_SIZE), hasMore: data.length > ORDER_PAGE_SIZE }
}
