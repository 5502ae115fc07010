import { formatBeijingTime } from '../clock'
import { WxPayError, paramError } from '../errors'
import { randomDigits } from '../random'
import type { Refund } from '../state'
import { fingerprint, validateRefundRequest } from '../wxpay/field-rules'
import { refreshOrderState, refundBody, scheduleRefundSettlement } from '../wxpay/orders'
import { json, parseJsonBody, type Operation } from './operation'

/** api.mch.weixin.qq.com refund endpoints. */
export const wxpayRefundOperations: Operation[] = [
  {
    method: 'POST',
    path: '/v3/refund/domestic/refunds',
    host: 'wxpayApi',
    handle(ctx) {
      const { core } = ctx
      const body = parseJsonBody(ctx.rawBody, () => new WxPayError('PARAM_ERROR', '请求体不是合法的 JSON'))
      const request = validateRefundRequest(body)
      const order = request.outTradeNo
        ? core.state.orders.get(request.outTradeNo)
        : [...core.state.orders.values()].find((o) => o.transactionId === request.transactionId)
      if (!order || (request.transactionId && order.transactionId !== request.transactionId)) {
        throw new WxPayError('RESOURCE_NOT_EXISTS', '订单不存在')
      }
      const print = fingerprint(body)
      const existing = core.state.refunds.get(request.outRefundNo)
      if (existing) {
        if (existing.fingerprint !== print) throw new WxPayError('INVALID_REQUEST', '商户退款单号已存在，请勿使用不同的参数重复提交')
        return json(refundBody(existing))
      }
      refreshOrderState(core, order)
      if (order.state !== 'SUCCESS' && order.state !== 'REFUND') throw new WxPayError('INVALID_REQUEST', '订单未支付，无法退款')
      if (request.total !== order.total) throw paramError('/amount/total', '订单金额与原订单金额不一致', request.total)
      if (request.refund > order.total - order.refundedTotal) {
        throw new WxPayError('INVALID_REQUEST', '申请退款金额超过订单可退金额')
      }
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
        createTime: formatBeijingTime(core.clock.now()),
        fingerprint: print,
      }
      core.state.refunds.set(refund.outRefundNo, refund)
      order.refundedTotal += refund.refund
      order.state = 'REFUND'
      scheduleRefundSettlement(core, refund, order)
      return json(refundBody(refund))
    },
  },
  {
    method: 'GET',
    path: '/v3/refund/domestic/refunds/{out_refund_no}',
    host: 'wxpayApi',
    handle(ctx) {
      const refund = ctx.core.state.refunds.get(ctx.params.out_refund_no)
      if (!refund) throw new WxPayError('RESOURCE_NOT_EXISTS', '退款单不存在')
      return json(refundBody(refund))
    },
  },
]
