import { ref } from 'vue'
import { payService, type OrderStatus, type OrderView } from '../services/pay'

/** States after which a payment is decided (polling for a payment stops there): paid (refunds or not) or closed. */
const SETTLED: readonly OrderStatus[] = ['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CLOSED']

/** How to poll: `until` says when the order has settled (default: the payment is decided). */
export interface PollOrderOptions {
  timeoutMs?: number
  /** The longest wait between two queries (default 5 s). */
  maxDelayMs?: number
  until?: (order: OrderView) => boolean
  sleep?: (ms: number) => Promise<void>
}

/**
 * Poll an order with back-off (1 s, 1.5 s, … up to `maxDelayMs`) until it
 * settles or `timeoutMs` passes. getOrder itself asks WeChat Pay while the order is
 * unpaid, so a lost notify does not leave the page waiting forever.
 */
export function usePollOrder(options: PollOrderOptions = {}) {
  const order = ref<OrderView>()
  const timedOut = ref(false)
  const error = ref<unknown>()
  // Each poll is a run; stop() or a newer poll ends the older run (no two loops at once).
  let run = 0
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const settled = options.until ?? ((o: OrderView) => SETTLED.includes(o.status))
  const maxDelay = options.maxDelayMs ?? 5000

  async function poll(orderId: string): Promise<OrderView | undefined> {
    const mine = ++run
    const live = () => mine === run
    timedOut.value = false
    const deadline = Date.now() + (options.timeoutMs ?? 60_000)
    let delay = 1000
    while (live()) {
      try {
        const answer = (await payService.getOrder({ orderId })).order
        // A stop during the call wins: its answer may belong to a session that is over.
        if (!live()) break
        order.value = answer
        error.value = undefined
        if (settled(answer)) return answer
      } catch (e) {
        if (!live()) break
        error.value = e
      }
      if (Date.now() + delay > deadline) {
        timedOut.value = true
        return order.value
      }
      await sleep(delay)
      delay = Math.min(Math.round(delay * 1.5), maxDelay)
    }
    return order.value
  }

  /** Stop polling (the page hid or unloaded); `poll` resolves with the last state seen. */
  function stop(): void {
    run++
  }

  /** Forget the order seen (the user logged out). */
  function reset(): void {
    stop()
    order.value = undefined
    timedOut.value = false
    error.value = undefined
  }

  return { order, timedOut, error, poll, stop, reset }
}
