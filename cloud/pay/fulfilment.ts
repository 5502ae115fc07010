import { isDuplicateKeyError, type Database } from '../shared/database'
import type { Env } from '../shared/env'
import { randomId } from '../shared/env'
import { errorLabel } from '../shared/error-label'
import { orderCommands, ordersOf, readOrder, type OrderRecord } from './orders'
import type { Fulfiller, PayDeps } from './pay-deps'
import { shipAfterFulfilment, shippingOnFulfilment } from './shipping'
import { COLLECTIONS } from '../shared/collections'

/**
 * Fulfilment, apart from payment. The conditional update that marks an order
 * PAID also sets its outbox entry (`fulfilment.status = 'pending'`), so a paid
 * order can never lack one; that entry comes leased to the caller whose
 * update wins (`leasedOutbox`), which runs it next. Any other runner (a notify
 * retry after a failure, the timer) claims the entry with a lease (another
 * conditional update). The holder calls the Fulfiller, then marks it `done`
 * (an update that answers the order, so nothing is read again). A notify is
 * acknowledged only after that, because uniCloud freezes the instance as soon
 * as the method returns; a failure releases the lease and the notify answers
 * 5xx, so WeChat Pay's retry (or the timer) runs the pending entry again.
 *
 * At most one runner holds an entry at a time; the Fulfiller must still be
 * idempotent on the order id, because a runner can die after fulfilling and
 * before marking `done` (the default one is: one `wxkit-deliveries` document per
 * order, unique index on orderId).
 */

export const DELIVERIES = COLLECTIONS.deliveries

/** A `wxkit-deliveries` document: the record that an order was delivered. */
export interface DeliveryRecord {
  _id: string
  /** Unique (index): the idempotency key. */
  orderId: string
  userId: string
  items: OrderRecord['items']
  amount: number
  deliveredAt: number
}

/**
 * The kit's own small fulfilment: record a delivery of the order's items. A
 * second run for the same order hits the unique index and changes nothing.
 */
export function createDeliveryFulfiller(deps: { db: Database; env: Pick<Env, 'now'> }): Fulfiller {
  return {
    async fulfil(order) {
      try {
        await deps.db.collection<DeliveryRecord>(DELIVERIES).add({
          orderId: order._id,
          userId: order.userId,
          items: order.items,
          amount: order.amount,
          deliveredAt: deps.env.now(),
        })
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error
      }
    },
  }
}

/** What the merchant's fulfilment cloud object receives: `fulfil({ order })`. */
export interface FulfilmentOrder {
  orderId: string
  outTradeNo: string
  transactionId?: string
  userId: string
  channel: OrderRecord['channel']
  items: OrderRecord['items']
  /** Integer fen. */
  amount: number
  paidAt?: number
}

/** The order as the hook sees it: what was bought and paid, nothing of the kit's bookkeeping. */
export function fulfilmentOrder(order: OrderRecord): FulfilmentOrder {
  return {
    orderId: order._id,
    outTradeNo: order.outTradeNo,
    ...(order.transactionId ? { transactionId: order.transactionId } : {}),
    userId: order.userId,
    channel: order.channel,
    // delivery: how each item reaches the buyer (virtual, express, same-city, pickup), when the catalogue said.
    items: order.items.map(({ productId, name, price, quantity, delivery }) => ({ productId, name, price, quantity, ...(delivery ? { delivery } : {}) })),
    amount: order.amount,
    ...(order.paidAt !== undefined ? { paidAt: order.paidAt } : {}),
  }
}

/** Why the merchant's hook did not fulfil: it threw, or answered a non-zero errCode. */
export class FulfilmentHookError extends Error {
  readonly code: string

  constructor(code: string) {
    super(`fulfilment hook answered ${code}`)
    this.name = 'FulfilmentHookError'
    this.code = code
  }
}

/**
 * The merchant's own fulfilment: `uniCloud.importObject(cloudObject)[method]({ order })`,
 * server to server (the hook sees `source: 'function'`). It must be idempotent
 * on `order.orderId`: after a failure or a crash the kit calls it again for the
 * same order. Answering `{ errCode: 0 }` means delivered; throwing or any other
 * errCode means "not yet" and the kit retries (notify retry, then the timer).
 */
export function createCloudObjectFulfiller(deps: {
  importObject: (name: string) => Record<string, (...params: unknown[]) => Promise<unknown>>
  cloudObject: string
  method: string
}): Fulfiller {
  return {
    async fulfil(order) {
      const answer = (await deps.importObject(deps.cloudObject)[deps.method]({ order: fulfilmentOrder(order) })) as { errCode?: unknown } | undefined
      const code = answer?.errCode
      if (code !== 0 && code !== undefined && code !== '' && code !== null) throw new FulfilmentHookError(String(code).slice(0, 64))
    },
  }
}

