/** Chinese labels for order states, shared by the order pages. */
export const ORDER_STATUS_TEXT: Record<string, string> = {
  NOTPAY: '待支付',
  PAID: '已支付',
  CLOSED: '已关闭',
  PARTIALLY_REFUNDED: '部分退款',
  REFUNDED: '已退款',
}

/** How a status label looks: text colour on a tinted pill. */
export interface StatusColors {
  color: string
  background: string
}

/**
 * One colour per state, so a list can be read at a glance: amber waits for the
 * buyer, green is paid, grey is over, blue is part of the money returned,
 * purple is all of it returned. Each text colour reaches WCAG AA (4.5:1, small
 * text) on its pill; `tests/src/utils/order-status.test.ts` computes it.
 */
export const ORDER_STATUS_COLORS: Record<string, StatusColors> = {
  NOTPAY: { color: '#9a4a00', background: '#fff3e0' },
  PAID: { color: '#046b34', background: '#e6f6ec' },
  CLOSED: { color: '#5c5c5c', background: '#f0f0f0' },
  PARTIALLY_REFUNDED: { color: '#1d4fc4', background: '#e8efff' },
  REFUNDED: { color: '#6b2fb8', background: '#f2ebfc' },
}

const UNKNOWN_COLORS: StatusColors = ORDER_STATUS_COLORS.CLOSED

/** The label for a status, or the status itself when unknown. */
export function orderStatusText(status: string): string {
  return ORDER_STATUS_TEXT[status] ?? status
}

/** Chinese labels for the state of one refund or refund request. */
export const REFUND_STATUS_TEXT: Record<string, string> = {
  REQUESTED: '待商家审核',
  REJECTED: '商家已拒绝',
  APPROVED: '退款中',
  PROCESSING: '退款中',
  SUCCESS: '已退款',
  CLOSED: '退款已关闭',
  ABNORMAL: '退款异常，商家处理中',
  REFUSED: '退款未成功',
}

/** The label of a refund's state. */
export function refundStatusText(status: string): string {
  return REFUND_STATUS_TEXT[status] ?? status
}

/** Chinese labels for an order's shipping state (WeChat 小程序发货信息管理). */
export const SHIPPING_STATE_TEXT: Record<string, string> = {
  waiting: '待发货',
  shipped: '已发货',
  completed: '已完成',
}

/** The shipping line of an order: `已发货 · 圆通速递 YT123…`, or the state alone. */
export function shippingText(shipping: { state: string; expressCompanyName?: string; expressCompany?: string; trackingNo?: string }): string {
  const state = SHIPPING_STATE_TEXT[shipping.state] ?? shipping.state
  const carrier = shipping.expressCompanyName ?? shipping.expressCompany
  const parcel = [carrier, shipping.trackingNo].filter(Boolean).join(' ')
  return parcel ? `${state} · ${parcel}` : state
}

/** The colours of a status label (grey for an unknown one). */
export function orderStatusColors(status: string): StatusColors {
  return ORDER_STATUS_COLORS[status] ?? UNKNOWN_COLORS
}
