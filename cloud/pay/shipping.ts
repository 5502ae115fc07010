import { DEFAULT_DELIVERY_KIND, type DeliveryKind } from '../catalog/catalog'
import { formatBeijingRfc3339 } from '../shared/beijing-time'
import { COLLECTIONS } from '../shared/collections'
import type { AppConfig, EndpointsConfig } from '../shared/config'
import type { Database } from '../shared/database'
import { commands } from '../shared/db-commands'
import { randomId, type Env } from '../shared/env'
import { errorLabel } from '../shared/error-label'
import { CloudError, type ErrorCode } from '../shared/errors'
import type { HttpClient } from '../shared/http'
import { secretBoxKey } from '../shared/secret-box'
import { createWechatClient, type DeliveryCompany, type ShippingInfoUpload, type ShippingTradeRef } from '../wechat/client'
import { withAccessToken } from '../wechat/credential-cache'
import { WechatApiError } from '../wechat/errors'
import type { OrderItem, OrderRecord } from './orders'
import type { PayDeps, ShippingDeps } from './pay-deps'

/**
 * 小程序发货信息管理: WeChat's shipping information for mini-program trades
 * (docs/wechat-shipping-info.md). For mini programs under trade management
 * WeChat keeps a trade's money until its shipping is uploaded and the buyer
 * confirms receipt, so every paid, fulfilled mini-program order gets an entry
 * `shipping` in the order itself:
 *
 * - set by the same update that marks the fulfilment done (an outbox, as the
 *   fulfilment is): all-virtual orders are shipped at once (logistics_type 3)
 *   and their upload is due; any other order waits for the merchant to enter
 *   the shipment (express company and tracking number, or same-city / pickup);
 * - an upload is run under a lease (conditional update), retried with
 *   exponential back-off on failures worth repeating, and ends `uploaded`,
 *   `failed` (a terminal errcode, or the attempts used up: the merchant sees
 *   why and may retry), or `not-required` (the mini program is not under
 *   trade management — asked with is_trade_managed, cached an hour — or the
 *   order was refunded in full);
 * - one correction (WeChat's one 重新发货 per trade) is allowed after an upload;
 * - the timer asks get_order about shipped orders at most hourly until the
 *   buyer confirmed receipt (order_state 3 / 4): then the buyer sees 已完成.
 *
 * Every WeChat call goes through the mini program's access_token in the
 * central cache. Errors recorded on the order are stable codes and the kit's
 * own messages, never WeChat's errmsg.
 */

/** WeChat's logistics_type. */
export type LogisticsType = 1 | 2 | 3 | 4
export const LOGISTICS_TYPES: readonly LogisticsType[] = [1, 2, 3, 4]
/** The logistics_type of each delivery kind: 1 express, 2 same-city, 3 virtual goods, 4 self-pickup. */
export const LOGISTICS_TYPE_OF: Readonly<Record<DeliveryKind, LogisticsType>> = { express: 1, 'same-city': 2, virtual: 3, pickup: 4 }
const EXPRESS: LogisticsType = 1
const VIRTUAL: LogisticsType = 3

/** What the buyer sees: waiting 待发货, shipped 已发货, completed 已完成 (receipt confirmed). */
export type ShippingStatus = 'waiting' | 'shipped' | 'completed'

/**
 * The upload to WeChat: waiting for the merchant's shipment; pending (due at
 * `nextAttemptAt`); uploaded; not-required; failed (the merchant may retry).
 */
export type UploadState = 'waiting' | 'pending' | 'uploaded' | 'not-required' | 'failed'

/** Why nothing is uploaded. */
export type NotRequiredReason = 'NOT_TRADE_MANAGED' | 'REFUNDED'

/** What was shipped: the body of the upload. */
export interface Shipment {
  logisticsType: LogisticsType
  /** Express: a delivery_id of get_delivery_list (e.g. SF, YTO, ZTO). */
  expressCompany?: string
  /** Its delivery_name, for the buyer. */
  expressCompanyName?: string
  trackingNo?: string
  /** Masked, only the last four digits readable (required for SF). */
  receiverContact?: string
  /** item_desc, at most 120 characters. */
  itemDesc: string
  enteredAt: number
  /** The operator's user id, or `auto` for virtual goods. */
  enteredBy: string
}

/** The state of the upload of a shipment. */
export interface ShippingUpload {
  state: UploadState
  /** Attempts of the current upload (a correction or a merchant's retry starts again at 0). */
  attempts: number
  /** Pending: not before then (ms). */
  nextAttemptAt: number
  /** A runner holds the upload until then (ms); 0 when free. */
  leaseUntil: number
  leaseOwner?: string
  /** WeChat's errcode of the last failed attempt, when it answered one. */
  lastErrcode?: number
  /** Stable code of the last failure. */
  lastError?: string
  /** The kit's own text for it (never WeChat's errmsg). */
  lastMessage?: string
  /** When WeChat first accepted a shipment of this order (later uploads are corrections). */
  uploadedAt?: number
  /** The upload_time (ms) last sent: the next must be later. */
  sentAt?: number
  /** Corrections accepted since: WeChat allows one. */
  corrections: number
  reason?: NotRequiredReason
}

