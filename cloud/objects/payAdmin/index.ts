import * as v from 'valibot'
import { defineCloudObject, kitTokenOf } from '../../shared/cloud-object'
import { getConfig } from '../../shared/config'
import { CloudError } from '../../shared/errors'
import { normaliseAnswer } from '../../shared/lifecycle'
import { getUniCloud } from '../../shared/unicloud'
import { parseInput } from '../../shared/validation'
import { systemEnv } from '../../shared/env'
import { authenticateCall, callerOf } from '../../login/caller'
import { requireOperator, type Operator } from '../../merchant/role'
import { runFulfilment } from '../../pay/fulfilment'
import { readOrder, toOrderView, type OrderView } from '../../pay/orders'
import { closeUnpaidOrder } from '../../pay/payments'
import { refundsOf } from '../../pay/refund-records'
import { merchantRefundView, type MerchantRefundView } from '../../merchant/refund-view'
import { REFUND_REASON_MAX_LENGTH, approveRefund, readRefund, refundByMerchant, rejectRefund } from '../../pay/refunds'
import { payDeps, wechatPay } from '../pay/wiring'
import { reconcileDay, reconcileDueDays, type ReconciliationDeps, type TimerSummary } from '../../merchant/bill-reconcile'
import { inRerunWindow } from '../../merchant/bill-days'
import { isCalendarDate } from '../../shared/beijing-time'
import {
  discrepanciesOfDay,
  findDay,
  listDays,
  toDayView,
  toDiscrepancyView,
  type BillDiscrepancyView,
  type ReconciliationDayView,
} from '../../merchant/reconciliation-records'
import {
  ITEM_DESC_MAX_CHARS,
  LOGISTICS_TYPES,
  deliveryCompanies,
  enterShipment,
  listShippingFailures,
  remindConfirmReceive,
  retryShipping,
  toShippingOrderView,
  type ShippingContext,
  type ShippingOrderView,
} from '../../pay/shipping'
import type { DeliveryCompany } from '../../wechat/client'
import { ORDER_STATUSES, PAY_CHANNELS } from '../../pay/orders'
import { cloudFileStore } from '../../files/cloud-store'
import { consoleOrderDetail, listConsoleOrders, SEARCH_KINDS, type ConsoleOrderDetail, type ConsoleOrderPage } from '../../merchant/console-orders'
import { consoleOverview, type ConsoleOverview } from '../../merchant/console-overview'
import { exportConsoleOrders, type ExportedFile } from '../../merchant/orders-export'

/**
 * The merchant's side of WeChat Pay: what only a merchant operator may do —
 * review refunds, refund part or all of an order, enter shipments, close
 * orders, run a stuck fulfilment again, and the console's views. Kept apart
 * from the buyer's `pay` object; every method is checked in `_before`: a valid
 * login AND an operator named in the config (`merchant.operators`), else
 * MERCHANT_ONLY. The logic lives in cloud/pay and cloud/merchant.
 */

const NAME = 'payAdmin'
const PAGE_SIZE = 20

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64))
const Reason = v.pipe(v.string(), v.trim(), v.maxLength(REFUND_REASON_MAX_LENGTH))
const RefundIdInput = v.object({ refundId: Id })
const RejectInput = v.object({ refundId: Id, reason: v.pipe(Reason, v.minLength(1)) })
const RefundOrderInput = v.object({
  orderId: Id,
  /** Fen; absent: everything left. */
  amount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000_000))),
  reason: v.optional(Reason, ''),
})
const OrderIdInput = v.object({ orderId: Id })
const PageInput = v.optional(v.object({ page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)), 1) }), {})

const OrderId = Id

function hasNoControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return false
  }
  return true
}

// The field rules WeChat's upload_shipping_info has, checked before it is called (the domain checks the rest).
const EnterShipmentInput = v.object({
  orderId: OrderId,
  logisticsType: v.picklist(LOGISTICS_TYPES),
  // A delivery_id of get_delivery_list (deliveryCompanies): SF, YTO, ZTO, (AU) …
  expressCompany: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^[0-9A-Za-z()_-]{1,32}$/))),
  trackingNo: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^[0-9A-Za-z-]{4,64}$/))),
  receiverContact: v.optional(v.pipe(v.string(), v.trim(), v.minLength(4), v.maxLength(32))),
  itemDesc: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.minLength(1),
      v.check((text) => [...text].length <= ITEM_DESC_MAX_CHARS, `at most ${ITEM_DESC_MAX_CHARS} characters`),
      v.check(hasNoControlCharacters, 'must not contain control characters'),
    ),
  ),
})
const RemindInput = v.object({
  orderId: OrderId,
  // When the carrier reports the parcel received (ms since the epoch).
  receivedTime: v.pipe(v.number(), v.integer(), v.minValue(1_500_000_000_000), v.maxValue(4_000_000_000_000)),
})

