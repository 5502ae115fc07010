import { toRefundView, type RefundRecord, type RefundView } from '../pay/refund-records'

/** A refund as the merchant sees it: the buyer's view plus who asked, who decided, and the WeChat Pay numbers. */
export interface MerchantRefundView extends RefundView {
  orderId: string
  origin: RefundRecord['origin']
  outRefundNo?: string
  decidedBy?: string
  decidedAt?: number
  wechatCode?: string
}

/** The merchant's view of a refund. */
export function merchantRefundView(refund: RefundRecord): MerchantRefundView {
  return {
    ...toRefundView(refund),
    orderId: refund.orderId,
    origin: refund.origin,
    ...(refund.outRefundNo ? { outRefundNo: refund.outRefundNo } : {}),
    ...(refund.decidedBy ? { decidedBy: refund.decidedBy } : {}),
    ...(refund.decidedAt !== undefined ? { decidedAt: refund.decidedAt } : {}),
    ...(refund.wechatCode ? { wechatCode: refund.wechatCode } : {}),
  }
}
