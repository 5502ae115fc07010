import { CloudError } from '../shared/errors'
import type { Database } from '../shared/database'
import { commands } from '../shared/db-commands'
import { USERS, type UserRecord } from '../login/users'
import {
  PAID_STATUSES,
  REFUNDABLE_STATUSES,
  ordersOf,
  readOrder,
  type CloseReason,
  type DuplicatePayment,
  type OrderItem,
  type OrderRecord,
  type OrderStatus,
  type PayChannel,
  type TradeRecord,
  type TransitionRecord,
} from '../pay/orders'
import { refundsOf } from '../pay/refund-records'
import { MAX_REFUNDS_PER_ORDER, REFUND_WINDOW_MS } from '../pay/refunds'
import { MAX_CORRECTIONS, liveShipping, merchantShippingView, type MerchantShippingView, type ShippingStatus, type UploadState } from '../pay/shipping'
import { beijingDayRange, isCalendarDate } from '../shared/beijing-time'
import { merchantRefundView, type MerchantRefundView } from './refund-view'

/**
 * The console's orders: one page of the orders that match the merchant's
 * filters (status, channel, a range of Beijing days) and search (an order id,
 * any out_trade_no of its trades, the transaction_id, the buyer's user id or
 * nickname), newest first, paged on the server; and one order in full.
 *
 * Every filter combination is served by an index of wxkit-orders.index.json
 * whose trailing key is `createdAt` (the sort and the date range):
 * `createdAt`, `status_createdAt`, `channel_createdAt`,
 * `status_channel_createdAt`; a search by key uses `_id`, `tradeNos`
 * (multikey), `transactionId`, `userId_createdAt`, and wxkit-users' `nickname`
 * (a prefix match, which an index serves). A page costs one request, plus one
 * for the buyers' nicknames; a search that has to try several keys costs one
 * request per key tried, in the order below, until one matches.
 */

export const CONSOLE_PAGE_SIZE = 20
/** A nickname search looks at this many users at most (a longer prefix narrows it). */
export const NICKNAME_MATCH_LIMIT = 50
/** The console names the search key it matched, so the next page searches the same way. */
export const SEARCH_KINDS = ['orderId', 'outTradeNo', 'transactionId', 'userId', 'nickname'] as const
export type SearchKind = (typeof SEARCH_KINDS)[number]

/** What the merchant filters and searches by. Dates are Beijing days, `YYYY-MM-DD`, both inclusive. */
export interface ConsoleOrderFilters {
  status?: OrderStatus
  channel?: PayChannel
  from?: string
  to?: string
  /** Search text; `by` names the key (absent: tried in turn, see `searchKindsFor`). */
  q?: string
  by?: SearchKind
}

/** The buyer of an order, as the console names them. */
export interface ConsoleBuyer {
  userId: string
  nickname: string
}

/** One row of the console's order list. */
export interface ConsoleOrderRow {
  orderId: string
  outTradeNo: string
  transactionId?: string
  description: string
  status: OrderStatus
  channel: PayChannel
  /** Fen. */
  amount: number
  refunded: number
  refundable: number
  createdAt: number
  paidAt?: number
  buyer: ConsoleBuyer
  fulfilment: OrderRecord['fulfilment']['status']
  /** A buyer's refund request waits for review. */
  refundRequestOpen: boolean
  shipping?: { status: ShippingStatus; upload: UploadState }
}

/** A page of the list, and the key the search matched (pass it back as `by` for the next page). */
export interface ConsoleOrderPage {
  orders: ConsoleOrderRow[]
  hasMore: boolean
  matchedBy?: SearchKind
}

/** One trade of the order, as the merchant sees it. */
export interface ConsoleTrade {
  outTradeNo: string
  channel: PayChannel
  state: TradeRecord['state']
  createdAt: number
  closedAt?: number
  /** A query confirmed a closed trade closed at WeChat Pay. */
  verified?: boolean
  transactionId?: string
  /** The trade that counts (the live one while unpaid, the paying one once paid). */
  current: boolean
}

