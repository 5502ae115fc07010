/**
 * How the console writes amounts, times and states: yuan from integer fen,
 * Beijing time whatever the device's zone (the shop's days are Beijing days,
 * as the server counts them), Chinese labels for every state the server names.
 */

const BEIJING_OFFSET_MS = 8 * 3600_000

/** Integer fen as "¥68.00" (integer arithmetic only). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.round(fen))
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Integer fen as a plain yuan number for a chart axis (68.5). */
export function yuanValue(fen: number): number {
  return Math.round(fen) / 100
}

/** "2025-01-01 20:00:00" in Beijing time; '—' when absent. */
export function beijingTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—'
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
}

/** Today's Beijing date, `YYYY-MM-DD`, shifted by `days`. */
export function beijingDateOf(ms: number, days = 0): string {
  return new Date(ms + BEIJING_OFFSET_MS + days * 86_400_000).toISOString().slice(0, 10)
}

/** "01-05" from "2025-01-05" (chart labels). */
export function shortDate(date: string): string {
  return date.slice(5)
}

export const ORDER_STATUS_LABELS: Readonly<Record<string, string>> = {
  NOTPAY: '待支付',
  PAID: '已支付',
  PARTIALLY_REFUNDED: '部分退款',
  REFUNDED: '已退款',
  CLOSED: '已关闭',
}

export const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  miniprogram: '小程序',
  jsapi: '微信内网页',
  h5: '手机浏览器',
  native: '电脑扫码',
}

export const REFUND_STATUS_LABELS: Readonly<Record<string, string>> = {
  REQUESTED: '待审核',
  REJECTED: '已拒绝',
  APPROVED: '已同意，待提交',
  PROCESSING: '退款中',
  SUCCESS: '已退款',
  CLOSED: '已关闭',
  ABNORMAL: '退款异常',
  REFUSED: '微信支付已拒绝',
}

export const REFUND_ORIGIN_LABELS: Readonly<Record<string, string>> = {
  buyer: '买家申请',
  merchant: '商家退款',
  duplicate: '重复支付自动退款',
}

export const TRADE_STATE_LABELS: Readonly<Record<string, string>> = {
  LIVE: '可支付',
  CLOSED: '已关闭',
  PAID: '已支付',
  DUPLICATE: '重复支付',
}

export const FULFILMENT_LABELS: Readonly<Record<string, string>> = {
  none: '未开始',
  pending: '待履约',
  done: '已履约',
}

export const SHIPPING_STATUS_LABELS: Readonly<Record<string, string>> = {
  waiting: '待发货',
  shipped: '已发货',
  completed: '已完成',
}

export const UPLOAD_STATE_LABELS: Readonly<Record<string, string>> = {
  waiting: '待录入',
  pending: '上传中',
  uploaded: '已上传微信',
  'not-required': '无需上传',
  failed: '上传失败',
}

export const LOGISTICS_LABELS: Readonly<Record<number, string>> = {
  1: '快递',
  2: '同城配送',
  3: '虚拟发货',
  4: '用户自提',
}

export const CAUSE_LABELS: Readonly<Record<string, string>> = {
  create: '下单',
  notify: '微信支付通知',
  query: '主动查询',
  user: '买家',
  timing: '定时任务',
  refund: '退款',
  merchant: '商家',
  reconcile: '对账',
}

export const CLOSE_REASON_LABELS: Readonly<Record<string, string>> = {
  USER: '买家取消',
  EXPIRED: '超时未支付',
  REJECTED: '微信支付拒绝下单',
  WXPAY: '微信支付关闭',
  MERCHANT: '商家关闭',
}

export const SEARCH_KIND_LABELS: Readonly<Record<string, string>> = {
  orderId: '订单号',
  outTradeNo: '商户订单号',
  transactionId: '微信支付单号',
  userId: '买家 ID',
  nickname: '买家昵称',
}

/** A label from a table, or the raw value when the server says something newer than this client knows. */
export function labelOf(table: Readonly<Record<string | number, string>>, value: string | number | undefined): string {
  if (value === undefined) return '—'
  return table[value] ?? String(value)
}
