/**
 * Orders and users written straight into a database, shaped as the kit
 * stores them (cloud/pay/orders.ts OrderRecord, cloud/login/users.ts
 * UserRecord), for the console's list, search, export and overview tests and
 * the benchmark: hundreds or thousands of orders without placing each through
 * WeChat Pay. Deterministic: order `i` always has the same fields.
 */
import type { OrderRecord, OrderStatus, PayChannel, TradeRecord } from '../../cloud/pay/orders'
import type { RefundRecord } from '../../cloud/pay/refund-records'
import type { UserRecord } from '../../cloud/login/users'

/** The part of a database the seeding needs (the runtime's, or a memoryDb). */
export interface SeedDb {
  collection(name: string): { add(docs: unknown): Promise<unknown> }
}

export const SEED_STATUSES: readonly OrderStatus[] = ['NOTPAY', 'PAID', 'PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CLOSED']
export const SEED_CHANNELS: readonly PayChannel[] = ['miniprogram', 'jsapi', 'h5', 'native']
export const SEED_APPID = 'wx-seed-app'
export const SEED_MCHID = '1900000109'

/** A 24-hex id (like the runtime's) that is a pure function of a name. */
export function seedId(kind: string, i: number): string {
  const prefix = { order: 'a', user: 'b', refund: 'c' }[kind] ?? 'd'
  return `${prefix}${i.toString(16).padStart(23, '0')}`
}

/** The out_trade_no of seeded order `i` (the kit's shape: Beijing time, 10 base32 characters) and of its earlier trade. */
export function seedTradeNo(i: number, trade = 0): string {
  return `20250101000000${trade === 0 ? 'S' : 'T'}${i.toString(32).toUpperCase().padStart(9, '0')}`
}

/** The transaction_id of seeded order `i` (28 digits, as WeChat Pay's). */
export function seedTransactionId(i: number): string {
  return `4200000000${String(i).padStart(18, '0')}`
}

export interface SeedOptions {
  /** Number of orders. */
  count: number
  /** The newest order's createdAt (ms); each earlier order is `spacingMs` older. */
  newest: number
  spacingMs?: number
  /** Number of distinct buyers (orders go round them). */
  users?: number
  /** Buyer `u`'s nickname. */
  nickname?: (u: number) => string
}

export interface SeededOrders {
  orders: OrderRecord[]
  users: UserRecord[]
}

