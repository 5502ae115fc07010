/** Chinese labels for order states, shared by the order pages. */
export const ORDER_STATUS_TEXT: Record<string, string> = {
  NOTPAY: '待支付',
  PAID: '已支付',
  CLOSED: '已关闭',
  REFUNDING: '退款中',
  REFUNDED: '已退款',
  REFUND_FAILED: '退款失败',
}

/** How a status label looks: text colour on a tinted pill. */
export interface StatusColors {
  color: string
  background: string
}

/**
 * One colour per state, so a list can be read at a glance: amber waits for the
 * buyer, green is paid, grey is over, blue is in progress, purple is money
 * returned, red is a failure. Each text colour reaches WCAG AA (4.5:1, small
 * text) on its pill; `tests/src/utils/order-status.test.ts` computes it.
 */
export const ORDER_STATUS_COLORS: Record<string, StatusColors> = {
  NOTPAY: { color: '#9a4a00', background: '#fff3e0' },
  PAID: { color: '#046b34', background: '#e6f6ec' },
  CLOSED: { color: '#5c5c5c', background: '#f0f0f0' },
  REFUNDING: { color: '#1d4fc4', background: '#e8efff' },
  REFUNDED: { color: '#6b2fb8', background: '#f2ebfc' },
  REFUND_FAILED: { color: '#b3261e', background: '#fdecea' },
}

const UNKNOWN_COLORS: StatusColors = ORDER_STATUS_COLORS.CLOSED

/** The label for a status, or the status itself when unknown. */
export function orderStatusText(status: string): string {
  return ORDER_STATUS_TEXT[status] ?? status
}

/** The colours of a status label (grey for an unknown one). */
export function orderStatusColors(status: string): StatusColors {
  return ORDER_STATUS_COLORS[status] ?? UNKNOWN_COLORS
}