/** The `shipping` entry of a mini-program order. */
export interface OrderShipping {
  status: ShippingStatus
  /** From the items: virtual only when every item is; else express, same-city or pickup (in that order). */
  kind: DeliveryKind
  shipment?: Shipment
  upload: ShippingUpload
  /** Uploaded and not completed: when get_order is next asked (ms). */
  pollAt?: number
  /** WeChat's order_state when last asked. */
  orderState?: number
  /** When notify_confirm_receive was sent (WeChat allows it once). */
  remindedAt?: number
  completedAt?: number
  /** Bumped by every change: the merchant's actions apply only to the state they read. */
  rev: number
  updatedAt: number
}

/** What the buyer sees of an order's shipping. */
export interface ShippingView {
  state: ShippingStatus
  logisticsType?: LogisticsType
  expressCompany?: string
  expressCompanyName?: string
  trackingNo?: string
  shippedAt?: number
  completedAt?: number
}

/** What the merchant sees of it. */
export interface MerchantShippingView extends ShippingView {
  kind: DeliveryKind
  receiverContact?: string
  itemDesc?: string
  remindedAt?: number
  upload: Pick<ShippingUpload, 'state' | 'attempts' | 'lastErrcode' | 'lastError' | 'lastMessage' | 'uploadedAt' | 'corrections' | 'reason'> & {
    nextAttemptAt?: number
  }
}

/** A mini-program order as the merchant's shipping methods answer it. */
export interface ShippingOrderView {
  orderId: string
  outTradeNo: string
  transactionId?: string
  description: string
  amount: number
  status: OrderRecord['status']
  paidAt?: number
  shipping?: MerchantShippingView
}

/** Tuning, exported for the tests and the docs. */
export const SHIPPING_TIMING = {
  /** Back-off of failed uploads: 1 min, 2, 4 … at most 6 h, 12 attempts (about a day). */
  retryBaseMs: 60_000,
  retryMaxMs: 6 * 3600_000,
  maxAttempts: 12,
  leaseMs: 60_000,
  /** 10060001 this soon after payment: WeChat has not indexed the trade yet (staff: wait a minute and retry). */
  tradeIndexGraceMs: 30 * 60_000,
  /** get_order at most this often per order. */
  pollIntervalMs: 3600_000,
  /** …and not beyond this after the upload (WeChat confirms automatically long before). */
  pollForMs: 60 * 86400_000,
  tradeManagedTtlMs: 3600_000,
  deliveryListTtlMs: 86400_000,
} as const

/** WeChat allows one re-shipment per trade. */
export const MAX_CORRECTIONS = 1
export const ITEM_DESC_MAX_CHARS = 120
export const SHIPPING_PAGE_SIZE = 20
/** The delivery_id of 顺丰速运: a contact is required for it. */
export const SF_DELIVERY_ID = 'SF'

/** The context shipping runs in: PayDeps, or what the merchant's object builds. */
export type ShippingContext = Pick<PayDeps, 'db' | 'env' | 'log' | 'shipping'>

type Cmd = ReturnType<typeof commands>

/**
 * The shipping wiring from the kit's config (`mp`, `sessionKeyEncryptionKey`,
 * `endpoints`). Its WeChat client does not retry by itself: the back-off here
 * does, and a notify waiting on a virtual order's upload is not held up.
 */
export function createShippingDeps(input: {
  db: Database
  env: Env
  http: HttpClient
  config: { mp: AppConfig; sessionKeyEncryptionKey: string; endpoints: EndpointsConfig }
}): ShippingDeps {
  const { db, env, http, config } = input
  return {
    wechat: createWechatClient({ http, baseUrl: config.endpoints.weixinApi, retries: 0 }),
    app: config.mp,
    credentials: { db, env, key: secretBoxKey(config.sessionKeyEncryptionKey) },
  }
}

function ordersOf(db: Database) {
  return db.collection<OrderRecord>(COLLECTIONS.orders)
}

async function readOrder(db: Database, orderId: string): Promise<OrderRecord> {
  const { data } = await ordersOf(db).doc(orderId).get()
  if (!data[0]) throw new CloudError('ORDER_NOT_FOUND', 'order not found')
  return data[0]
}

function wiringOf(ctx: ShippingContext): ShippingDeps {
  if (!ctx.shipping) throw new CloudError('CONFIG_INVALID', 'shipping is not configured (needs mp and sessionKeyEncryptionKey)')
  return ctx.shipping()
}

// ───────────────────────────── entries and views ─────────────────────────────

/** The delivery kind of an order from its items. */
export function orderDeliveryKind(items: readonly Pick<OrderItem, 'delivery'>[]): DeliveryKind {
  const kinds = new Set(items.map((item) => item.delivery ?? DEFAULT_DELIVERY_KIND))
  for (const kind of ['express', 'same-city', 'pickup'] as const) if (kinds.has(kind)) return kind
  return 'virtual'
}

