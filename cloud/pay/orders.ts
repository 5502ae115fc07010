import type { Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import { COLLECTIONS } from '../shared/collections'
import { toRefundView, type RefundRecord, type RefundView } from './refund-records'
import type { DeliveryKind } from '../catalog/catalog'
import { liveShipping, shippingView, type OrderShipping, type ShippingView } from './shipping'

/**
 * Orders: the documents of the `wxkit-orders` collection, what a client sees of
 * them, and the lookups every payment flow shares. Amounts are integer fen.
 * State changes never happen here: they go through `order-transitions.ts`.
 */

export const ORDERS = COLLECTIONS.orders

export const ORDER_STATUSES = ['NOTPAY', 'PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CLOSED'] as const
/**
 * NOTPAY → PAID → PARTIALLY_REFUNDED → REFUNDED (or PAID → REFUNDED at once);
 * NOTPAY → CLOSED (→ PAID when a payment WeChat Pay confirms lands after all).
 * Refunds under way are the refunds' own state (`refunds.ts`), not the order's.
 */
export type OrderStatus = (typeof ORDER_STATUSES)[number]

/** Statuses of an order whose payment WeChat Pay has confirmed. */
export const PAID_STATUSES: readonly OrderStatus[] = ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED']
/** Statuses in which part of the payment may still be refunded. */
export const REFUNDABLE_STATUSES: readonly OrderStatus[] = ['PAID', 'PARTIALLY_REFUNDED']

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
  /** From the catalogue when priced; absent on orders priced before it existed (= express). */
  delivery?: DeliveryKind
}

/**
 * One trade of an order at WeChat Pay (one out_trade_no). An order has at most
 * one LIVE trade at a time: paying again on the same channel reuses it,
 * switching channel closes it first and places a new one.
 */
export interface TradeRecord {
  outTradeNo: string
  channel: PayChannel
  appid: string
  /** miniprogram / jsapi: the openid the trade was placed for. */
  payerOpenid?: string
  /** h5: scene_info.payer_client_ip, kept so the trade can be placed again identically. */
  clientIP?: string
  /** LIVE: payable; CLOSED: closed by us (or WeChat Pay); PAID: the trade that paid the order; DUPLICATE: paid after another trade had paid the order (refunded). */
  state: 'LIVE' | 'CLOSED' | 'PAID' | 'DUPLICATE'
  createdAt: number
  /** What the client was last handed for this trade, and until when WeChat Pay honours it. */
  payment?: { prepayId?: string; codeUrl?: string; h5Url?: string; validUntil: number }
  closedAt?: number
  /** A query confirmed the closed trade is closed at WeChat Pay: no payment can land on it any more. */
  verified?: boolean
  transactionId?: string
}

