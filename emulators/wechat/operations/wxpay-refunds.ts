import { WxPayError } from '../errors'
import { fingerprint, validateRefundRequest } from '../wxpay/field-rules'
import { refundBody } from '../wxpay/orders'
import { placeRefund } from '../wxpay/refunds'
import { json, parseJsonBody, type Operation } from './operation'

/** api.mch.weixin.qq.com refund endpoints. */
export const wxpayRefundOperations: Operation[] = [
  {
    method: 'POST',
    path: '/v3/refund/domestic/refunds',
    host: 'wxpayApi',
    handle(ctx) {
      const body = parseJsonBody(ctx.rawBody, () => new WxPayError('PARAM_ERROR', '请求体不是合法的 JSON'))
      const request = validateRefundRequest(body)
      return json(refundBody(placeRefund(ctx.core, request, fingerprint(body))))
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