/** What the merchant may do with the order now (the server checks again when asked). */
export interface ConsoleOrderActions {
  close: boolean
  refund: boolean
  retryFulfilment: boolean
  enterShipment: boolean
  retryShipping: boolean
}

/** An order in full, for the console's detail page. */
export interface ConsoleOrderDetail {
  orderId: string
  outTradeNo: string
  description: string
  status: OrderStatus
  channel: PayChannel
  items: OrderItem[]
  /** Fen: paid (or payable), refunded so far, and what may still be refunded. */
  amount: number
  refunded: number
  refundable: number
  refundCount: number
  createdAt: number
  updatedAt: number
  /** Unpaid orders: until when they can be paid. */
  payableUntil?: number
  payment?: { transactionId?: string; paidAt: number; outTradeNo: string }
  closedAt?: number
  closeReason?: CloseReason
  buyer: ConsoleBuyer
  trades: ConsoleTrade[]
  history: TransitionRecord[]
  /** Every refund and refund request of the order, newest first, with who decided. */
  refunds: MerchantRefundView[]
  duplicates: DuplicatePayment[]
  fulfilment: { status: OrderRecord['fulfilment']['status']; attempts: number; lastError?: string; doneAt?: number; running: boolean }
  shipping?: MerchantShippingView
  actions: ConsoleOrderActions
}

const ORDER_ID = /^[0-9a-f]{24}$/
// out_trade_no is 6–32 of [0-9A-Za-z_-|*]; a transaction_id is digits (32 at most).
const TRADE_NUMBER = /^[0-9A-Za-z_\-|*]{6,32}$/

/** The keys a search text may be, in the order they are tried: exact numbers first, the nickname last. */
export function searchKindsFor(q: string): SearchKind[] {
  const kinds: SearchKind[] = []
  if (ORDER_ID.test(q)) kinds.push('orderId', 'userId')
  else if (TRADE_NUMBER.test(q)) kinds.push('outTradeNo', 'transactionId')
  kinds.push('nickname')
  return kinds
}


/** The instants of the Beijing day a filter names; PARAM_INVALID for a day that does not exist (2025-02-30). */
function dayOf(date: string, field: string): { start: number; end: number } {
  if (!isCalendarDate(date)) throw new CloudError('PARAM_INVALID', `invalid parameter: ${field}`, { fields: [{ field, reason: 'wrong format' }] })
  return beijingDayRange(date)
}
/** The where() of the filters (search aside). */
export function filterWhere(db: Database, filters: ConsoleOrderFilters): Record<string, unknown> {
  const cmd = commands(db)
  const where: Record<string, unknown> = {}
  if (filters.status) where.status = filters.status
  if (filters.channel) where.channel = filters.channel
  const from = filters.from !== undefined ? dayOf(filters.from, 'from').start : undefined
  const to = filters.to !== undefined ? dayOf(filters.to, 'to').end : undefined
  if (from !== undefined && to !== undefined) where.createdAt = (cmd.gte(from) as { and(c: unknown): unknown }).and(cmd.lt(to))
  else if (from !== undefined) where.createdAt = cmd.gte(from)
  else if (to !== undefined) where.createdAt = cmd.lt(to)
  return where
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The user ids whose nickname starts with `prefix` (their primary users: orders name those). */
async function usersByNickname(db: Database, prefix: string): Promise<string[]> {
  const { data } = await db
    .collection<UserRecord>(USERS)
    .where({ nickname: db.RegExp({ regex: `^${escapeRegex(prefix)}` }) })
    .field({ _id: true, linkedUserId: true })
    .limit(NICKNAME_MATCH_LIMIT)
    .get()
  return [...new Set(data.map((u) => u.linkedUserId ?? u._id))]
}

/** The key condition of a search, or undefined when it cannot match anything (no user of that nickname). */
export async function searchConditionFor(db: Database, kind: SearchKind, q: string): Promise<Record<string, unknown> | undefined> {
  switch (kind) {
    case 'orderId':
      return { _id: q }
    case 'outTradeNo':
      return { tradeNos: q }
    case 'transactionId':
      return { transactionId: q }
    case 'userId':
      return { userId: q }
    case 'nickname': {
      const ids = await usersByNickname(db, q)
      return ids.length ? { userId: ids.length === 1 ? ids[0] : commands(db).in(ids) } : undefined
    }
  }
}

async function pageOf(db: Database, where: Record<string, unknown>, page: number): Promise<{ orders: OrderRecord[]; hasMore: boolean }> {
  const { data } = await ordersOf(db)
    .where(where)
    .orderBy('createdAt', 'desc')
    .skip((page - 1) * CONSOLE_PAGE_SIZE)
    // One more than a page tells whether another exists, without a count.
    .limit(CONSOLE_PAGE_SIZE + 1)
    .get()
  return { orders: data.slice(0, CONSOLE_PAGE_SIZE), hasMore: data.length > CONSOLE_PAGE_SIZE }
}

/** The nicknames of some users (one request), by user id. */
export async function nicknamesOf(db: Database, userIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)]
  if (ids.length === 0) return new Map()
  const { data } = await db
    .collection<UserRecord>(USERS)
    .where({ _id: ids.length === 1 ? ids[0] : commands(db).in(ids) })
    .field({ _id: true, nickname: true })
    .limit(ids.length)
    .get()
  return new Map(data.map((u) => [u._id, u.nickname ?? '']))
}