/** A payment that landed on a trade after another trade had paid the order: refunded in full, recorded for the merchant. */
export interface DuplicatePayment {
  outTradeNo: string
  transactionId?: string
  /** Integer fen. */
  amount: number
  detectedAt: number
  /** The automatic refund (wxkit-refunds). */
  refundId: string
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

/** What caused a transition. `bill`: the daily reconciliation found it in WeChat Pay's trade bill (and applied the signed query's answer). */
export type TransitionCause = 'create' | 'notify' | 'query' | 'user' | 'timing' | 'refund' | 'merchant' | 'bill'

/** One applied transition, appended by the conditional update that applied it. */
export interface TransitionRecord {
  from: OrderStatus
  to: OrderStatus
  at: number
  by: TransitionCause
}

export type CloseReason = 'USER' | 'EXPIRED' | 'REJECTED' | 'WXPAY' | 'MERCHANT'

/** An `wxkit-orders` document. */
export interface OrderRecord {
  _id: string
  userId: string
  /**
   * The trade that counts: the live one while unpaid, the paying one once paid
   * (unique index; 6–32 of [0-9A-Za-z]). `channel`, `appid`, `payerOpenid` are that trade's.
   */
  outTradeNo: string
  channel: PayChannel
  appid: string
  mchid: string
  /** JSAPI: the openid the trade was placed for; once paid: the payer's. */
  payerOpenid?: string
  /** Every trade's out_trade_no (unique multikey index): what a notify or a query names. */
  tradeNos: string[]
  /** The trades by out_trade_no. */
  trades: Record<string, TradeRecord>
  /** The out_trade_no of the one LIVE trade, '' when none. */
  liveTradeNo: string
  /** Closed trades a query has not yet confirmed closed (the reconciler asks: a payment may still land). */
  unverifiedTrades: number
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
  closedAt?: number
  closeReason?: CloseReason
  fulfilment: FulfilmentState
  /** Fen that may still be reserved for refunds: amount − approved − refunded (a conditional decrement reserves). */
  refundable: number
  /** Fen WeChat Pay confirmed refunded. */
  refunded: number
  /** Refunds placed for the paying trade (WeChat Pay allows 50). */
  refundCount: number
  /** When the last refund of the paying trade was sent (WeChat Pay wants a minute between two). */
  lastRefundSubmittedAt: number
  /** A buyer's refund request awaits the merchant's review (one at a time). */
  refundRequestOpen: boolean
  /** Refund requests the buyer ever made (the view reads the ledger only when there are any). */
  refundRequests: number
  /** Payments that landed on superseded trades, by out_trade_no. */
  duplicates?: Record<string, DuplicatePayment>
  history: TransitionRecord[]
  /** Mini-program orders, from their fulfilment on: WeChat's shipping information (shipping.ts). */
  shipping?: OrderShipping
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
  /** How the order was (or will be) paid: the current trade's channel. */
  channel: PayChannel
  /** Until when it can be paid (unpaid orders). */
  payableUntil?: number
  /** Fen refunded so far, and what may still be asked for. */
  refunded: number
  refundable: number
  /** Its refunds and refund requests, newest first. */
  refunds: RefundView[]
  /** Fulfilment is tracked apart from payment: a PAID order may not be fulfilled yet. */
  fulfilled: boolean
  /** Mini-program orders once fulfilled: 待发货 / 已发货 / 已完成 and the tracking number. */
  shipping?: ShippingView
}

/** The `db.command` operators the payment modules use, typed. */
export interface OrderCommands {
  lt(value: number): unknown
  gt(value: number): unknown
  gte(value: number): unknown
  in(values: unknown[]): unknown
  inc(value: number): unknown
  push(value: unknown): unknown
  set(value: unknown): unknown
  exists(flag: boolean): unknown
}

/** `db.command`, typed for the operators above. */
export function orderCommands(db: Database): OrderCommands {
  return db.command as unknown as OrderCommands
}

/** The orders collection. */
export function ordersOf(db: Database) {
  return db.collection<OrderRecord>(ORDERS)
}

/** The client's view of an order, with its refunds (`refunds`: those of this order). */
export function toOrderView(order: OrderRecord, refunds: readonly RefundRecord[] = []): OrderView {
  const view: OrderView = {
    orderId: order._id,
    outTradeNo: order.outTradeNo,
    description: order.description,
    amount: order.amount,
    status: order.status,
    items: order.items.map(({ productId, name, price, quantity }) => ({ productId, name, price, quantity })),
    createdAt: order.createdAt,
    channel: order.channel,
    refunded: order.refunded ?? 0,
    refundable: PAID_STATUSES.includes(order.status) ? (order.refundable ?? 0) : 0,
    refunds: refunds.filter((r) => r.orderId === order._id && r.origin !== 'duplicate').map(toRefundView),
    fulfilled: order.fulfilment?.status === 'done',
  }
  if (order.status === 'NOTPAY') view.payableUntil = order.timeExpire
  if (order.paidAt !== undefined) view.paidAt = order.paidAt
  if (order.closedAt !== undefined) view.closedAt = order.closedAt
  const shipping = liveShipping(order)
  if (shipping) view.shipping = shippingView(shipping)
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

/** The order one of whose trades is `outTradeNo`, or undefined. */
export async function findOrderByOutTradeNo(db: Database, outTradeNo: string): Promise<OrderRecord | undefined> {
  const { data } = await ordersOf(db).where({ tradeNos: outTradeNo }).limit(1).get()
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
  options: { status?: OrderStatus | readonly OrderStatus[]; page?: number } = {},
): Promise<{ orders: OrderRecord[]; hasMore: boolean }> {
  const page = Math.max(1, Math.floor(options.page ?? 1))
  const where: Record<string, unknown> = { userId }
  const { status } = options
  if (typeof status === 'string') where.status = status
  else if (status?.length) where.status = orderCommands(db).in([...status])
  const { data } = await ordersOf(db)
    .where(where)
    .orderBy('createdAt', 'desc')
    .skip((page - 1) * ORDER_PAGE_SIZE)
    // One more than a page tells whether another page exists without a count.
    .limit(ORDER_PAGE_SIZE + 1)
    .get()
  return { orders: data.slice(0, ORDER_PAGE_SIZE), hasMore: data.length > ORDER_PAGE_SIZE }
}
