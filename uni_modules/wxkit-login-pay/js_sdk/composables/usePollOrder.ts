import { ref } from 'vue'
import { payService, type OrderView } from '../services/pay'

/** States after which polling stops. */
const SETTLED = ['PAID', 'CLOSED', 'REFUNDING', 'REFUNDED', 'REFUND_FAILED']

/**
 * Poll an order with back-off (1 s, 1.5 s, … up to 5 s) until it settles or
 * `timeoutMs` passes. getOrder itself asks WeChat Pay while the order is
 * unpaid, so a lost notify does not leave the page waiting forever.
 */
export function usePollOrder(options: { timeoutMs?: number; sleep?: (ms: number) => Promise<void> } = {}) {
  const order = ref<OrderView>()
  const timedOut = ref(false)
  const error = ref<unknown>()
  let stopped = false
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))

  async function poll(orderId: string): Promise<OrderView | undefined> {
    stopped = false
    timedOut.value = false
    const deadline = Date.now() + (options.timeoutMs ?? 60_000)
    let delay = 1000
    while (!stopped) {
      try {
        order.value = (await payService.getOrder({ orderId })).order
        error.value = undefined
        if (SETTLED.includes(order.value.status)) return order.value
      } catch (e) {
        error.value = e
      }
      if (Date.now() + delay > deadline) {
        timedOut.value = true
        return order.value
      }
      await sleep(delay)
      delay = Math.min(Math.round(delay * 1.5), 5000)
    }
    return order.value
  }

  function stop(): void {
    stopped = true
  }

  return { order, timedOut, error, poll, stop }
}