/** Cut to at most `max` characters (code points, as WeChat counts), marking a cut with `…`. */
function cut(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

/** item_desc from the item names: `name ×2、name`, at most 120 characters. */
export function itemDescOf(items: readonly Pick<OrderItem, 'name' | 'quantity'>[]): string {
  return cut(items.map((item) => (item.quantity > 1 ? `${item.name} ×${item.quantity}` : item.name)).join('、'), ITEM_DESC_MAX_CHARS)
}

function freshUpload(state: UploadState, now: number): ShippingUpload {
  return { state, attempts: 0, nextAttemptAt: state === 'pending' ? now : 0, leaseUntil: 0, corrections: 0 }
}

/** The entry of an order that has none yet: virtual goods are shipped (upload due), the rest waits for the merchant. */
export function newShippingEntry(order: Pick<OrderRecord, 'items'>, now: number): OrderShipping {
  const kind = orderDeliveryKind(order.items)
  if (kind !== 'virtual') return { status: 'waiting', kind, upload: freshUpload('waiting', now), rev: 1, updatedAt: now }
  return {
    status: 'shipped',
    kind,
    shipment: { logisticsType: VIRTUAL, itemDesc: itemDescOf(order.items), enteredAt: now, enteredBy: 'auto' },
    upload: freshUpload('pending', now),
    rev: 1,
    updatedAt: now,
  }
}

/**
 * The fields the update marking an order's fulfilment done also sets: the
 * shipping entry of a mini-program order (nothing for other channels, or when
 * there is one already).
 */
export function shippingOnFulfilment(order: OrderRecord, now: number): { shipping?: OrderShipping } {
  if (order.channel !== 'miniprogram' || order.shipping) return {}
  return { shipping: newShippingEntry(order, now) }
}

/**
 * The shipping an order still has: none once it was refunded in full before
 * anything was shipped (WeChat needs no shipping information for a fully
 * refunded trade, and 待发货 would promise a parcel that will never come).
 */
export function liveShipping(order: Pick<OrderRecord, 'status' | 'shipping'>): OrderShipping | undefined {
  const shipping = order.shipping
  if (!shipping) return undefined
  if (order.status === 'REFUNDED' && shipping.status === 'waiting' && !shipping.shipment) return undefined
  return shipping
}

/** The buyer's view. */
export function shippingView(shipping: OrderShipping): ShippingView {
  const view: ShippingView = { state: shipping.status }
  const shipment = shipping.shipment
  if (shipment && shipping.status !== 'waiting') {
    view.logisticsType = shipment.logisticsType
    if (shipment.expressCompany) view.expressCompany = shipment.expressCompany
    if (shipment.expressCompanyName) view.expressCompanyName = shipment.expressCompanyName
    if (shipment.trackingNo) view.trackingNo = shipment.trackingNo
    view.shippedAt = shipment.enteredAt
  }
  if (shipping.completedAt !== undefined) view.completedAt = shipping.completedAt
  return view
}

/** The merchant's view. */
export function merchantShippingView(shipping: OrderShipping): MerchantShippingView {
  const { upload, shipment } = shipping
  const view: MerchantShippingView = {
    ...shippingView(shipping),
    kind: shipping.kind,
    upload: { state: upload.state, attempts: upload.attempts, corrections: upload.corrections },
  }
  if (shipment) {
    // The merchant also sees an entered shipment whose upload is still under way.
    view.logisticsType = shipment.logisticsType
    if (shipment.expressCompany) view.expressCompany = shipment.expressCompany
    if (shipment.expressCompanyName) view.expressCompanyName = shipment.expressCompanyName
    if (shipment.trackingNo) view.trackingNo = shipment.trackingNo
    if (shipment.receiverContact) view.receiverContact = shipment.receiverContact
    view.itemDesc = shipment.itemDesc
  }
  if (shipping.remindedAt !== undefined) view.remindedAt = shipping.remindedAt
  if (upload.state === 'pending') view.upload.nextAttemptAt = upload.nextAttemptAt
  for (const key of ['lastErrcode', 'lastError', 'lastMessage', 'uploadedAt', 'reason'] as const) {
    if (upload[key] !== undefined) (view.upload as Record<string, unknown>)[key] = upload[key]
  }
  return view
}

/** An order as the merchant's shipping methods answer it. */
export function toShippingOrderView(order: OrderRecord): ShippingOrderView {
  return {
    orderId: order._id,
    outTradeNo: order.outTradeNo,
    ...(order.transactionId ? { transactionId: order.transactionId } : {}),
    description: order.description,
    amount: order.amount,
    status: order.status,
    ...(order.paidAt !== undefined ? { paidAt: order.paidAt } : {}),
    ...(order.shipping ? { shipping: merchantShippingView(order.shipping) } : {}),
  }
}

// ───────────────────────────── cached WeChat facts ─────────────────────────────

interface CachedFact<T> {
  _id: string
  kind: string
  appid: string
  value: T
  expiresAt: number
  updatedAt: number
}

/**
 * A fact about the app that WeChat answers slowly changing (trade management,
 * the carrier list), kept in the credentials collection with a TTL so every
 * instance shares it. Not secret, so not sealed; concurrent refreshers both
 * write the same answer, so no lease.
 */
async function cachedFact<T>(
  ctx: ShippingContext,
  kind: 'trade_managed' | 'delivery_list',
  appid: string,
  ttlMs: number,
  fetch: () => Promise<T>,
  options: { fresh?: boolean } = {},
): Promise<T> {
  const collection = ctx.db.collection<CachedFact<T>>(COLLECTIONS.credentials)
  const id = `${kind}.${appid}`
  if (!options.fresh) {
    const cached = (await collection.doc(id).get()).data[0]
    if (cached && cached.expiresAt > ctx.env.now()) return cached.value
  }
  const value = await fetch()
  const now = ctx.env.now()
  await collection.doc(id).set({ kind, appid, value, expiresAt: now + ttlMs, updatedAt: now })
  return value
}

/** Whether 小程序发货信息管理 applies to the mini program (is_trade_managed, cached an hour). */
export function isTradeManaged(ctx: ShippingContext, options: { fresh?: boolean } = {}): Promise<boolean> {
  const wiring = wiringOf(ctx)
  return cachedFact(
    ctx,
    'trade_managed',
    wiring.app.appId,
    SHIPPING_TIMING.tradeManagedTtlMs,
    () => withAccessToken(wiring.credentials, wiring.wechat, wiring.app, (accessToken) => wiring.wechat.isTradeManaged({ accessToken, appid: wiring.app.appId })),
    options,
  )
}

/** The carriers of get_delivery_list (delivery_id and name), cached a day: the console's picker and the check of express_company. */
export function deliveryCompanies(ctx: ShippingContext): Promise<DeliveryCompany[]> {
  const wiring = wiringOf(ctx)
  return cachedFact(ctx, 'delivery_list', wiring.app.appId, SHIPPING_TIMING.deliveryListTtlMs, () =>
    withAccessToken(wiring.credentials, wiring.wechat, wiring.app, (accessToken) => wiring.wechat.getDeliveryList({ accessToken })),
  )
}

// ───────────────────────────── uploads ─────────────────────────────

/** Beijing time with milliseconds (`2022-12-15T13:29:35.120+08:00`): a correction in the same second is still later. */
export function uploadTimeOf(ms: number): string {
  return formatBeijingRfc3339(ms, { millis: true })
}

/** The trade as WeChat knows it: by transaction_id once paid, else mchid + out_trade_no of the paid trade. */
function orderKeyOf(order: OrderRecord): ShippingInfoUpload['order_key'] {
  return order.transactionId
    ? { order_number_type: 2, transaction_id: order.transactionId }
    : { order_number_type: 1, mchid: order.mchid, out_trade_no: order.outTradeNo }
}

function tradeRefOf(order: OrderRecord): ShippingTradeRef {
  return order.transactionId ? { transactionId: order.transactionId } : { merchantId: order.mchid, merchantTradeNo: order.outTradeNo }
}

/** upload_shipping_info's body for a shipment of an order (unified delivery: one package). */
export function uploadBody(order: OrderRecord, shipment: Shipment, now: number): ShippingInfoUpload {
  return {
    order_key: orderKeyOf(order),
    logistics_type: shipment.logisticsType,
    delivery_mode: 1,
    shipping_list: [
      {
        ...(shipment.trackingNo ? { tracking_no: shipment.trackingNo } : {}),
        ...(shipment.expressCompany ? { express_company: shipment.expressCompany } : {}),
        item_desc: shipment.itemDesc,
        ...(shipment.receiverContact ? { contact: { receiver_contact: shipment.receiverContact } } : {}),
      },
    ],
    upload_time: uploadTimeOf(now),
    payer: { openid: order.payerOpenid as string },
  }
}

/** The wait after the `attempts`-th failed attempt. */
export function retryDelay(attempts: number): number {
  return Math.min(SHIPPING_TIMING.retryBaseMs * 2 ** Math.max(0, attempts - 1), SHIPPING_TIMING.retryMaxMs)
}

/** errcodes after which the same upload can never succeed. 10060001 is decided apart. */
const TERMINAL_ERRCODES = new Set([10060002, 10060003, 10060004, 10060031])

interface Failure {
  errcode?: number
  code: string
  message: string
  retry: boolean
}

function failureOf(error: unknown): Failure {
  if (error instanceof WechatApiError) {
    const terminal = TERMINAL_ERRCODES.has(error.errcode) || error.code === 'SHIPPING_INFO_REJECTED'
    return { errcode: error.errcode, code: error.code, message: error.message, retry: !terminal }
  }
  // Timeouts, WeChat busy, the credentials or the network: worth repeating (bounded by maxAttempts).
  if (error instanceof CloudError) return { code: error.code, message: error.message, retry: true }
  return { code: 'INTERNAL_ERROR', message: `upload failed: ${errorLabel(error)}`, retry: true }
}

/**
 * Run the order's due upload when it is free (claimed with a lease), and
 * answer the order as it is afterwards; the order as given when nothing was
 * due or another runner holds it. WeChat's answers are recorded, not thrown;
 * only the database's own failures throw.
 */
export async function runUpload(ctx: ShippingContext, order: OrderRecord): Promise<OrderRecord> {
  if (order.shipping?.upload.state !== 'pending') return order
  const wiring = wiringOf(ctx)
  const cmd = commands(ctx.db)
  const now = ctx.env.now()
  const owner = randomId(ctx.env, 12)
  const { doc } = await ordersOf(ctx.db)
    .where({
      _id: order._id,
      'shipping.upload.state': 'pending',
      'shipping.upload.nextAttemptAt': cmd.lte(now),
      'shipping.upload.leaseUntil': cmd.lt(now),
    })
    .updateAndReturn({ shipping: { upload: { leaseUntil: now + SHIPPING_TIMING.leaseMs, leaseOwner: owner, attempts: cmd.inc(1) }, rev: cmd.inc(1) } })
  if (!doc?.shipping) return order
  return uploadLeased(ctx, wiring, doc, owner)
}

const CLEARED_ERROR = (cmd: Cmd) => ({ lastErrcode: cmd.remove(), lastError: cmd.remove(), lastMessage: cmd.remove() })

async function uploadLeased(ctx: ShippingContext, wiring: ShippingDeps, order: OrderRecord, owner: string): Promise<OrderRecord> {
  const cmd = commands(ctx.db)
  const shipping = order.shipping as OrderShipping
  const { upload } = shipping
  const mine = ordersOf(ctx.db).where({ _id: order._id, 'shipping.upload.state': 'pending', 'shipping.upload.leaseOwner': owner })
  // The upload_time of this attempt, once one was sent (recorded with its outcome, whatever it is).
  let sentAt: number | undefined
  const settle = async (change: Record<string, unknown>, rest: Record<string, unknown> = {}): Promise<OrderRecord> => {
    const now = ctx.env.now()
    const stamp = sentAt === undefined ? {} : { sentAt }
    const { doc } = await mine.updateAndReturn({ shipping: { upload: { ...change, ...stamp, leaseUntil: 0 }, ...rest, rev: cmd.inc(1), updatedAt: now } })
    // Lost the lease (it ran out): the other runner records its own outcome.
    return doc ?? readOrder(ctx.db, order._id)
  }
  const notRequired = (reason: NotRequiredReason) => {
    ctx.log.info(`[pay] shipping of order ${order._id} not required: ${reason}`)
    return settle({ state: 'not-required', reason, nextAttemptAt: 0, ...CLEARED_ERROR(cmd) })
  }
  const fail = (failure: Omit<Failure, 'retry'>) => {
    ctx.log.warn(`[pay] shipping upload of order ${order._id} failed for good: ${failure.code}${failure.errcode ? ` (errcode ${failure.errcode})` : ''}`)
    return settle({
      state: 'failed',
      nextAttemptAt: 0,
      lastErrcode: failure.errcode ?? cmd.remove(),
      lastError: failure.code,
      lastMessage: failure.message.slice(0, 200),
    })
  }

  const uploaded = (): Promise<OrderRecord> => {
    const now = ctx.env.now()
    const correction = upload.uploadedAt !== undefined
    ctx.log.info(`[pay] shipping of order ${order._id} uploaded${correction ? ' (correction)' : ''}`)
    return settle(
      { state: 'uploaded', nextAttemptAt: 0, ...CLEARED_ERROR(cmd), ...(correction ? { corrections: cmd.inc(1) } : { uploadedAt: now }) },
      { pollAt: now + SHIPPING_TIMING.pollIntervalMs },
    )
  }

  const shipment = shipping.shipment
  if (!shipment) return fail({ code: 'SHIPPING_NOT_APPLICABLE', message: 'no shipment was entered' })
  if (order.status === 'REFUNDED') return notRequired('REFUNDED')
  if (!order.payerOpenid) return fail({ code: 'PAYER_OPENID_MISSING', message: 'the order has no payer openid' })

  let failure: Failure
  try {
    if (!(await isTradeManaged(ctx))) return notRequired('NOT_TRADE_MANAGED')
    // WeChat orders a trade's uploads by upload_time: never send one that is not later than the last.
    sentAt = Math.max(ctx.env.now(), (upload.sentAt ?? 0) + 1)
    const info = uploadBody(order, shipment, sentAt)
    await withAccessToken(wiring.credentials, wiring.wechat, wiring.app, (accessToken) => wiring.wechat.uploadShippingInfo({ accessToken, info }))
    return uploaded()
  } catch (error) {
    // 10060023 发货信息未更新: WeChat holds exactly this shipment already (an earlier attempt that timed out got through).
    if (error instanceof WechatApiError && error.errcode === 10060023) return uploaded()
    failure = failureOf(error)
  }

  if (failure.errcode === 10060001) {
    const young = order.paidAt === undefined || ctx.env.now() - order.paidAt < SHIPPING_TIMING.tradeIndexGraceMs
    if (!young) {
      // Long after payment WeChat still has no such trade: was the mini program taken out of trade management?
      const managed = await isTradeManaged(ctx, { fresh: true }).catch(() => true)
      if (!managed) return notRequired('NOT_TRADE_MANAGED')
      return fail(failure)
    }
    failure.retry = true
  }
  if (!failure.retry) return fail(failure)
  if (upload.attempts >= SHIPPING_TIMING.maxAttempts) {
    return fail({ ...failure, message: `${failure.message} (gave up after ${upload.attempts} attempts)` })
  }
  const delay = retryDelay(upload.attempts)
  ctx.log.warn(`[pay] shipping upload of order ${order._id} failed: ${failure.code}${failure.errcode ? ` (errcode ${failure.errcode})` : ''}; again in ${Math.round(delay / 1000)} s`)
  return settle({
    nextAttemptAt: ctx.env.now() + delay,
    lastErrcode: failure.errcode ?? cmd.remove(),
    lastError: failure.code,
    lastMessage: failure.message.slice(0, 200),
  })
}

/**
 * After the fulfilment of an order was marked done: run its upload when one
 * is due (virtual goods), best-effort. It never throws: the timer retries.
 */
export async function shipAfterFulfilment(ctx: ShippingContext, order: OrderRecord): Promise<OrderRecord> {
  if (!ctx.shipping || order.shipping?.upload.state !== 'pending') return order
  try {
    return await runUpload(ctx, order)
  } catch (error) {
    ctx.log.warn(`[pay] shipping upload of order ${order._id} deferred: ${errorLabel(error)}`)
    return order
  }
}

// ───────────────────────────── receipt ─────────────────────────────

/**
 * Ask WeChat (get_order) whether the buyer confirmed receipt of a shipped
 * order, at most once per poll interval across all callers (the claim is a
 * conditional update). order_state 3 确认收货 / 4 交易完成 → completed; 5 已退款
 * ends the polling.
 */
export async function pollReceipt(ctx: ShippingContext, order: OrderRecord): Promise<OrderRecord> {
  const wiring = wiringOf(ctx)
  const cmd = commands(ctx.db)
  const now = ctx.env.now()
  const { doc } = await ordersOf(ctx.db)
    .where({ _id: order._id, 'shipping.status': 'shipped', 'shipping.upload.state': 'uploaded', 'shipping.pollAt': cmd.lt(now) })
    .updateAndReturn({ shipping: { pollAt: now + SHIPPING_TIMING.pollIntervalMs } })
  if (!doc?.shipping) return order
  const since = doc.shipping.upload.uploadedAt ?? now
  const shipped = ordersOf(ctx.db).where({ _id: order._id, 'shipping.status': 'shipped' })
  if (now - since > SHIPPING_TIMING.pollForMs) {
    return (await shipped.updateAndReturn({ shipping: { pollAt: cmd.remove() } })).doc ?? doc
  }
  const { orderState } = await withAccessToken(wiring.credentials, wiring.wechat, wiring.app, (accessToken) =>
    wiring.wechat.getShippingOrder({ accessToken, trade: tradeRefOf(doc) }),
  )
  let change: Record<string, unknown> | undefined
  if (orderState === 3 || orderState === 4) change = { status: 'completed', completedAt: ctx.env.now(), pollAt: cmd.remove() }
  else if (orderState === 5) change = { pollAt: cmd.remove() }
  if (!change && orderState === doc.shipping.orderState) return doc
  const { doc: after } = await shipped.updateAndReturn({ shipping: { ...change, orderState, rev: cmd.inc(1), updatedAt: ctx.env.now() } })
  if (orderState === 3 || orderState === 4) ctx.log.info(`[pay] order ${order._id}: receipt confirmed (order_state ${orderState})`)
  return after ?? doc
}

/** How the timer's shipping step went. */
export interface ShippingSummary {
  uploaded: number
  notRequired: number
  failed: number
  completed: number
  failures: number
}

/** The timer's shipping step: due uploads, then receipt polls. Each order on its own; one failure never stops the batch. */
export async function reconcileShipping(ctx: ShippingContext, options: { batch?: number } = {}): Promise<ShippingSummary> {
  const batch = options.batch ?? 20
  const summary: ShippingSummary = { uploaded: 0, notRequired: 0, failed: 0, completed: 0, failures: 0 }
  const cmd = commands(ctx.db)
  const now = ctx.env.now()
  const due = await ordersOf(ctx.db)
    .where({ 'shipping.upload.state': 'pending', 'shipping.upload.nextAttemptAt': cmd.lte(now), 'shipping.upload.leaseUntil': cmd.lt(now) })
    .orderBy('shipping.upload.nextAttemptAt', 'asc')
    .limit(batch)
    .get()
  for (const order of due.data) {
    try {
      const state = (await runUpload(ctx, order)).shipping?.upload.state
      if (state === 'uploaded') summary.uploaded++
      else if (state === 'not-required') summary.notRequired++
      else if (state === 'failed') summary.failed++
    } catch (error) {
      summary.failures++
      ctx.log.warn(`[pay._timing] shipping upload of order ${order._id} failed: ${errorLabel(error)}`)
    }
  }
  const polls = await ordersOf(ctx.db)
    .where({ 'shipping.status': 'shipped', 'shipping.upload.state': 'uploaded', 'shipping.pollAt': cmd.lt(now) })
    .orderBy('shipping.pollAt', 'asc')
    .limit(batch)
    .get()
  for (const order of polls.data) {
    try {
      if ((await pollReceipt(ctx, order)).shipping?.status === 'completed') summary.completed++
    } catch (error) {
      summary.failures++
      ctx.log.warn(`[pay._timing] receipt query of order ${order._id} failed: ${errorLabel(error)}`)
    }
  }
  return summary
}

// ───────────────────────────── the merchant ─────────────────────────────

/** What the merchant enters. */
export interface ShipmentInput {
  orderId: string
  logisticsType: LogisticsType
  expressCompany?: string
  trackingNo?: string
  receiverContact?: string
  itemDesc?: string
}

function invalid(field: string, reason: string): CloudError {
  return new CloudError('PARAM_INVALID', `invalid parameter: ${field}`, { fields: [{ field, reason }] })
}

function refuse(code: ErrorCode, message: string): CloudError {
  return new CloudError(code, message)
}

/**
 * A contact as WeChat wants it: masked, the last four digits readable
 * (`189****1234`, `021-****1234`, `****1234`). A number given in full is
 * masked here; only the masked form is ever stored or sent.
 */
export function maskContact(contact: string): string | undefined {
  const text = contact.trim()
  if (!/^[0-9*+\- ]{4,32}$/.test(text)) return undefined
  const significant = text.replace(/[^0-9*]/g, '')
  if (!/\d{4}$/.test(significant)) return undefined
  if (significant.includes('*')) return text
  let keep = 4
  let out = ''
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i]
    if (/\d/.test(c)) {
      out = (keep > 0 ? c : '*') + out
      keep--
    } else out = c + out
  }
  return out
}

