import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installUniStub } from '../../../../helpers/uni-stub'
import type { OrderView } from '../../../../../uni_modules/wxkit-login-pay/js_sdk/services/pay'

const view = (status: OrderView['status']): OrderView => ({
  orderId: 'o1',
  outTradeNo: 'T1',
  description: 'x',
  amount: 100,
  status,
  items: [],
  createdAt: 0,
  channel: 'miniprogram',
  refunded: 0,
  refundable: 0,
  refunds: [],
  fulfilled: false,
})

let script: OrderView['status'][]
beforeEach(() => {
  vi.resetModules()
  installUniStub()
  const getOrder = vi.fn(async () => ({ order: view(script.length > 1 ? script.shift()! : script[0]) }))
  vi.stubGlobal('uniCloud', { importObject: () => ({ getOrder }) })
})
afterEach(() => vi.unstubAllGlobals())

describe('usePollOrder', () => {
  // Regression: the settled states still named REFUNDING / REFUND_FAILED and not PARTIALLY_REFUNDED,
  // so a payment already partly refunded kept a result page waiting until its timeout.
  it.each(['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CLOSED'] as const)('stops at %s: the payment is decided', async (status) => {
    const { usePollOrder } = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/composables/usePollOrder')
    const waits: number[] = []
    // A clock moved by each wait, so a poll that does not stop ends at its timeout instead of spinning.
    let clock = 1_000_000
    vi.spyOn(Date, 'now').mockImplementation(() => clock)
    const poller = usePollOrder({ sleep: async (ms) => void (waits.push(ms), (clock += ms)) })
    script = ['NOTPAY', 'NOTPAY', status]
    expect((await poller.poll('o1'))?.status).toBe(status)
    expect(waits).toEqual([1000, 1500])
    expect(poller.timedOut.value).toBe(false)
  })

  it('keeps waiting while unpaid, until its time is up', async () => {
    const { usePollOrder } = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/composables/usePollOrder')
    // The clock moves by each wait slept.
    let clock = 1_000_000
    vi.spyOn(Date, 'now').mockImplementation(() => clock)
    const poller = usePollOrder({ timeoutMs: 5000, sleep: async (ms) => void (clock += ms) })
    script = ['NOTPAY']
    expect((await poller.poll('o1'))?.status).toBe('NOTPAY')
    expect(poller.timedOut.value).toBe(true)
    // 1 s + 1.5 s + 2.25 s slept; the next 3.375 s would pass the 5 s deadline.
    expect(clock).toBe(1_004_750)
  })
})
