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

type RefundState = OrderView['refunds'][number]['status']

/** A ¥45.00 order with ¥10.00 asked back in a request in `state`, after an earlier ¥5.00 refund. */
const partial = (orderId: string, state: RefundState): OrderView => {
  const settled = state === 'SUCCESS'
  const reserved = state === 'APPROVED' || state === 'PROCESSING' || settled
  return {
    ...order(orderId, 'PAID'),
    amount: 4500,
    status: 'PARTIALLY_REFUNDED',
    refunded: settled ? 1500 : 500,
    refundable: reserved ? 3000 : 4000,
    refunds: [
      { refundId: `r2${orderId}`, amount: 1000, reason: '少发一件', status: state, requestedAt: 2, ...(settled ? { settledAt: 3 } : {}) },
      { refundId: `r1${orderId}`, amount: 500, reason: '运费', status: 'SUCCESS', requestedAt: 0, settledAt: 1 },
    ],
  }
}

let states: Record<string, Array<ListState | OrderView>>
let getOrder: ReturnType<typeof vi.fn>
beforeEach(() => {
  vi.resetModules()
  installUniStub()
  states = {}
  // The pay object answers each order's next state from its script (the last one repeats).
  getOrder = vi.fn(async ({ orderId }: { orderId: string }) => {
    const script = states[orderId]
    const next = script.length > 1 ? script.shift()! : script[0]
    return { errCode: 0, order: typeof next === 'string' ? order(orderId, next) : next }
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

  // Regression guard for partial refunds: a merchant's approval is seen without a reload, at each step.
  it('follows a partial refund request through review, approval and settlement, handing over each change', async () => {
    const { live, updates, waits } = await setup()
    states.o1 = [partial('o1', 'REQUESTED'), partial('o1', 'REQUESTED'), partial('o1', 'APPROVED'), partial('o1', 'PROCESSING'), partial('o1', 'SUCCESS')]
    live.follow([partial('o1', 'REQUESTED')])
    expect(live.watching()).toBe(1)
    await vi.waitFor(() => expect(updates.map((o) => o.refunds[0].status)).toEqual(['APPROVED', 'PROCESSING', 'SUCCESS']))
    expect(updates.at(-1)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: 1500, refundable: 3000 })
    // The earlier, settled refund does not keep the order watched.
    await vi.waitFor(() => expect(live.watching()).toBe(0))
    expect(getOrder).toHaveBeenCalledTimes(5)
    // Review at its own pace, then a fresh back-off once the refund is under way.
    expect(waits).toEqual([1000, 1500, 1000])
  })

  it('follows a request waiting for review at most every 30 s, a refund under way at most every 15 s', async () => {
    const { useTransientOrders } = await import('../../../src/composables/useTransientOrders')
    const waits: Record<string, number[]> = { review: [], refund: [] }
    let current = ''
    // Each order's waits, recorded by the call that precedes them (the pollers take turns).
    getOrder.mockImplementation(async ({ orderId }: { orderId: string }) => {
      current = orderId
      return { errCode: 0, order: partial(orderId, orderId === 'review' ? 'REQUESTED' : 'PROCESSING') }
    })
    const live = useTransientOrders(() => {}, {
      sleep: async (ms) => {
        waits[current].push(ms)
        if (waits[current].length >= 20) live.stop()
      },
    })
    live.follow([partial('review', 'REQUESTED')])
    await vi.waitFor(() => expect(live.watching()).toBe(0))
    live.follow([partial('refund', 'PROCESSING')])
    await vi.waitFor(() => expect(live.watching()).toBe(0))
    expect(waits.review.slice(0, 9)).toEqual([1000, 1500, 2250, 3375, 5063, 7595, 11393, 17090, 25635])
    expect(Math.max(...waits.review)).toBe(30_000)
    expect(Math.max(...waits.refund)).toBe(15_000)
  })

  it('leaves a rejected request alone (nothing more will happen by itself)', async () => {
    const { live } = await setup()
    live.follow([partial('o1', 'REJECTED')])
    expect(live.watching()).toBe(0)
  })
})
