import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installUniStub } from '../../helpers/uni-stub'
import type { OrderView } from '../../../uni_modules/wxkit-login-pay/js_sdk/services/pay'

/** How the list sees an order: REFUNDING is a paid order with a refund under way. */
type ListState = 'PAID' | 'REFUNDING' | 'REFUNDED' | 'NOTPAY' | 'CLOSED'

const order = (orderId: string, state: ListState): OrderView => {
  const refunds =
    state === 'REFUNDING'
      ? [{ refundId: `r${orderId}`, amount: 100, reason: 'x', status: 'PROCESSING' as const, requestedAt: 0 }]
      : state === 'REFUNDED'
        ? [{ refundId: `r${orderId}`, amount: 100, reason: 'x', status: 'SUCCESS' as const, requestedAt: 0, settledAt: 1 }]
        : []
  const status = state === 'REFUNDING' ? 'PAID' : state
  return { orderId, outTradeNo: `T${orderId}`, description: 'x', amount: 100, status, items: [], createdAt: 0, fulfilled: true, channel: 'miniprogram', refunded: 0, refundable: 100, refunds }
}

let states: Record<string, ListState[]>
let getOrder: ReturnType<typeof vi.fn>
beforeEach(() => {
  vi.resetModules()
  installUniStub()
  states = {}
  // The pay object answers each order's next state from its script (the last one repeats).
  getOrder = vi.fn(async ({ orderId }: { orderId: string }) => {
    const script = states[orderId]
    const status = script.length > 1 ? script.shift()! : script[0]
    return { errCode: 0, order: order(orderId, status) }
  })
  vi.stubGlobal('uniCloud', { importObject: () => ({ getOrder }) })
})
afterEach(() => vi.unstubAllGlobals())

async function setup() {
  const { useTransientOrders } = await import('../../../src/composables/useTransientOrders')
  const waits: number[] = []
  const sleep = async (ms: number) => void waits.push(ms)
  const updates: OrderView[] = []
  const live = useTransientOrders((o) => updates.push(o), { sleep })
  return { live, updates, waits }
}

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('useTransientOrders', () => {
  // Regression: a refund stayed 退款中 on 我的订单 until the user switched tabs.
  it('polls a REFUNDING order with back-off until it settles, then hands over the new state', async () => {
    const { live, updates, waits } = await setup()
    states.o1 = ['REFUNDING', 'REFUNDING', 'REFUNDING', 'REFUNDED']
    live.follow([order('o1', 'REFUNDING'), order('o2', 'PAID')])
    expect(live.watching()).toBe(1)
    await vi.waitFor(() => expect(updates).toHaveLength(1))
    expect(updates[0]).toMatchObject({ orderId: 'o1', status: 'REFUNDED' })
    expect(getOrder).toHaveBeenCalledTimes(4)
    expect(getOrder.mock.calls.every(([input]) => input.orderId === 'o1')).toBe(true)
    expect(waits).toEqual([1000, 1500, 2250])
    expect(live.watching()).toBe(0)
  })

  it('watches nothing when no order is transient', async () => {
    const { live } = await setup()
    live.follow([order('o1', 'PAID'), order('o2', 'NOTPAY'), order('o3', 'REFUNDED')])
    expect(live.watching()).toBe(0)
    await flush()
    expect(getOrder).not.toHaveBeenCalled()
  })

  it('stop (page hidden, logged out) ends the polls and drops their answers; follow resumes', async () => {
    const { useTransientOrders } = await import('../../../src/composables/useTransientOrders')
    let wake: (() => void) | undefined
    const sleep = () => new Promise<void>((r) => (wake = r))
    const updates: OrderView[] = []
    const live = useTransientOrders((o) => updates.push(o), { sleep })
    states.o1 = ['REFUNDING', 'REFUNDED']
    live.follow([order('o1', 'REFUNDING')])
    await vi.waitFor(() => expect(wake).toBeTypeOf('function'))
    live.stop()
    expect(live.watching()).toBe(0)
    wake!()
    await flush()
    expect(getOrder).toHaveBeenCalledTimes(1)
    expect(updates).toEqual([])

    live.follow([order('o1', 'REFUNDING')])
    await vi.waitFor(() => expect(updates).toHaveLength(1))
    expect(updates[0].status).toBe('REFUNDED')
  })

  it('following the same order twice polls it once', async () => {
    const { live } = await setup()
    states.o1 = ['REFUNDING']
    live.follow([order('o1', 'REFUNDING')])
    live.follow([order('o1', 'REFUNDING')])
    expect(live.watching()).toBe(1)
    live.stop()
  })
})