const BillDate = v.pipe(
  v.string(),
  v.check(isCalendarDate, 'must be a calendar day written yyyy-MM-DD'),
  v.check((date) => inRerunWindow(date, systemEnv.now()), 'must be today or one of the 90 days before it (Beijing time)'),
)
const BillDateInput = v.object({ billDate: BillDate })
const DayInput = v.object({
  billDate: v.pipe(v.string(), v.check(isCalendarDate, 'must be a calendar day written yyyy-MM-DD')),
  page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 1),
})
/** Discrepancies per page of getReconciliation (a sound day has a handful). */
const DISCREPANCY_PAGE_SIZE = 500

/** The trigger time of a timer run, when its param carries one with an explicit zone (a zoneless time would be read as UTC). */
function triggerTime(param: { Time?: string } | undefined): number | undefined {
  const text = param?.Time
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : at
}

/** What reconciliation is given in a cloud object: the pay wiring and the configured merchant's bill download. */
function reconciliationDeps(): ReconciliationDeps {
  return { ...payDeps(), bills: wechatPay().client }
}

const BeijingDate = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/))
// The console's filters and search (orders list, export): dates are Beijing days, both inclusive.
const OrderFilterEntries = {
  status: v.optional(v.picklist(ORDER_STATUSES)),
  channel: v.optional(v.picklist(PAY_CHANNELS)),
  from: v.optional(BeijingDate),
  to: v.optional(BeijingDate),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(64))),
  by: v.optional(v.picklist(SEARCH_KINDS)),
}
const ListOrdersInput = v.optional(
  v.object({ ...OrderFilterEntries, page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)), 1) }),
  {},
)
const ExportOrdersInput = v.optional(v.object(OrderFilterEntries), {})

/** The console's filters as the methods take them. */
type OrderFilterInput = {
  status?: (typeof ORDER_STATUSES)[number]
  channel?: (typeof PAY_CHANNELS)[number]
  from?: string
  to?: string
  q?: string
  by?: (typeof SEARCH_KINDS)[number]
}

/** The shipping context of one call (the pay wiring: its WeChat part is built only when a method needs WeChat). */
function shippingContext(): ShippingContext {
  return payDeps()
}

// The operator of one call, remembered for its length (as callerOf does for the caller).
const operators = new WeakMap<object, Operator>()

function operatorOf(call: object): Operator {
  const operator = operators.get(call)
  if (!operator) throw new CloudError('MERCHANT_ONLY', 'only a merchant operator may do this')
  return operator
}