/** Longer than the pay object's 30 s timeout: a live runner never loses its lease. */
export const FULFILMENT_LEASE_MS = 60_000
const POLL_MS = 100
const DEFAULT_WAIT_MS = 3_000

/** Why fulfilment is not done: it threw, or another runner holds it. */
export class FulfilmentError extends Error {
  readonly code: 'FULFILMENT_FAILED' | 'FULFILMENT_BUSY'

  constructor(code: FulfilmentError['code'], message: string) {
    super(message)
    this.name = 'FulfilmentError'
    this.code = code
  }
}

/** A fulfilment outbox entry, as stored in the order. */
export type OutboxEntry = OrderRecord['fulfilment']

/**
 * The outbox entry for the update that marks an order paid, leased at once
 * to the caller making that update: if it wins, it holds the lease without a
 * request of its own and runs the fulfilment next (`fulfilLeased`). Should it
 * die first, the lease runs out and a retry or the timer claims the entry.
 */
export function leasedOutbox(deps: Pick<PayDeps, 'env'>): { owner: string; entry: OutboxEntry } {
  const owner = randomId(deps.env, 12)
  return { owner, entry: { status: 'pending', attempts: 1, leaseUntil: deps.env.now() + FULFILMENT_LEASE_MS, leaseOwner: owner } }
}

/**
 * Fulfil an order whose pending entry `owner` holds, then mark it done; the
 * order as it is afterwards. The Fulfiller gets `order` as read with the
 * lease (the claim's own answer): nothing is read again. The update marking
 * it done also sets a mini-program order's shipping entry (shipping.ts), whose
 * upload, when due (virtual goods), is then tried best-effort.
 */
export async function fulfilLeased(deps: PayDeps, order: OrderRecord, owner: string): Promise<OrderRecord> {
  const mine = ordersOf(deps.db).where({ _id: order._id, 'fulfilment.status': 'pending', 'fulfilment.leaseOwner': owner })
  try {
    await deps.fulfiller.fulfil(order)
  } catch (error) {
    const label = errorLabel(error)
    deps.log.error(`[pay] fulfilment of order ${order._id} failed: ${label}`)
    // Free the entry at once so the next notify retry can run it.
    await mine.update({ fulfilment: { leaseUntil: 0, lastError: label.slice(0, 100) } }).catch(() => undefined)
    throw new FulfilmentError('FULFILMENT_FAILED', 'fulfilment failed')
  }
  const now = deps.env.now()
  const { doc } = await mine.updateAndReturn({ fulfilment: { status: 'done', doneAt: now, leaseUntil: 0 }, ...shippingOnFulfilment(order, now) })
  if (!doc) throw new FulfilmentError('FULFILMENT_BUSY', 'fulfilment lease was lost')
  return shipAfterFulfilment(deps, doc)
}

/**
 * Run the order's pending fulfilment to the end and answer the order. Returns
 * at once when nothing is pending. When another runner holds the lease, waits
 * up to `waitMs` for it to finish, then fails with FULFILMENT_BUSY. Given the
 * order (as the caller just read it) rather than its id, it starts from that
 * instead of reading it again; a stale copy is safe, the claim is conditional.
 */
export async function runFulfilment(deps: PayDeps, orderOrId: OrderRecord | string, options: { waitMs?: number } = {}): Promise<OrderRecord> {
  const deadline = deps.env.now() + (options.waitMs ?? DEFAULT_WAIT_MS)
  const cmd = orderCommands(deps.db)
  const orderId = typeof orderOrId === 'string' ? orderOrId : orderOrId._id
  let order = typeof orderOrId === 'string' ? await readOrder(deps.db, orderId) : orderOrId
  for (;;) {
    if (order.fulfilment?.status !== 'pending') return order
    const now = deps.env.now()
    if (order.fulfilment.leaseUntil < now) {
      const owner = randomId(deps.env, 12)
      const { doc } = await ordersOf(deps.db)
        .where({ _id: orderId, 'fulfilment.status': 'pending', 'fulfilment.leaseUntil': cmd.lt(now) })
        .updateAndReturn({ fulfilment: { leaseUntil: now + FULFILMENT_LEASE_MS, leaseOwner: owner, attempts: cmd.inc(1) } })
      if (doc) return fulfilLeased(deps, doc, owner)
    } else {
      if (deps.env.now() >= deadline) throw new FulfilmentError('FULFILMENT_BUSY', 'fulfilment is running elsewhere')
      await deps.env.sleep(POLL_MS)
    }
    order = await readOrder(deps.db, orderId)
  }
}