/** A row of the list. */
export function toConsoleRow(order: OrderRecord, nicknames: ReadonlyMap<string, string>): ConsoleOrderRow {
  const row: ConsoleOrderRow = {
    orderId: order._id,
    outTradeNo: order.outTradeNo,
    description: order.description,
    status: order.status,
    channel: order.channel,
    amount: order.amount,
    refunded: order.refunded ?? 0,
    refundable: PAID_STATUSES.includes(order.status) ? (order.refundable ?? 0) : 0,
    createdAt: order.createdAt,
    buyer: { userId: order.userId, nickname: nicknames.get(order.userId) ?? '' },
    fulfilment: order.fulfilment?.status ?? 'none',
    refundRequestOpen: !!order.refundRequestOpen,
  }
  if (order.transactionId) row.transactionId = order.transactionId
  if (order.paidAt !== undefined) row.paidAt = order.paidAt
  const shipping = liveShipping(order)
  if (shipping) row.shipping = { status: shipping.status, upload: shipping.upload.state }
  return row
}

/** The orders on one page (1-based) of the filters and search, with a request per key the search had to try. */
export async function findConsoleOrders(
  db: Database,
  filters: ConsoleOrderFilters,
  page: number,
): Promise<{ orders: OrderRecord[]; hasMore: boolean; matchedBy?: SearchKind }> {
  const base = filterWhere(db, filters)
  const q = filters.q?.trim()
  if (!q) return pageOf(db, base, page)
  for (const kind of filters.by ? [filters.by] : searchKindsFor(q)) {
    const condition = await searchConditionFor(db, kind, q)
    if (!condition) continue
    const found = await pageOf(db, { ...base, ...condition }, page)
    // A named key answers even an empty page (page 3 of a nickname that had 2).
    if (found.orders.length || filters.by) return { ...found, matchedBy: kind }
  }
  return { orders: [], hasMore: false }
}

/** One page of the console's list, with the buyers' nicknames. */
export async function listConsoleOrders(db: Database, filters: ConsoleOrderFilters, page: number): Promise<ConsoleOrderPage> {
  const found = await findConsoleOrders(db, filters, page)
  const nicknames = await nicknamesOf(
    db,
    found.orders.map((o) => o.userId),
  )
  const answer: ConsoleOrderPage = { orders: found.orders.map((o) => toConsoleRow(o, nicknames)), hasMore: found.hasMore }
  if (found.matchedBy) answer.matchedBy = found.matchedBy
  return answer
}

