import { formatBeijingTime } from '../clock'
import { REFUND_SETTLE_SECONDS } from '../constants'
import type { EmulatorCore } from '../core'
import { randomDigits } from '../random'
import type { Order, Refund, RefundStatus } from '../state'

/**
 * Order and refund life cycles, apart from HTTP: NOTPAY → SUCCESS | CLOSED,
 * SUCCESS → REFUND (once a refund succeeds); refunds PROCESSING → SUCCESS |
 * ABNORMAL | CLOSED.
 */

export const TRADE_STATE_DESC: Readonly<Record<string, string>> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
  REFUND: '转入退款',
}

/** Close an unpaid order whose time_expire has passed (business clock). */
export function refreshOrderState(core: EmulatorCore, order: Order): Order {
  if (order.state === 'NOTPAY' && order.timeExpireAt !== undefined && core.clock.now() >= order.timeExpireAt) {
    order.state = 'CLOSED'
  }
  return order
}

/** Why an order cannot be paid now, or undefined when it can. */
export function unpayableReason(core: EmulatorCore, order: Order): string | undefined {
  refreshOrderState(core, order)
  if (order.state === 'SUCCESS' || order.state === 'REFUND') return '该订单已支付'
  if (order.state === 'CLOSED') return '订单已关闭'
  if (core.clock.now() >= order.prepayExpiresAt) return '订单已过期，请重新下单'
  return undefined
}

/** The user pays: SUCCESS, a transaction_id, and the TRANSACTION.SUCCESS notify. */
export function payOrder(core: EmulatorCore, order: Order, payerOpenid: string): void {
  const now = core.clock.now()
  order.state = 'SUCCESS'
  order.payerOpenid = payerOpenid
  order.transactionId = '4200' + randomDigits(24)
  order.successTime = formatBeijingTime(now)
  order.paidAt = now
  core.notifier.send({
    eventType: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    originalType: 'transaction',
    url: order.notifyUrl,
    outTradeNo: order.outTradeNo,
    resource: transactionResource(order),
  })
}

/** The decrypted TRANSACTION.SUCCESS resource. */
export function transactionResource(order: Order): object {
  return {
    mchid: order.mchid,
    appid: order.appid,
    out_trade_no: order.outTradeNo,
    transaction_id: order.transactionId,
    trade_type: order.tradeType,
    trade_state: 'SUCCESS',
    trade_state_desc: TRADE_STATE_DESC.SUCCESS,
    bank_type: 'OTHERS',
    ...(order.attach !== undefined ? { attach: order.attach } : {}),
    success_time: order.successTime,
    payer: { openid: order.payerOpenid },
    amount: { total: order.total, payer_total: order.total, currency: order.currency, payer_currency: order.currency },
  }
}

/** The body of GET /v3/pay/transactions/out-trade-no/{out_trade_no}. */
export function orderQueryBody(core: EmulatorCore, order: Order): object {
  refreshOrderState(core, order)
  const paid = order.state === 'SUCCESS' || order.state === 'REFUND'
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    ...(paid
      ? { transaction_id: order.transactionId, trade_type: order.tradeType, bank_type: 'OTHERS', success_time: order.successTime }
      : {}),
    trade_state: order.state,
    trade_state_desc: TRADE_STATE_DESC[order.state],
    ...(order.attach !== undefined ? { attach: order.attach } : {}),
    payer: paid || order.payerOpenid ? { openid: order.payerOpenid } : {},
    amount: paid
      ? { total: order.total, payer_total: order.total, currency: order.currency, payer_currency: order.currency }
      : { total: order.total, currency: order.currency, payer_currency: order.currency },
    promotion_detail: [],
  }
}

/** The body of a refund as the refund endpoints answer it. */
export function refundBody(refund: Refund): object {
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(refund.successTime ? { success_time: refund.successTime } : {}),
    create_time: refund.createTime,
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: refund.total,
      refund: refund.refund,
      from: [],
      payer_total: refund.total,
      payer_refund: refund.refund,
      settlement_refund: refund.refund,
      settlement_total: refund.total,
      discount_refund: 0,
      currency: refund.currency,
    },
    promotion_detail: [],
  }
}

const REFUND_EVENT: Record<Exclude<RefundStatus, 'PROCESSING'>, { event: 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED'; summary: string }> = {
  SUCCESS: { event: 'REFUND.SUCCESS', summary: '退款成功' },
  ABNORMAL: { event: 'REFUND.ABNORMAL', summary: '退款异常' },
  CLOSED: { event: 'REFUND.CLOSED', summary: '退款关闭' },
}

/**
 * Schedule a PROCESSING refund to settle (SUCCESS unless a refund fault says
 * otherwise). SUCCESS turns the trade to REFUND; CLOSED gives the amount back
 * to what can be refunded; ABNORMAL keeps it (the money left the merchant and
 * waits for the abnormal-refund process).
 */
export function scheduleRefundSettlement(core: EmulatorCore, refund: Refund, order: Order): void {
  core.scheduler.schedule(core.scaled(REFUND_SETTLE_SECONDS), `refund ${refund.outRefundNo}`, async () => {
    if (refund.status !== 'PROCESSING') return
    const status = core.faults.takeRefund(refund.outRefundNo) ?? 'SUCCESS'
    refund.status = status
    if (status === 'SUCCESS') {
      refund.successAt = core.clock.now()
      refund.successTime = formatBeijingTime(refund.successAt)
      order.state = 'REFUND'
    }
    if (status === 'CLOSED') order.refundedTotal -= refund.refund
    if (!refund.notifyUrl) return
    const { event, summary } = REFUND_EVENT[status]
    core.notifier.send({
      eventType: event,
      summary,
      originalType: 'refund',
      url: refund.notifyUrl,
      outTradeNo: refund.outTradeNo,
      outRefundNo: refund.outRefundNo,
      resource: {
        mchid: order.mchid,
        out_trade_no: refund.outTradeNo,
        transaction_id: refund.transactionId,
        out_refund_no: refund.outRefundNo,
        refund_id: refund.refundId,
        refund_status: status,
        ...(refund.successTime ? { success_time: refund.successTime } : {}),
        user_received_account: '支付用户零钱',
        amount: { total: refund.total, refund: refund.refund, payer_total: refund.total, payer_refund: refund.refund },
      },
    })
  })
}
