/** The one atomic conditional transition every flow goes through. */
import { describe, expect, it } from 'vitest'
import { TRANSITIONS, canTransition, transition } from '../../../cloud/pay/order-transitions'
import { ORDER_STATUSES, type OrderStatus } from '../../../cloud/pay/orders'
import { newOrder, payFixture, stored, transitions } from './support'
import { requestsOf } from '../support'

const LEGAL = new Set(['NOTPAY>PAID', 'NOTPAY>CLOSED', 'CLOSED>PAID', 'PAID>PARTIALLY_REFUNDED', 'PAID>REFUNDED', 'PARTIALLY_REFUNDED>REFUNDED'])

describe('the transition table', () => {
  const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as [OrderStatus, OrderStatus]))
  it.each(pairs)('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(LEGAL.has(`${from}>${to}`))
  })

  it('lists every status', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort())
  })
})

describe('transition', () => {
  it('applies from → to with its fields and a history entry in one update', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    f.env.advance(1000)
    const result = await transition(f.deps, { orderId: order._id, from: 'NOTPAY', to: 'CLOSED', by: 'user', set: { closedAt: 42, closeReason: 'USER' } })
    expect(result.won).toBe(true)
    expect(result.order).toMatchObject({ status: 'CLOSED', closedAt: 42, closeReason: 'USER', updatedAt: f.env.now() })
    expect(result.order.history).toEqual([{ from: 'NOTPAY', to: 'CLOSED', at: f.env.now(), by: 'user' }])
  })

  it('of 20 concurrent identical transitions exactly one wins; all see the result', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => transition(f.deps, { orderId: order._id, from: 'NOTPAY', to: 'PAID', by: 'notify', set: { transactionId: `t${i}` } })),
    )
    expect(results.filter((r) => r.won)).toHaveLength(1)
    expect(results.every((r) => r.order.status === 'PAID')).toBe(true)
    const after = await stored(f, order._id)
    expect(transitions(after)).toEqual(['NOTPAY>PAID:notify'])
    // Only the winner's fields were written.
    expect(after.transactionId).toBe(`t${results.findIndex((r) => r.won)}`)
  })

  // transition() re-read the order after its update: the winner paid two requests where one answers it.
  it('the winner has the order from its own update (one request); a loser reads it (two)', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    let won: Awaited<ReturnType<typeof transition>> | undefined
    expect(await requestsOf(f.deps.db, async () => (won = await transition(f.deps, { orderId: order._id, from: 'NOTPAY', to: 'PAID', by: 'notify' })))).toEqual([
      'updateAndReturn wxkit-orders',
    ])
    expect(won?.order).toEqual(await stored(f, order._id))
    expect(await requestsOf(f.deps.db, () => transition(f.deps, { orderId: order._id, from: 'NOTPAY', to: 'PAID', by: 'notify' }))).toEqual([
      'updateAndReturn wxkit-orders',
      'get wxkit-orders',
    ])
  })

  it('a transition from a state the order is not in changes nothing', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    const result = await transition(f.deps, { orderId: order._id, from: 'PAID', to: 'REFUNDED', by: 'refund', set: { refunded: 1 } })
    expect(result.won).toBe(false)
    expect(result.order).toMatchObject({ status: 'NOTPAY', history: [], refunded: 0 })
  })

  it('refuses a transition that does not exist, before touching the database', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    await expect(transition(f.deps, { orderId: order._id, from: 'NOTPAY', to: 'REFUNDED', by: 'user' })).rejects.toThrow(/illegal/)
    expect((await stored(f, order._id)).status).toBe('NOTPAY')
  })
})