/** What the merchant may do with `order` at `now`. */
export function actionsOf(order: OrderRecord, now: number): ConsoleOrderActions {
  const fulfilment = order.fulfilment ?? { status: 'none', leaseUntil: 0, attempts: 0 }
  const shipping = order.shipping
  const upload = shipping?.upload
  const uploadFree = !upload || upload.leaseUntil < now
  return {
    close: order.status === 'NOTPAY',
    refund:
      REFUNDABLE_STATUSES.includes(order.status) &&
      (order.refundable ?? 0) > 0 &&
      (order.refundCount ?? 0) < MAX_REFUNDS_PER_ORDER &&
      order.paidAt !== undefined &&
      now - order.paidAt < REFUND_WINDOW_MS,
    retryFulfilment: PAID_STATUSES.includes(order.status) && fulfilment.status === 'pending' && fulfilment.leaseUntil < now,
    enterShipment:
      order.channel === 'miniprogram' &&
      fulfilment.status === 'done' &&
      order.status !== 'REFUNDED' &&
      shipping?.status !== 'completed' &&
      upload?.state !== 'not-required' &&
      !(upload?.uploadedAt !== undefined && upload.corrections >= MAX_CORRECTIONS) &&
      uploadFree,
    retryShipping: (upload?.state === 'failed' || upload?.state === 'pending') && uploadFree,
  }
}

/** The console's view of an order in full (three requests: the order, its refunds, its buyer). */
export async function consoleOrderDetail(db: Database, orderId: string, now: number): Promise<ConsoleOrderDetail> {
  const order = await readOrder(db, orderId)
  const [refunds, nicknames] = await Promise.all([
    refundsOf(db).where({ orderId }).orderBy('requestedAt', 'desc').limit(MAX_REFUNDS_PER_ORDER * 2).get(),
    nicknamesOf(db, [order.userId]),
  ])
  const fulfilment = order.fulfilment ?? { status: 'none', attempts: 0, leaseUntil: 0 }
  const detail: ConsoleOrderDetail = {
    orderId: order._id,
    outTradeNo: order.outTradeNo,
    description: order.description,
    status: order.status,
    channel: order.channel,
    items: order.items.map(({ productId, name, price, quantity, delivery }) => ({ productId, name, price, quantity, ...(delivery ? { delivery } : {}) })),
    amount: order.amount,
    refunded: order.refunded ?? 0,
    refundable: PAID_STATUSES.includes(order.status) ? (order.refundable ?? 0) : 0,
    refundCount: order.refundCount ?? 0,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    buyer: { userId: order.userId, nickname: nicknames.get(order.userId) ?? '' },
    trades: Object.values(order.trades ?? {})
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((trade) => ({
        outTradeNo: trade.outTradeNo,
        channel: trade.channel,
        state: trade.state,
        createdAt: trade.createdAt,
        ...(trade.closedAt !== undefined ? { closedAt: trade.closedAt } : {}),
        ...(trade.verified !== undefined ? { verified: trade.verified } : {}),
        ...(trade.transactionId ? { transactionId: trade.transactionId } : {}),
        current: trade.outTradeNo === order.outTradeNo,
      })),
    history: order.history ?? [],
    refunds: refunds.data.map(merchantRefundView),
    duplicates: Object.values(order.duplicates ?? {}).sort((a, b) => a.detectedAt - b.detectedAt),
    fulfilment: {
      status: fulfilment.status,
      attempts: fulfilment.attempts ?? 0,
      ...(fulfilment.lastError ? { lastError: fulfilment.lastError } : {}),
      ...(fulfilment.doneAt !== undefined ? { doneAt: fulfilment.doneAt } : {}),
      running: fulfilment.status === 'pending' && fulfilment.leaseUntil >= now,
    },
    actions: actionsOf(order, now),
  }
  if (order.status === 'NOTPAY') detail.payableUntil = order.timeExpire
  if (order.paidAt !== undefined) {
    detail.payment = { paidAt: order.paidAt, outTradeNo: order.outTradeNo, ...(order.transactionId ? { transactionId: order.transactionId } : {}) }
  }
  if (order.closedAt !== undefined) detail.closedAt = order.closedAt
  if (order.closeReason) detail.closeReason = order.closeReason
  const shipping = liveShipping(order)
  if (shipping) detail.shipping = merchantShippingView(shipping)
  return detail
}
