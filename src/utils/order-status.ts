/** Chinese labels for order states, shared by the order pages. */
export const ORDER_STATUS_TEXT: Record<string, string> = {
  NOTPAY: '待支付',
  PAID: '已支付',
  CLOSED: '已关闭',
  PARTIALLY_REFUNDED: '部分退款',
  REFUNDED: '已退款',
}

/** The label for a status, or the status itself when unknown. */
export function orderStatusText(status: string): string {
  return ORDER_STATUS_TEXT[status] ?? status
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
