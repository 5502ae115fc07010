import * as v from 'valibot'
import { defineCloudObject, kitTokenOf } from '../../shared/cloud-object'
import { getConfig } from '../../shared/config'
import { CloudError } from '../../shared/errors'
import { createUniCloudHttpClient } from '../../shared/http'
import { normaliseAnswer } from '../../shared/lifecycle'
import { getUniCloud } from '../../shared/unicloud'
import { parseInput } from '../../shared/validation'
import { systemEnv } from '../../shared/env'
import { authenticateCall, callerOf } from '../../login/caller'
import { requireOperator, type Operator } from '../../merchant/role'
import type { PayLog } from '../../pay/pay-deps'
import {
  ITEM_DESC_MAX_CHARS,
  LOGISTICS_TYPES,
  createShippingDeps,
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

/**
 * The merchant's side of WeChat Pay: what only a merchant operator may do —
 * review refunds, refund part or all of an order, enter shipments, close
 * orders, run a stuck fulfilment again, and the console's views. Kept apart
 * from the buyer's `pay` object; every method is checked in `_before`: a valid
 * login AND an operator named in the config (`merchant.operators`), else
 * MERCHANT_ONLY. The logic lives in cloud/pay and cloud/merchant.
 */

const NAME = 'payAdmin'

const OrderId = v.pipe(v.string(), v.minLength(1), v.maxLength(64))
const OrderIdInput = v.object({ orderId: OrderId })

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
const PageInput = v.optional(v.object({ page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 1) }), {})
const RemindInput = v.object({
  orderId: OrderId,
  // When the carrier reports the parcel received (ms since the epoch).
  receivedTime: v.pipe(v.number(), v.integer(), v.minValue(1_500_000_000_000), v.maxValue(4_000_000_000_000)),
})

const log: PayLog = {
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
}

/** The shipping context of one call; its WeChat wiring is built only when a method needs WeChat. */
function shippingContext(): ShippingContext {
  const db = getUniCloud().database()
  const shipping = () =>
    createShippingDeps({ db, env: systemEnv, http: createUniCloudHttpClient(), config: getConfig(['mp', 'sessionKeyEncryptionKey']) })
  return { db, env: systemEnv, log, shipping }
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

  /** The operator this login is (the console asks before it shows anything; every method checks again). */
  async whoami(): Promise<{ operator: { name: string } }> {
    callerOf(this)
    return { operator: { name: operatorOf(this).name } }
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

  /** The carriers for the shipment form's picker (get_delivery_list, cached a day). */
  async deliveryCompanies(): Promise<{ companies: DeliveryCompany[] }> {
    operatorOf(this)
    return { companies: await deliveryCompanies(shippingContext()) }
  },
})