export default defineCloudObject({
  async _before() {
    if (this.getClientInfo().source === 'http') throw new CloudError('METHOD_NOT_FOUND', 'not available over HTTP')
    const db = getUniCloud().database()
    const config = getConfig(['token', 'merchant'])
    const caller = await authenticateCall(this, { db, token: config.token, env: systemEnv }, kitTokenOf(this))
    operators.set(this, await requireOperator(db, caller, config.merchant))
  },

  _after(error: unknown, result: unknown) {
    return normaliseAnswer(NAME, this.getMethodName(), error, result)
  },

  /**
   * Timer trigger (twice an hour): reconcile the newest trade bill once
   * WeChat Pay has made it (after 10:00 Beijing time), and, within the last
   * week, days missed, not ready yet (asked again every half hour) or failed
   * (with back-off). "Now" is the trigger's `Time` when it names its zone
   * (the local runtime's tests move it), else the clock.
   */
  async _timing(param?: { Time?: string }): Promise<TimerSummary> {
    const summary = await reconcileDueDays(reconciliationDeps(), triggerTime(param) ?? systemEnv.now())
    console.log(`[${NAME}._timing] ${JSON.stringify(summary)}`)
    return summary
  },

  /** The operator this login is (the console asks before it shows anything; every method checks again). */
  async whoami(): Promise<{ operator: { name: string } }> {
    callerOf(this)
    return { operator: { name: operatorOf(this).name } }
  },

  /** The console's overview: the last 14 Beijing days' takings, paid orders and refunds (today last), and what waits for review. */
  async overview(): Promise<ConsoleOverview> {
    operatorOf(this)
    return consoleOverview(getUniCloud().database(), systemEnv.now())
  },

  /**
   * One page (20, newest first) of the orders matching the filters (status,
   * channel, Beijing dates `from`–`to` inclusive) and the search `q`: an order
   * id, any out_trade_no of its trades, its transaction_id, the buyer's user
   * id or the start of their nickname. `matchedBy` names what the search
   * matched; pass it back as `by` for the following pages.
   */
  async listOrders(input?: OrderFilterInput & { page?: number }): Promise<ConsoleOrderPage> {
    const { page, ...filters } = parseInput(ListOrdersInput, input)
    operatorOf(this)
    return listConsoleOrders(getUniCloud().database(), filters, page)
  },

  /** One order in full: items, amounts, trades, payment, history, refunds (with who decided), duplicates, fulfilment, shipping, and what may be done now. */
  async getOrderDetail(input: { orderId: string }): Promise<{ order: ConsoleOrderDetail }> {
    const { orderId } = parseInput(OrderIdInput, input)
    operatorOf(this)
    return { order: await consoleOrderDetail(getUniCloud().database(), orderId, systemEnv.now()) }
  },

  /** Every order matching the list's filters and search as a CSV (UTF-8 with BOM) in cloud storage: its temporary URL and file name. */
  async exportOrders(input?: OrderFilterInput): Promise<ExportedFile> {
    const filters = parseInput(ExportOrdersInput, input)
    const deps = { db: getUniCloud().database(), store: cloudFileStore(), env: systemEnv }
    return exportConsoleOrders(deps, filters, operatorOf(this).userId)
  },

  /** Refund requests waiting for review, oldest first. */
  async listRefundRequests(input?: { page?: number }): Promise<{ refunds: MerchantRefundView[]; hasMore: boolean }> {
    const { page } = parseInput(PageInput, input)
    const { data } = await refundsOf(getUniCloud().database())
      .where({ status: 'REQUESTED' })
      .orderBy('requestedAt', 'asc')
      .skip((page - 1) * PAGE_SIZE)
      .limit(PAGE_SIZE + 1)
      .get()
    return { refunds: data.slice(0, PAGE_SIZE).map(merchantRefundView), hasMore: data.length > PAGE_SIZE }
  },

  /** Approve a refund request: its amount is reserved and sent to WeChat Pay (or waits the minute WeChat Pay wants between two). */
  async approveRefund(input: { refundId: string }): Promise<{ refund: MerchantRefundView }> {
    const { refundId } = parseInput(RefundIdInput, input)
    return { refund: merchantRefundView(await approveRefund(payDeps(), refundId, operatorOf(this).name)) }
  },

  /** Reject a refund request with the reason the buyer sees. */
  async rejectRefund(input: { refundId: string; reason: string }): Promise<{ refund: MerchantRefundView }> {
    const { refundId, reason } = parseInput(RejectInput, input)
    return { refund: merchantRefundView(await rejectRefund(payDeps(), refundId, reason, operatorOf(this).name)) }
  },

  /** Refund part (`amount` fen) or all (no amount) of what is left of a paid order. */
  async refundOrder(input: { orderId: string; amount?: number; reason?: string }): Promise<{ refund: MerchantRefundView }> {
    const { orderId, amount, reason } = parseInput(RefundOrderInput, input)
    const deps = payDeps()
    const order = await readOrder(deps.db, orderId)
    return { refund: merchantRefundView(await refundByMerchant(deps, order, { amount, reason }, operatorOf(this).name)) }
  },

  /** One refund (to follow one the console just approved). */
  async getRefund(input: { refundId: string }): Promise<{ refund: MerchantRefundView }> {
    const { refundId } = parseInput(RefundIdInput, input)
    return { refund: merchantRefundView(await readRefund(payDeps(), refundId)) }
  },

  /** Close an unpaid order (at WeChat Pay first; one paid meanwhile becomes PAID instead). */
  async closeOrder(input: { orderId: string }): Promise<{ order: OrderView }> {
    const { orderId } = parseInput(OrderIdInput, input)
    const deps = payDeps()
    const order = await readOrder(deps.db, orderId)
    if (order.status !== 'NOTPAY' && order.status !== 'CLOSED') throw new CloudError('ORDER_NOT_PAYABLE', 'only an unpaid order can be closed')
    return { order: toOrderView(await closeUnpaidOrder(deps, order, 'MERCHANT', 'merchant')) }
  },

  /** Run a paid order's pending fulfilment again now (after the hook failed). */
  async retryFulfilment(input: { orderId: string }): Promise<{ order: OrderView }> {
    const { orderId } = parseInput(OrderIdInput, input)
    const deps = payDeps()
    const order = await readOrder(deps.db, orderId)
    if (order.fulfilment?.status !== 'pending') return { order: toOrderView(order) }
    return { order: toOrderView(await runFulfilment(deps, order, { waitMs: 0 })) }
  },

  /**
   * Enter the shipment of a paid mini-program order and upload it to WeChat
   * (小程序发货信息管理): express (logisticsType 1) with the carrier's
   * delivery_id and the tracking number (SF needs the receiver's phone, sent
   * masked), same-city 2, virtual 3, self-pickup 4. Once uploaded, it can be
   * corrected once. The answer shows the upload's state (a failure is retried
   * by the timer).
   */
  async enterShipment(input: {
    orderId: string
    logisticsType: 1 | 2 | 3 | 4
    expressCompany?: string
    trackingNo?: string
    receiverContact?: string
    itemDesc?: string
  }): Promise<{ order: ShippingOrderView }> {
    const shipment = parseInput(EnterShipmentInput, input)
    return { order: toShippingOrderView(await enterShipment(shippingContext(), shipment, operatorOf(this).userId)) }
  },

  /** Try a failed (or backed-off) shipping upload again now. */
  async retryShipping(input: { orderId: string }): Promise<{ order: ShippingOrderView }> {
    const { orderId } = parseInput(OrderIdInput, input)
    operatorOf(this)
    return { order: toShippingOrderView(await retryShipping(shippingContext(), orderId)) }
  },

  /** Orders whose shipping upload failed, and why (lastError, lastErrcode), 20 per page, most recent first. */
  async listShippingFailures(input?: { page?: number }): Promise<{ orders: ShippingOrderView[]; hasMore: boolean }> {
    const { page } = parseInput(PageInput, input)
    operatorOf(this)
    const { orders, hasMore } = await listShippingFailures(getUniCloud().database(), page)
    return { orders: orders.map(toShippingOrderView), hasMore }
  },

  /** Remind the buyer to confirm receipt of an uploaded express shipment (once per order). */
  async remindConfirmReceive(input: { orderId: string; receivedTime: number }): Promise<{ order: ShippingOrderView }> {
    const { orderId, receivedTime } = parseInput(RemindInput, input)
    operatorOf(this)
    return { order: toShippingOrderView(await remindConfirmReceive(shippingContext(), orderId, receivedTime)) }
  },

  /** Days reconciled against WeChat Pay's trade bill, newest first, 20 per page. */
  async listReconciliations(input?: { page?: number }): Promise<{ days: ReconciliationDayView[]; hasMore: boolean }> {
    const { page } = parseInput(PageInput, input)
    operatorOf(this)
    const { days, hasMore } = await listDays(getUniCloud().database(), page, PAGE_SIZE)
    const now = systemEnv.now()
    return { days: days.map((day) => toDayView(day, now)), hasMore }
  },

  /** One day's result and its discrepancies (each with what was done: applied or recorded), 500 per page. */
  async getReconciliation(input: { billDate: string; page?: number }): Promise<{ day: ReconciliationDayView; discrepancies: BillDiscrepancyView[]; hasMore: boolean }> {
    const { billDate, page } = parseInput(DayInput, input)
    operatorOf(this)
    const db = getUniCloud().database()
    const day = await findDay(db, billDate)
    if (!day) throw new CloudError('RECONCILIATION_NOT_FOUND', 'this day has not been reconciled yet')
    const { discrepancies, hasMore } = await discrepanciesOfDay(db, billDate, page, DISCREPANCY_PAGE_SIZE)
    return { day: toDayView(day, systemEnv.now()), discrepancies: discrepancies.map(toDiscrepancyView), hasMore }
  },

  /**
   * Reconcile a day (today or any of the 90 before it) now: download and
   * verify its bill, apply what WeChat Pay has and this database does not,
   * record the rest. Running a day again changes nothing it changed before.
   */
  async runReconciliation(input: { billDate: string }): Promise<{ day: ReconciliationDayView }> {
    const { billDate } = parseInput(BillDateInput, input)
    const day = await reconcileDay(reconciliationDeps(), billDate, { by: operatorOf(this).name })
    return { day: toDayView(day, systemEnv.now()) }
  },

  /** The carriers for the shipment form's picker (get_delivery_list, cached a day). */
  async deliveryCompanies(): Promise<{ companies: DeliveryCompany[] }> {
    operatorOf(this)
    return { companies: await deliveryCompanies(shippingContext()) }
  },
})
