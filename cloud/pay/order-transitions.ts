import type { Database } from '../shared/database'
import type { Env } from '../shared/env'
import {
  orderCommands,
  ordersOf,
  readOrder,
  type OrderRecord,
  type OrderStatus,
  type TransitionCause,
} from './orders'

/**
 * The one way an order changes status: a conditional update
 * `where({ _id, status: from }).updateAndReturn({ status: to, … })`. The
 * database applies it to at most one of any number of concurrent callers; the
 * winner gets the order as its update left it in the same request, the others
 * (no match, `doc: null`) read it once and act on the state they find.
 * Notifies, queries, closes, refunds and the timer all come through here.
 */

/** The transitions that exist. CLOSED → PAID: WeChat Pay confirmed a payment after a local close; the money counts. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  NOTPAY: ['PAID', 'CLOSED'],
  CLOSED: ['PAID'],
  PAID: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  PARTIALLY_REFUNDED: ['REFUNDED'],
  REFUNDED: [],
}

/** One requested transition. */
export interface TransitionRequest {
  orderId: string
  from: OrderStatus
  to: OrderStatus
  by: TransitionCause
  /** Fields written by the same atomic update (nested objects merge). */
  set?: Record<string, unknown>
}

/** The outcome: whether this caller's update applied, and the order as it is now. */
export interface TransitionResult {
  won: boolean
  order: OrderRecord
}

/** True when `to` may follow `from`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/**
 * Apply `from → to` atomically, with `set` and a history entry in the same
 * update. Exactly one of concurrent identical requests wins; every caller gets
 * the order as it is after its attempt: the winner from its own update (one
 * request), a loser by reading it (two).
 */
export async function transition(deps: { db: Database; env: Pick<Env, 'now'> }, request: TransitionRequest): Promise<TransitionResult> {
  const { orderId, from, to, by, set = {} } = request
  if (!canTransition(from, to)) throw new Error(`illegal order transition ${from} -> ${to}`)
  const now = deps.env.now()
  const { doc } = await ordersOf(deps.db)
    .where({ _id: orderId, status: from })
    .updateAndReturn({
      ...set,
      status: to,
      updatedAt: now,
      history: orderCommands(deps.db).push({ from, to, at: now, by }),
    })
  if (doc) return { won: true, order: doc }
  return { won: false, order: await readOrder(deps.db, orderId) }
}