function sameShipment(a: Shipment | undefined, b: Shipment): boolean {
  if (!a) return false
  const keys = ['logisticsType', 'expressCompany', 'trackingNo', 'receiverContact', 'itemDesc'] as const
  return keys.every((key) => a[key] === b[key])
}

/** A paid, fulfilled mini-program order, with its entry (a new one for an order fulfilled before shipping existed). */
function shippingOf(order: OrderRecord, now: number): OrderShipping {
  if (order.channel !== 'miniprogram') throw refuse('SHIPPING_NOT_APPLICABLE', 'only mini-program orders have WeChat shipping')
  if (order.shipping) return order.shipping
  if (order.fulfilment?.status !== 'done') throw refuse('SHIPPING_NOT_APPLICABLE', 'the order is not fulfilled yet')
  return { ...newShippingEntry(order, now), rev: 0 }
}

/** The update that puts an entry in a new state, applying only to the state the caller read (`rev`). */
async function replaceShipping(ctx: ShippingContext, order: OrderRecord, read: OrderShipping, next: OrderShipping): Promise<OrderRecord> {
  const cmd = commands(ctx.db)
  const where = order.shipping
    ? { _id: order._id, 'shipping.rev': read.rev, 'shipping.upload.leaseUntil': cmd.lt(ctx.env.now()) }
    : { _id: order._id, shipping: cmd.exists(false) }
  const { doc } = await ordersOf(ctx.db).where(where).updateAndReturn({ shipping: cmd.set({ ...next, rev: read.rev + 1 }) })
  if (!doc) throw refuse('SHIPPING_BUSY', 'the shipping of this order changed meanwhile, try again')
  return doc
}

