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
