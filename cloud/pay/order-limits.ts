import type { Database } from '../shared/database'
import { commands } from '../shared/db-commands'
import type { Env } from '../shared/env'
import { CloudError } from '../shared/errors'
import { enforce, type RateLimitRule } from '../shared/rate-limit'
import { ordersOf } from './orders'

/**
 * Per-user limits of order creation, checked before WeChat Pay hears of the
 * order: every order placed is a WeChat Pay order (and a row in the
 * merchant's trade list), so one login must not be able to place thousands.
 *
 * - Open unpaid orders: NOTPAY and not yet past time_expire, counted with the
 *   `userId_status_timeExpire` index. Count-then-insert is not atomic, so
 *   concurrent calls may pass the count together; the per-minute limit below
 *   is atomic and bounds that overshoot.
 * - Creations per minute: a fixed-window counter (`shared/rate-limit.ts`).
 */

/** The limits (the `orderLimits` config section). */
export interface OrderLimits {
  maxUnpaidPerUser: number
  createPerUserPerMinute: number
}

/** What the check needs. */
export interface OrderLimitDeps {
  db: Database
  env: Pick<Env, 'now'>
}

/** The rate-limit rule of order creation. */
export function createRule(limits: OrderLimits): RateLimitRule {
  return { name: 'order-create-user', limit: limits.createPerUserPerMinute, windowSeconds: 60 }
}

/** How many orders of a user can still be paid now. */
export async function countOpenUnpaidOrders(deps: OrderLimitDeps, userId: string): Promise<number> {
  const { total } = await ordersOf(deps.db)
    .where({ userId, status: 'NOTPAY', timeExpire: commands(deps.db).gt(deps.env.now()) })
    .count()
  return total
}

/**
 * Admit one order creation of a user, or refuse it: TOO_MANY_UNPAID_ORDERS
 * (pay or cancel one first; nothing is counted) or RATE_LIMITED (with
 * retryAfterSeconds).
 */
export async function admitOrderCreation(deps: OrderLimitDeps, userId: string, limits: OrderLimits): Promise<void> {
  if ((await countOpenUnpaidOrders(deps, userId)) >= limits.maxUnpaidPerUser) {
    throw new CloudError('TOO_MANY_UNPAID_ORDERS', 'too many unpaid orders: pay or close one first', { limit: limits.maxUnpaidPerUser })
  }
  await enforce(deps, createRule(limits), userId)
}
