import type { EmulatorCore } from '../core'
import type { Order } from '../state'
import type { ShippingRecord } from './state'

/**
 * The trades 小程序发货信息管理 knows: paid WeChat Pay orders of the mini program
 * (read from the WeChat Pay state, never copied), while it is under trade
 * management. Their order_state comes from the payment, the refunds and the
 * shipping record.
 */

/** order_state: (1) 待发货 (2) 已发货 (3) 确认收货 (4) 交易完成 (5) 已退款. */
export type ShippingOrderState = 1 | 2 | 3 | 4 | 5

/** How a request names a trade. */
export interface TradeRef {
  transactionId?: string
  mchid?: string
  outTradeNo?: string
}

const DESCRIPTION_MAX_CHARS = 120

/** Paid (SUCCESS, or REFUND: some money went back) orders only: unpaid ones never enter the shipping system. */
function paid(order: Order): boolean {
  return order.state === 'SUCCESS' || order.state === 'REFUND'
}

/** Every trade the shipping system has for this mini program. */
export function shippingTrades(core: EmulatorCore, appid: string): Order[] {
  if (!core.state.shipping.tradeManaged) return []
  return [...core.state.orders.values()].filter((order) => order.appid === appid && paid(order) && order.transactionId)
}

/** The trade named by transaction_id, or by (mchid, out_trade_no). */
export function findTrade(core: EmulatorCore, appid: string, ref: TradeRef): Order | undefined {
  return shippingTrades(core, appid).find((order) =>
    ref.transactionId
      ? order.transactionId === ref.transactionId
      : order.mchid === ref.mchid && order.outTradeNo === ref.outTradeNo,
  )
}

/** The shipping record of a trade, if anything was uploaded. */
export function recordOf(core: EmulatorCore, order: Order): ShippingRecord | undefined {
  return core.state.shipping.records.get(order.transactionId!)
}

/** Refunds that settled SUCCESS for this order, in fen. */
function refundedFen(core: EmulatorCore, order: Order): number {
  let sum = 0
  for (const refund of core.state.refunds.values()) {
    if (refund.outTradeNo === order.outTradeNo && refund.status === 'SUCCESS') sum += refund.refund
  }
  return sum
}

/** The trade's order_state now. */
export function orderState(core: EmulatorCore, order: Order): ShippingOrderState {
  const record = recordOf(core, order)
  if (refundedFen(core, order) >= order.total) return 5
  if (record?.settledAt !== undefined) return 4
  if (record?.confirmedAt !== undefined) return 3
  if (record && (record.finished || record.finishCount > 0)) return 2
  return 1
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000)
}

function description(order: Order, record: ShippingRecord | undefined): string {
  const text = record ? record.packages.map((p) => p.itemDesc).join(';') : order.description
  return [...text].length > DESCRIPTION_MAX_CHARS ? [...text].slice(0, DESCRIPTION_MAX_CHARS - 3).join('') + '...' : text
}

/** The `order` object of get_order (and each entry of get_order_list). */
export function shippingOrderBody(core: EmulatorCore, order: Order): object {
  const record = recordOf(core, order)
  return {
    transaction_id: order.transactionId,
    merchant_id: order.mchid,
    merchant_trade_no: order.outTradeNo,
    description: description(order, record),
    paid_amount: order.total,
    openid: order.payerOpenid,
    trade_create_time: seconds(order.createdAt),
    pay_time: order.successTime ? seconds(Date.parse(order.successTime)) : 0,
    order_state: orderState(core, order),
    in_complaint: false,
    shipping: record
      ? {
          delivery_mode: record.deliveryMode,
          logistics_type: record.logisticsType,
          finish_shipping: record.finished,
          goods_desc: '',
          finish_shipping_count: record.finishCount,
          shipping_list: record.packages.map((p) => ({
            ...(p.trackingNo ? { tracking_no: p.trackingNo } : {}),
            ...(p.expressCompany ? { express_company: p.expressCompany } : {}),
            goods_desc: p.itemDesc,
            upload_time: seconds(p.uploadedAt),
            ...(p.consignorContact || p.receiverContact
              ? {
                  contact: {
                    ...(p.consignorContact ? { consignor_contact: p.consignorContact } : {}),
                    ...(p.receiverContact ? { receiver_contact: p.receiverContact } : {}),
                  },
                }
              : {}),
          })),
        }
      : { finish_shipping: false, goods_desc: '', finish_shipping_count: 0, shipping_list: [] },
  }
}