/** The documents of a seeded shop (not written). */
export function seedDocuments(options: SeedOptions): SeededOrders {
  const spacing = options.spacingMs ?? 60_000
  const userCount = options.users ?? 10
  const nickname = options.nickname ?? ((u: number) => `买家${u}`)
  const users: UserRecord[] = Array.from({ length: userCount }, (_, u) => ({
    _id: seedId('user', u),
    appid: SEED_APPID,
    openid: `o-seed-${u}`,
    platform: 'mp',
    nickname: nickname(u),
    avatarUrl: '',
    createdAt: options.newest - 86_400_000 * 400,
    updatedAt: options.newest,
    lastLoginAt: options.newest,
  }))
  const orders: OrderRecord[] = Array.from({ length: options.count }, (_, i) => {
    const status = SEED_STATUSES[i % SEED_STATUSES.length]
    const channel = SEED_CHANNELS[Math.floor(i / SEED_STATUSES.length) % SEED_CHANNELS.length]
    const createdAt = options.newest - i * spacing
    const amount = 100 * (1 + (i % 50)) + (i % 7)
    const paid = status === 'PAID' || status === 'PARTIALLY_REFUNDED' || status === 'REFUNDED'
    const refunded = status === 'REFUNDED' ? amount : status === 'PARTIALLY_REFUNDED' ? Math.floor(amount / 2) : 0
    const outTradeNo = seedTradeNo(i)
    const earlier = seedTradeNo(i, 1)
    const trade: TradeRecord = {
      outTradeNo,
      channel,
      appid: SEED_APPID,
      state: paid ? 'PAID' : status === 'CLOSED' ? 'CLOSED' : 'LIVE',
      createdAt: createdAt + 1000,
      ...(paid ? { transactionId: seedTransactionId(i) } : {}),
    }
    // Every third order switched channel once: an earlier trade, closed and confirmed.
    const trades: Record<string, TradeRecord> = { [outTradeNo]: trade }
    if (i % 3 === 0) trades[earlier] = { outTradeNo: earlier, channel, appid: SEED_APPID, state: 'CLOSED', createdAt, closedAt: createdAt + 900, verified: true }
    const history: OrderRecord['history'] = []
    if (paid) history.push({ from: 'NOTPAY', to: 'PAID', at: createdAt + 30_000, by: 'notify' })
    if (status === 'PARTIALLY_REFUNDED') history.push({ from: 'PAID', to: 'PARTIALLY_REFUNDED', at: createdAt + 90_000, by: 'refund' })
    if (status === 'REFUNDED') history.push({ from: 'PAID', to: 'REFUNDED', at: createdAt + 90_000, by: 'refund' })
    if (status === 'CLOSED') history.push({ from: 'NOTPAY', to: 'CLOSED', at: createdAt + 900_000, by: 'timing' })
    return {
      _id: seedId('order', i),
      userId: seedId('user', i % userCount),
      outTradeNo,
      channel,
      appid: SEED_APPID,
      mchid: SEED_MCHID,
      tradeNos: Object.keys(trades),
      trades,
      liveTradeNo: status === 'NOTPAY' ? outTradeNo : '',
      unverifiedTrades: 0,
      description: i % 2 ? '陶瓷马克杯' : '云南小粒咖啡豆 250g',
      items: [i % 2 ? { productId: 'p-mug', name: '陶瓷马克杯', price: amount, quantity: 1, delivery: 'express' } : { productId: 'p-coffee-beans', name: '云南小粒咖啡豆 250g', price: amount, quantity: 1, delivery: 'express' }],
      amount,
      currency: 'CNY',
      status,
      timeExpire: createdAt + 15 * 60_000,
      createdAt,
      updatedAt: createdAt + 90_000,
      lastQueriedAt: 0,
      ...(paid ? { paidAt: createdAt + 30_000, transactionId: seedTransactionId(i), payerOpenid: `o-seed-${i % userCount}` } : {}),
      ...(status === 'CLOSED' ? { closedAt: createdAt + 900_000, closeReason: 'EXPIRED' as const } : {}),
      fulfilment: paid ? { status: 'done', attempts: 1, leaseUntil: 0, doneAt: createdAt + 31_000 } : { status: 'none', attempts: 0, leaseUntil: 0 },
      refundable: paid ? amount - refunded : amount,
      refunded,
      refundCount: refunded ? 1 : 0,
      lastRefundSubmittedAt: refunded ? createdAt + 60_000 : 0,
      refundRequestOpen: false,
      refundRequests: 0,
      history,
    }
  })
  return { orders, users }
}

/** The SUCCESS refunds of the seeded orders that were refunded (one each, settled 90 s after creation). */
export function seedRefunds(orders: readonly OrderRecord[]): RefundRecord[] {
  return orders
    .filter((o) => o.refunded > 0)
    .map((o, n) => ({
      _id: seedId('refund', n),
      orderId: o._id,
      userId: o.userId,
      outTradeNo: o.outTradeNo,
      outRefundNo: `R${o.outTradeNo}`,
      origin: 'merchant' as const,
      amount: o.refunded,
      total: o.amount,
      reason: '',
      status: 'SUCCESS' as const,
      requestedAt: o.createdAt + 60_000,
      decidedAt: o.createdAt + 60_000,
      decidedBy: '演示店长',
      attempts: 1,
      lastQueriedAt: 0,
      settledAt: o.createdAt + 90_000,
      createdAt: o.createdAt + 60_000,
      updatedAt: o.createdAt + 90_000,
    }))
}

/** Write a seeded shop into `db`, a thousand documents per add. */
export async function seedShop(db: SeedDb, options: SeedOptions): Promise<SeededOrders & { refunds: RefundRecord[] }> {
  const docs = seedDocuments(options)
  const refunds = seedRefunds(docs.orders)
  for (const [name, list] of [
    ['wxkit-users', docs.users],
    ['wxkit-orders', docs.orders],
    ['wxkit-refunds', refunds],
  ] as const) {
    for (let i = 0; i < list.length; i += 1000) if (list.length) await db.collection(name).add(list.slice(i, i + 1000))
  }
  return { ...docs, refunds }
}
