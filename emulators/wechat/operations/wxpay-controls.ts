import * as v from 'valibot'
import { CONTROL_PREFIX } from '../constants'
import type { EmulatorCore } from '../core'
import { randomDigits } from '../random'
import { TRADE_BILL_TYPES, type TradeBillType } from '../wxpay/bill-format'
import { ledgerHas, plantUnknownTrade, type BillDiscrepancy } from '../wxpay/bill-ledger'
import { PaymentRefused, payLate } from '../wxpay/payer'
import { billOverview, parseBillDate } from '../wxpay/trade-bills'
import { input } from './control-helpers'
import { ControlError, json, type Operation } from './operation'

/**
 * The WeChat Pay merchant-side controls under /__emulator/v1/wxpay: the
 * late payment that crosses a close, the rule strictness, and the trade
 * bills (inspect, plant discrepancies).
 */

const Seconds = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(86400))
const Fen = v.pipe(v.number(), v.integer())
const OutTradeNo = v.pipe(v.string(), v.regex(/^[0-9A-Za-z_\-|*]{6,32}$/))

const DiscrepancyInput = v.variant('kind', [
  v.object({ kind: v.literal('amount'), outTradeNo: v.optional(v.string()), outRefundNo: v.optional(v.string()), deltaFen: v.pipe(Fen, v.check((n) => n !== 0, 'deltaFen must not be 0')) }),
  v.object({ kind: v.literal('missing'), outTradeNo: v.optional(v.string()), outRefundNo: v.optional(v.string()) }),
  v.object({
    kind: v.literal('unknownTrade'),
    outTradeNo: v.optional(OutTradeNo),
    total: v.optional(v.pipe(Fen, v.minValue(1)), 100),
    time: v.optional(v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/)), '12:00:00'),
    description: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(127)), '商户不知道的交易'),
  }),
  v.object({ kind: v.literal('summary'), deltaFen: v.pipe(Fen, v.check((n) => n !== 0, 'deltaFen must not be 0')) }),
])

function billDateOf(raw: string): string {
  try {
    return parseBillDate(raw)
  } catch {
    throw new ControlError(400, 'bill date must be YYYY-MM-DD')
  }
}

function plant(core: EmulatorCore, date: string, body: v.InferOutput<typeof DiscrepancyInput>): BillDiscrepancy {
  const id = (core.state.billDiscrepancies.get(date)?.length ?? 0) + 1
  let planted: BillDiscrepancy
  if (body.kind === 'amount' || body.kind === 'missing') {
    if ((body.outTradeNo === undefined) === (body.outRefundNo === undefined)) {
      throw new ControlError(400, 'give exactly one of outTradeNo, outRefundNo')
    }
    const ref = body.outRefundNo !== undefined ? { outRefundNo: body.outRefundNo } : { outTradeNo: body.outTradeNo }
    if (!ledgerHas(core, date, ref)) throw new ControlError(404, `no such payment or refund in the ledger of ${date}`)
    planted = body.kind === 'amount' ? { id, kind: 'amount', ...ref, deltaFen: body.deltaFen } : { id, kind: 'missing', ...ref }
  } else if (body.kind === 'unknownTrade') {
    const outTradeNo = body.outTradeNo ?? `UNKNOWN${randomDigits(16)}`
    if (core.state.orders.has(outTradeNo)) throw new ControlError(409, `out_trade_no ${outTradeNo} is already used`)
    if (Date.parse(`${date}T${body.time}+08:00`) > core.clock.now()) throw new ControlError(400, 'an unknown trade cannot be paid in the future')
    const order = plantUnknownTrade(core, { date, time: body.time, outTradeNo, total: body.total, description: body.description })
    planted = { id, kind: 'unknownTrade', outTradeNo, transactionId: order.transactionId!, total: body.total }
  } else {
    planted = { id, kind: 'summary', deltaFen: body.deltaFen }
  }
  core.state.billDiscrepancies.set(date, [...(core.state.billDiscrepancies.get(date) ?? []), planted])
  // The bill of that day is made again with the discrepancy in it.
  core.state.tradeBills.delete(date)
  return planted
}

/** The WeChat Pay merchant-side controls (loopback only, like every control). */
export const wxpayControlOperations: Operation[] = [
  {
    method: 'POST',
    path: `${CONTROL_PREFIX}/wxpay/orders/{out_trade_no}/late-payment`,
    host: 'emulator',
    handle({ core, params, rawBody }) {
      const body = input(v.object({ user: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))) }), rawBody)
      const order = core.state.orders.get(params.out_trade_no)
      if (!order) throw new ControlError(404, `no order ${params.out_trade_no}`)
      try {
        const { was } = payLate(core, order, body.user)
        return json({ outTradeNo: order.outTradeNo, transactionId: order.transactionId, tradeState: order.state, wasState: was })
      } catch (error) {
        if (error instanceof PaymentRefused) throw new ControlError(409, error.errMsg)
        throw error
      }
    },
  },
  {
    method: 'GET',
    path: `${CONTROL_PREFIX}/wxpay/rules`,
    host: 'emulator',
    handle: ({ core }) => json(core.state.wxpayRules),
  },
  {
    method: 'PUT',
    path: `${CONTROL_PREFIX}/wxpay/rules`,
    host: 'emulator',
    handle({ core, rawBody }) {
      const body = input(v.object({ closeMinAgeSeconds: v.optional(Seconds), refundMinIntervalSeconds: v.optional(Seconds) }), rawBody)
      core.state.wxpayRules = { ...core.state.wxpayRules, ...body }
      return json(core.state.wxpayRules)
    },
  },
  {
    method: 'GET',
    path: `${CONTROL_PREFIX}/wxpay/bills/{bill_date}`,
    host: 'emulator',
    handle({ core, params, url }) {
      const type = url.searchParams.get('bill_type') ?? 'ALL'
      if (!TRADE_BILL_TYPES.includes(type as TradeBillType)) throw new ControlError(400, `bill_type must be ${TRADE_BILL_TYPES.join(', ')}`)
      return json(billOverview(core, billDateOf(params.bill_date), type as TradeBillType))
    },
  },
  {
    method: 'POST',
    path: `${CONTROL_PREFIX}/wxpay/bills/{bill_date}/discrepancies`,
    host: 'emulator',
    handle({ core, params, rawBody }) {
      return json(plant(core, billDateOf(params.bill_date), input(DiscrepancyInput, rawBody)), 201)
    },
  },
]
