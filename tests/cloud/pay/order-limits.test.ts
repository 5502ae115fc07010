/**
 * Regression: createOrder had no per-user limit, and every call places a WeChat
 * Pay order. Open unpaid orders and creations per minute are limited per user.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ORDER_TTL_MS } from '../../../cloud/pay/payments'
import { ORDERS, type OrderStatus } from '../../../cloud/pay/orders'
import { admitOrderCreation, countOpenUnpaidOrders } from '../../../cloud/pay/order-limits'
import { memoryDb, rejection, testEnv } from '../support'

function setup() {
  const env = testEnv()
  return { env, deps: { db: memoryDb(env.now), env } }
}

let seq = 0
async function storeOrder(deps: ReturnType<typeof setup>['deps'], userId: string, status: OrderStatus, timeExpire: number): Promise<void> {
  seq++
  await deps.db.collection(ORDERS).add({ userId, status, timeExpire, outTradeNo: `T${seq}`, createdAt: deps.env.now() })
}

describe('order creation limits', () => {
  it('counts only the user’s NOTPAY orders that can still be paid', async () => {
    const { deps, env } = setup()
    const live = env.now() + ORDER_TTL_MS
    await storeOrder(deps, 'u1', 'NOTPAY', live)
    await storeOrder(deps, 'u1', 'NOTPAY', live)
    await storeOrder(deps, 'u1', 'NOTPAY', env.now() - 1) // expired, not yet closed by the timer
    for (const status of ['PAID', 'CLOSED', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const) await storeOrder(deps, 'u1', status, live)
    await storeOrder(deps, 'u2', 'NOTPAY', live)
    expect(await countOpenUnpaidOrders(deps, 'u1')).toBe(2)
  })

  it('refuses TOO_MANY_UNPAID_ORDERS at the limit without counting a creation, then admits once one expires', async () => {
    const { deps, env } = setup()
    const limits = { maxUnpaidPerUser: 2, createPerUserPerMinute: 3 }
    await storeOrder(deps, 'u1', 'NOTPAY', env.now() + 1000)
    await storeOrder(deps, 'u1', 'NOTPAY', env.now() + ORDER_TTL_MS)
    const refused = await rejection(admitOrderCreation(deps, 'u1', limits))
    expect(refused.code).toBe('TOO_MANY_UNPAID_ORDERS')
    expect(refused.detail).toEqual({ limit: 2 })
    await admitOrderCreation(deps, 'u2', limits)
    env.advance(1000)
    // The refusal did not use up one of the minute's 3 creations.
    for (let i = 0; i < 3; i++) await admitOrderCreation(deps, 'u1', limits)
  })

  it('refuses RATE_LIMITED beyond createPerUserPerMinute, per user, until the window ends', async () => {
    const { deps, env } = setup()
    const limits = { maxUnpaidPerUser: 100, createPerUserPerMinute: 3 }
    for (let i = 0; i < 3; i++) await admitOrderCreation(deps, 'u1', limits)
    const refused = await rejection(admitOrderCreation(deps, 'u1', limits))
    expect(refused.code).toBe('RATE_LIMITED')
    expect(refused.detail).toEqual({ retryAfterSeconds: expect.any(Number) })
    await admitOrderCreation(deps, 'u2', limits)
    env.advance(60_000)
    await admitOrderCreation(deps, 'u1', limits)
  })

  it('the open-unpaid count is served by an index of wxkit-orders (userId, status, timeExpire)', () => {
    const indexes = JSON.parse(readFileSync('uni_modules/wxkit-login-pay/uniCloud/database/wxkit-orders.index.json', 'utf8')) as Array<{
      MgoKeySchema: { MgoIndexKeys: Array<{ Name: string }> }
    }>
    const keys = indexes.map((index) => index.MgoKeySchema.MgoIndexKeys.map((key) => key.Name).join(','))
    expect(keys).toContain('userId,status,timeExpire')
  })
})
