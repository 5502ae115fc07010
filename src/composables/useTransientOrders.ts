import { usePollOrder, type PollOrderOptions } from '../../uni_modules/wxkit-login-pay/js_sdk/composables/usePollOrder'
import type { OrderView } from '../../uni_modules/wxkit-login-pay/js_sdk/services/pay'

/**
 * Refund states an order leaves by itself, without the buyer: a refund that
 * WeChat Pay settles (its notify, the query or the reconciler). A request
 * waiting for the merchant's review is not one (it can take days); an unpaid
 * order is not either: it changes when somebody pays it, which the page that
 * shows its QR code or cashier follows; the list refetches whenever it is shown.
 */
export const TRANSIENT_REFUND_STATUSES: readonly string[] = ['APPROVED', 'PROCESSING']

/** Whether a list should keep watching this order: one of its refunds is under way. */
export function isTransient(order: OrderView): boolean {
  return (order.refunds ?? []).some((refund) => TRANSIENT_REFUND_STATUSES.includes(refund.status))
}

/** What the list shows of an order changed (its status or a refund's). */
function changed(before: OrderView, after: OrderView): boolean {
  return before.status !== after.status || JSON.stringify(before.refunds) !== JSON.stringify(after.refunds)
}

/**
 * Keep a list of orders current while any of them is in a transient state:
 * each such order is polled with back-off (usePollOrder: 1 s, 1.5 s, … up to
 * 15 s, for at most 10 minutes) until it settles, and its new state is handed to
 * `update`. `stop` when the page hides, unloads or the user logs out; `follow`
 * the freshly loaded list again when the page shows.
 */
export function useTransientOrders(update: (order: OrderView) => void, options: Pick<PollOrderOptions, 'sleep' | 'timeoutMs' | 'maxDelayMs'> = {}) {
  const pollers = new Map<string, ReturnType<typeof usePollOrder>>()

  /** Start watching the transient orders of `orders` not watched yet. */
  function follow(orders: readonly OrderView[]): void {
    for (const order of orders) {
      if (!isTransient(order) || pollers.has(order.orderId)) continue
      const poller = usePollOrder({ timeoutMs: 10 * 60_000, maxDelayMs: 15_000, ...options, until: (o) => !isTransient(o) })
      pollers.set(order.orderId, poller)
      void poller.poll(order.orderId).then((latest) => {
        // A stopped poller's last answer is not news: the list may be gone (hidden, logged out).
        if (pollers.get(order.orderId) !== poller) return
        pollers.delete(order.orderId)
        if (latest && changed(order, latest)) update(latest)
      })
    }
  }

  /** Stop every poll (they restart with `follow`). */
  function stop(): void {
    for (const poller of pollers.values()) poller.stop()
    pollers.clear()
  }

  /** How many orders are being watched. */
  function watching(): number {
    return pollers.size
  }

  return { follow, stop, watching }
}
