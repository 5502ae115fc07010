import * as v from 'valibot'
import { findTrade, orderState, recordOf, shippingOrderBody, shippingTrades } from '../shipping/orders'
import { control, input } from './control-helpers'
import { ControlError, json, type Operation } from './operation'

/** Controls for 小程序发货信息管理: the trade-management switch and the buyer's side. */
export function shippingControls(): Operation[] {
  return [
    control('GET', '/shipping', 'trade-management switches and the shipping state of every trade (get_order bodies)', ({ core }) => {
      const { shipping } = core.state
      return json({
        isTradeManaged: shipping.tradeManaged,
        confirmationCompleted: shipping.confirmationCompleted,
        msgJumpPath: shipping.msgJumpPath ?? null,
        orders: shippingTrades(core, core.identity.apps.mp.appid).map((order) => ({
          ...shippingOrderBody(core, order),
          reminded: recordOf(core, order)?.remindedAt !== undefined,
        })),
      })
    }),
    control(
      'PUT',
      '/shipping/management',
      'set is_trade_managed / is_trade_management_confirmation_completed of the mini program',
      ({ core, rawBody }) => {
        const body = input(v.object({ isTradeManaged: v.optional(v.boolean()), confirmationCompleted: v.optional(v.boolean()) }), rawBody)
        if (body.isTradeManaged !== undefined) core.state.shipping.tradeManaged = body.isTradeManaged
        if (body.confirmationCompleted !== undefined) core.state.shipping.confirmationCompleted = body.confirmationCompleted
        return json({ isTradeManaged: core.state.shipping.tradeManaged, confirmationCompleted: core.state.shipping.confirmationCompleted })
      },
    ),
    control(
      'POST',
      '/shipping/confirm-receive',
      'the buyer confirms receipt of a shipped trade (order_state 3; settle: true → 4 交易完成)',
      ({ core, rawBody }) => {
        const body = input(
          v.object({ transactionId: v.optional(v.string()), outTradeNo: v.optional(v.string()), settle: v.optional(v.boolean()) }),
          rawBody,
        )
        if (!body.transactionId && !body.outTradeNo) throw new ControlError(400, 'give transactionId or outTradeNo')
        const order = findTrade(core, core.identity.apps.mp.appid, {
          transactionId: body.transactionId,
          mchid: core.identity.merchant.mchid,
          outTradeNo: body.outTradeNo,
        })
        if (!order) throw new ControlError(404, 'no paid mini-program trade with that id under trade management')
        const record = recordOf(core, order)
        const state = orderState(core, order)
        if (!record || (state !== 2 && state !== 3)) throw new ControlError(409, `order_state is ${state}: only a shipped trade can be confirmed`)
        record.confirmedAt ??= core.clock.now()
        if (body.settle) record.settledAt ??= core.clock.now()
        return json({ order: shippingOrderBody(core, order) })
      },
    ),
  ]
}