/**
 * The merchant enters (or corrects, once after an upload) the shipment of a
 * paid mini-program order, which is uploaded at once (retried by the timer
 * when WeChat fails). Every field is checked first, the SF contact rule and
 * the carrier list included, so WeChat never sees a shipment it would refuse
 * for its shape. Entering the same shipment again changes nothing.
 */
export async function enterShipment(ctx: ShippingContext, input: ShipmentInput, by: string): Promise<OrderRecord> {
  const now = ctx.env.now()
  const order = await readOrder(ctx.db, input.orderId)
  const shipping = shippingOf(order, now)
  if (order.status === 'REFUNDED') throw refuse('SHIPPING_NOT_SHIPPABLE', 'the order was refunded')
  if (shipping.status === 'completed') throw refuse('SHIPPING_ALREADY_COMPLETED', 'the buyer already confirmed receipt')

  const express = input.logisticsType === EXPRESS
  let expressCompanyName: string | undefined
  if (express) {
    if (!input.expressCompany) throw invalid('expressCompany', 'missing (required for express)')
    if (!input.trackingNo) throw invalid('trackingNo', 'missing (required for express)')
  } else {
    for (const field of ['expressCompany', 'trackingNo', 'receiverContact'] as const) {
      if (input[field] !== undefined) throw invalid(field, 'only for express (logisticsType 1)')
    }
  }
  let receiverContact: string | undefined
  if (input.receiverContact !== undefined) {
    receiverContact = maskContact(input.receiverContact)
    if (!receiverContact) throw invalid('receiverContact', 'must be a phone number (its last four digits stay readable)')
  }
  if (express && input.expressCompany === SF_DELIVERY_ID && !receiverContact) {
    throw refuse('SHIPPING_CONTACT_REQUIRED', 'SF (顺丰) needs the receiver contact')
  }
  if (express) {
    const company = (await deliveryCompanies(ctx)).find((c) => c.id === input.expressCompany)
    if (!company) throw refuse('SHIPPING_CARRIER_UNKNOWN', 'expressCompany is not a delivery_id of get_delivery_list')
    expressCompanyName = company.name
  }
  const shipment: Shipment = {
    logisticsType: input.logisticsType,
    ...(express ? { expressCompany: input.expressCompany, expressCompanyName, trackingNo: input.trackingNo } : {}),
    ...(receiverContact ? { receiverContact } : {}),
    itemDesc: input.itemDesc ?? itemDescOf(order.items),
    enteredAt: now,
    enteredBy: by,
  }
  if (sameShipment(shipping.shipment, shipment)) return order

  const { upload } = shipping
  if (upload.state === 'pending' && upload.leaseUntil >= now) throw refuse('SHIPPING_BUSY', 'an upload of this order is under way, try again in a moment')
  if (upload.uploadedAt !== undefined && upload.corrections >= MAX_CORRECTIONS) {
    throw refuse('SHIPPING_CORRECTION_USED', 'the shipment was corrected once already (WeChat allows one re-shipment)')
  }
  const next: OrderShipping = {
    ...shipping,
    status: 'shipped',
    shipment,
    upload: {
      state: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: 0,
      corrections: upload.corrections,
      ...(upload.uploadedAt !== undefined ? { uploadedAt: upload.uploadedAt } : {}),
      ...(upload.sentAt !== undefined ? { sentAt: upload.sentAt } : {}),
    },
    updatedAt: now,
  }
  delete next.pollAt
  return runUpload(ctx, await replaceShipping(ctx, order, shipping, next))
}

