import { formatBeijingTime } from '../clock'
import { MAX_REFUNDS_PER_ORDER, REFUND_WINDOW_DAYS } from '../constants'
import type { EmulatorCore } from '../core'
import { WxPayError, paramError } from '../errors'
import { randomDigits } from '../random'
import type { Order, Refund } from '../state'
import type { RefundRequest } from './field-rules'
import { refreshOrderState, scheduleRefundSettlement } from './orders'

/**
 * 申请退款 as WeChat Pay applies it, after the field rules: a used
 * out_refund_no answers its refund again when the body is the same
 * (INVALID_REQUEST otherwise); then the order must exist and be paid
 * (RESOURCE_NOT_EXISTS), the total match, the payment be under a year old,
 * the order have fewer than 50 refunds, the previous refund of the order be
 * a minute old (FREQUENCY_LIMITED), and the amount fit in what is left.
 */

/** The refunds of an order, oldest first. */
export function refundsOfOrder(core: EmulatorCore, order: Order): Refund[] {
  return [...core.state.refunds.values()]
    .filter((refund) => refund.outTradeNo === order.outTradeNo)
    .sort((a, b) => a.requestedAt - b.requestedAt)
}

function findOrder(core: EmulatorCore, request: RefundRequest): Order | undefined {
  const order = request.outTradeNo
    ? core.state.orders.get(request.outTradeNo)
    : [...core.state.orders.values()].find((o) => o.transactionId === request.transactionId)
  if (!order || (request.transactionId && order.transactionId !== request.transactionId)) return undefined
  return order
}

/** Accept (or answer again) a refund request; `print` is its body's fingerprint. */
export function placeRefund(core: EmulatorCore, request: RefundRequest, print: string): Refund {
  const existing = core.state.refunds.get(request.outRefundNo)
  if (existing) {
    if (existing.fingerprint !== print) {
      throw new WxPayError('INVALID_REQUEST', '商户退款单号已被使用，且请求参数与原请求不一致，请使用原参数重试')
    }
    return existing
  }
  const order = findOrder(core, request)
  if (!order) throw new WxPayError('RESOURCE_NOT_EXISTS', '订单号不存在')
  refreshOrderState(core, order)
  if ((order.state !== 'SUCCESS' && order.state !== 'REFUND') || order.paidAt === undefined) {
    throw new WxPayError('RESOURCE_NOT_EXISTS', '订单未支付，不能发起退款')
  }
  if (request.total !== order.total) throw paramError('/amount/total', '订单金额与原订单金额不一致', request.total)
  const now = core.clock.now()
  if (now > order.paidAt + REFUND_WINDOW_DAYS * 86400_000) {
    throw new WxPayError('INVALID_REQUEST', '交易时间超过一年的订单无法提交退款')
  }
  const previous = refundsOfOrder(core, order)
  if (previous.length >= MAX_REFUNDS_PER_ORDER) {
    throw new WxPayError('INVALID_REQUEST', `每个支付订单的部分退款次数不能超过${MAX_REFUNDS_PER_ORDER}次`)
  }
  const last = previous[previous.length - 1]
  if (last && now - last.requestedAt < core.state.wxpayRules.refundMinIntervalSeconds * 1000) {
    throw new WxPayError('FREQUENCY_LIMITED', '单笔订单请求频率过高，请于1分钟后重试')
  }
  const left = order.total - order.refundedTotal
  if (left <= 0) throw new WxPayError('INVALID_REQUEST', '订单已全额退款')
  if (request.refund > left) throw new WxPayError('INVALID_REQUEST', '申请退款金额超过订单可退金额')

  const refund: Refund = {
    refundId: '50' + randomDigits(27),
    outRefundNo: request.outRefundNo,
    outTradeNo: order.outTradeNo,
    transactionId: order.transactionId!,
    reason: request.reason,
    notifyUrl: request.notifyUrl,
    refund: request.refund,
    total: order.total,
    currency: request.currency,
    status: 'PROCESSING',
    createTime: formatBeijingTime(now),
    requestedAt: now,
    fingerprint: print,
  }
  core.state.refunds.set(refund.outRefundNo, refund)
  order.refundedTotal += refund.refund
  scheduleRefundSettlement(core, refund, order)
  return refund
}
