import { usePollOrder, type PollOrderOptions } from '../../uni_modules/wxkit-login-pay/js_sdk/composables/usePollOrder'
import type { OrderView } from '../../uni_modules/wxkit-login-pay/js_sdk/services/pay'

/**
 * Refund states an order leaves by itself, without the buyer: a refund that
 * WeChat Pay settles (its notify, the query or the reconciler). An unpaid order
 * is not one: it changes when somebody pays it, which the page that shows its
 * QR code or cashier follows; the list refetches whenever it is shown.
 */
export const TRANSIENT_REFUND_STATUSES: readonly string[] = ['APPROVED', 'PROCESSING']

/**
 * A request waiting for the merchant's review. It may take days, but the buyer
 * who just sent one often waits on the page for the answer: it is followed too,
 * more slowly (at most every 30 s), within the same 10 minutes, only while shown.
 */
export const REVIEW_REFUND_STATUSES: readonly string[] = ['REQUESTED']

const hasRefundIn = (order: OrderView, statuses: readonly string[]) => (order.refunds ?? []).some((refund) => statuses.includes(refund.status))

/** How fast an order is followed: a refund under way, a request waiting for review, or not at all. */
function cadenceOf(order: OrderView): 'under-way' | 'review' | undefined {
  if (hasRefundIn(order, TRANSIENT_REFUND_STATUSES)) return 'under-way'
  return hasRefundIn(order, REVIEW_REFUND_STATUSES) ? 'review' : undefined
}

/** Whether a list should keep watching this order: one of its refunds is under way or waits for review. */
export function isTransient(order: OrderView): boolean {
  return cadenceOf(order) !== undefined
}

/** What the list shows of an order changed (its status or a refund's). */
function changed(before: OrderView, after: OrderView): boolean {
  return before.status !== after.status || JSON.stringify(before.refunds) !== JSON.stringify(after.refunds)
}

/**
 * Keep a list of orders current while any of them is in a transient state:
 * each such order is polled with back-off (usePollOrder: 1 s, 1.5 s, … up to
 * 15 s — 30 s while its request waits for review —, for at most 10 minutes)
 * until it settles, and each new state is handed to
 * `update`. `stop` when the page hides, unloads or the user logs out; `follow`
 * the freshly loaded list again when the page shows.
 */
export function useTransientOrders(update: (order: OrderView) => void, options: Pick<PollOrderOptions, 'sleep' | 'timeoutMs' | 'maxDelayMs'> = {}) {
  const pollers = new Map<string, ReturnType<typeof usePollOrder>>()

  /** Start watching the transient orders of `orders` not watched yet. */
  function follow(orders: readonly OrderView[]): void {
    for (const order of orders) {
      const kind = cadenceOf(order)
      if (!kind || pollers.has(order.orderId)) continue
      let shown = order
      const poller = usePollOrder({
        timeoutMs: 10 * 60_000,
        maxDelayMs: kind === 'under-way' ? 15_000 : 30_000,
        ...options,
        until: (latest) => {
          // Every change is shown as it comes (待商家审核 → 退款中 → 已退款), not only the last one.
          if (pollers.get(order.orderId) === poller && changed(shown, latest)) {
            shown = latest
            update(latest)
          }
          return cadenceOf(latest) !== kind
        },
      })
      pollers.set(order.orderId, poller)
      void poller.poll(order.orderId).then((latest) => {
        // A stopped poller's last answer is not news: the list may be gone (hidden, logged out).
        if (pollers.get(order.orderId) !== poller) return
        pollers.delete(order.orderId)
        // Approved while followed for review: followed on, at the pace of a refund under way.
        if (latest && cadenceOf(latest) && cadenceOf(latest) !== kind) follow([latest])
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