/** The merchant asks for a failed (or waiting) upload to be tried again now, from its first attempt. */
export async function retryShipping(ctx: ShippingContext, orderId: string): Promise<OrderRecord> {
  const now = ctx.env.now()
  const order = await readOrder(ctx.db, orderId)
  const shipping = order.shipping
  if (!shipping || (shipping.upload.state !== 'failed' && shipping.upload.state !== 'pending')) {
    throw refuse('SHIPPING_NOT_RETRYABLE', 'only a failed or pending upload can be retried')
  }
  if (shipping.upload.state === 'pending' && shipping.upload.leaseUntil >= now) throw refuse('SHIPPING_BUSY', 'an upload of this order is under way')
  const { lastErrcode: _e, lastError: _c, lastMessage: _m, ...kept } = shipping.upload
  const next: OrderShipping = { ...shipping, upload: { ...kept, state: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: 0 }, updatedAt: now }
  return runUpload(ctx, await replaceShipping(ctx, order, shipping, next))
}

/** One page (1-based) of orders whose upload failed, most recent first. */
export async function listShippingFailures(db: Database, page = 1): Promise<{ orders: OrderRecord[]; hasMore: boolean }> {
  const { data } = await ordersOf(db)
    .where({ 'shipping.upload.state': 'failed' })
    .orderBy('shipping.updatedAt', 'desc')
    .skip((Math.max(1, Math.floor(page)) - 1) * SHIPPING_PAGE_SIZE)
    .limit(SHIPPING_PAGE_SIZE + 1)
    .get()
  return { orders: data.slice(0, SHIPPING_PAGE_SIZE), hasMore: data.length > SHIPPING_PAGE_SIZE }
}

/**
 * Remind the buyer to confirm receipt (notify_confirm_receive): express
 * shipments that were uploaded, once per order, with the time the carrier
 * reports the parcel received (after the upload, not in the future).
 */
export async function remindConfirmReceive(ctx: ShippingContext, orderId: string, receivedTime: number): Promise<OrderRecord> {
  const wiring = wiringOf(ctx)
  const cmd = commands(ctx.db)
  const now = ctx.env.now()
  const order = await readOrder(ctx.db, orderId)
  const shipping = order.shipping
  if (!shipping) throw refuse('SHIPPING_NOT_APPLICABLE', 'the order has no WeChat shipping')
  if (shipping.status === 'completed') throw refuse('SHIPPING_ALREADY_COMPLETED', 'the buyer already confirmed receipt')
  const { upload } = shipping
  if (upload.uploadedAt === undefined || upload.state === 'not-required') throw refuse('SHIPPING_NOT_SHIPPED', 'the shipment is not uploaded')
  if (shipping.shipment?.logisticsType !== EXPRESS) throw refuse('SHIPPING_REMINDER_EXPRESS_ONLY', 'reminders are for express shipments')
  if (shipping.remindedAt !== undefined) throw refuse('SHIPPING_REMINDER_USED', 'the buyer was reminded once already')
  // WeChat counts in seconds: the second itself must not be before the upload.
  const seconds = Math.floor(receivedTime / 1000)
  if (seconds * 1000 < upload.uploadedAt || receivedTime > now + 60_000) throw invalid('receivedTime', 'must be after the upload and not in the future')

  const { doc } = await ordersOf(ctx.db)
    .where({ _id: orderId, 'shipping.remindedAt': cmd.exists(false) })
    .updateAndReturn({ shipping: { remindedAt: now, rev: cmd.inc(1), updatedAt: now } })
  if (!doc) throw refuse('SHIPPING_REMINDER_USED', 'the buyer was reminded once already')
  try {
    await withAccessToken(wiring.credentials, wiring.wechat, wiring.app, (accessToken) =>
      wiring.wechat.notifyConfirmReceive({ accessToken, trade: tradeRefOf(order), receivedTime: seconds }),
    )
  } catch (error) {
    // Not sent (or WeChat refused it for a reason other than "used"): the one reminder is still there.
    if (!(error instanceof WechatApiError && error.errcode === 10060030)) {
      await ordersOf(ctx.db).where({ _id: orderId, 'shipping.remindedAt': now }).update({ shipping: { remindedAt: cmd.remove() } })
    }
    throw error
  }
  return doc
}
