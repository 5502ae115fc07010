import type { EmulatorCore } from '../core'
import { WxApiError } from '../errors'
import { findTrade, orderState, recordOf, shippingOrderBody, shippingTrades, type TradeRef } from '../shipping/orders'
import type { ShippingRecord } from '../shipping/state'
import {
  optionalInteger,
  optionalString,
  shippingError,
  strictObject,
  validateUpload,
  type UploadRequest,
} from '../shipping/upload-rules'
import type { CgiToken } from '../state'
import { requireCgiToken } from '../tokens'
import { json, parseJsonBody, type OpContext, type Operation } from './operation'

/**
 * 小程序发货信息管理 on api.weixin.qq.com (/wxa/sec/order/…) and the carrier list
 * it refers to, with the mini program's access_token. Field rules and errcodes
 * follow the official pages (docs/wechat-shipping-info.md).
 */

/** The carriers get_delivery_list answers: a few real ids (the real list has about 1,400). */
export const DELIVERY_LIST: readonly { delivery_id: string; delivery_name: string }[] = [
  { delivery_id: 'SF', delivery_name: '顺丰速运' },
  { delivery_id: 'YTO', delivery_name: '圆通速递' },
  { delivery_id: 'ZTO', delivery_name: '中通快递' },
  { delivery_id: 'STO', delivery_name: '申通快递' },
  { delivery_id: 'YD', delivery_name: '韵达速递' },
  { delivery_id: 'BDT', delivery_name: '八达通' },
  { delivery_id: 'DHL', delivery_name: 'DHL' },
  { delivery_id: '(AU)', delivery_name: 'Interparcel' },
]

/** The mini program's access_token: 41001 / 40001 / 42001, and 48001 for another kind of app. */
function miniProgramToken(ctx: OpContext): CgiToken {
  const token = requireCgiToken(ctx.core, ctx.url.searchParams.get('access_token'))
  if (ctx.core.app(token.appid)?.kind !== 'miniProgram') throw new WxApiError(48001)
  return token
}

function body(ctx: OpContext): unknown {
  return parseJsonBody(ctx.rawBody, () => new WxApiError(47001))
}

/** get_order / notify_confirm_receive name a trade by transaction_id or merchant_id + merchant_trade_no. */
function tradeRef(b: Record<string, unknown>): TradeRef {
  const transactionId = optionalString(b.transaction_id)
  const mchid = optionalString(b.merchant_id)
  const outTradeNo = optionalString(b.merchant_trade_no)
  optionalString(b.sub_merchant_id)
  if (transactionId) return { transactionId }
  if (mchid && outTradeNo) return { mchid, outTradeNo }
  throw shippingError(10060014, 'give transaction_id, or merchant_id and merchant_trade_no')
}

function fingerprint(request: UploadRequest): string {
  const { logisticsType, deliveryMode, isAllDelivered, packages } = request
  return JSON.stringify({ logisticsType, deliveryMode, isAllDelivered: isAllDelivered ?? null, packages })
}

/**
 * Apply an upload to a trade's record. Every trade has one re-shipment:
 * uploading again after shipping finished, or changing the delivery mode or
 * logistics type, uses it (10060003 the second time). An identical upload
 * changes nothing (10060023); a later upload must carry a later upload_time.
 */
function applyUpload(core: EmulatorCore, transactionId: string, request: UploadRequest, previous: ShippingRecord | undefined): void {
  const print = fingerprint(request)
  const finished = request.deliveryMode === 1 || request.isAllDelivered === true
  let reshipped = previous?.reshipped ?? false
  if (previous) {
    if (previous.fingerprint === print) throw shippingError(10060023)
    const reship =
      previous.finished ||
      previous.deliveryMode !== request.deliveryMode ||
      previous.logisticsType !== request.logisticsType
    if (reship) {
      if (previous.reshipped) throw shippingError(10060003)
      reshipped = true
    }
    if (request.uploadTime <= previous.uploadTime) {
      throw shippingError(10060014, 'upload_time must be later than the previous upload')
    }
  }
  core.state.shipping.records.set(transactionId, {
    transactionId,
    logisticsType: request.logisticsType,
    deliveryMode: request.deliveryMode,
    finished,
    finishCount: finished ? (reshipped ? 2 : 1) : (previous?.finishCount ?? 0),
    reshipped,
    packages: request.packages.map((p) => ({ ...p, uploadedAt: request.uploadTime })),
    uploadTime: request.uploadTime,
    fingerprint: print,
    // A re-shipment does not give the trade a second reminder.
    ...(previous?.remindedAt !== undefined ? { remindedAt: previous.remindedAt, receivedTime: previous.receivedTime } : {}),
  })
}

function ok(extra: object = {}) {
  return json({ errcode: 0, errmsg: 'ok', ...extra })
}

/** is_trade_managed and is_trade_management_confirmation_completed take `{ appid }` of the caller itself. */
function checkAppidBody(ctx: OpContext, token: CgiToken): void {
  const b = strictObject(body(ctx), ['appid'])
  const appid = optionalString(b.appid)
  if (!appid) throw new WxApiError(40097)
  if (appid !== token.appid) throw new WxApiError(40013)
}

function encodeIndex(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url')
}

function decodeIndex(index: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(index, 'base64url').toString('utf8'))
  if (!match) throw shippingError(10060011)
  return Number(match[1])
}

/** api.weixin.qq.com: order shipping (小程序发货信息管理) and the carrier list. */
export const wxaShippingOperations: Operation[] = [
  {
    method: 'POST',
    path: '/wxa/sec/order/is_trade_managed',
    host: 'weixinApi',
    description: 'whether the mini program is under trade management (control: PUT /__emulator/v1/shipping/management)',
    handle(ctx) {
      const token = miniProgramToken(ctx)
      checkAppidBody(ctx, token)
      return ok({ is_trade_managed: ctx.core.state.shipping.tradeManaged })
    },
  },
  {
    method: 'POST',
    path: '/wxa/sec/order/is_trade_management_confirmation_completed',
    host: 'weixinApi',
    description: 'whether trade-settlement management was confirmed',
    handle(ctx) {
      const token = miniProgramToken(ctx)
      checkAppidBody(ctx, token)
      return ok({ completed: ctx.core.state.shipping.confirmationCompleted })
    },
  },
  {
    method: 'POST',
    path: '/wxa/sec/order/upload_shipping_info',
    host: 'weixinApi',
    description: 'upload shipping of a paid trade; one re-shipment allowed',
    handle(ctx) {
      const { core } = ctx
      const token = miniProgramToken(ctx)
      const request = validateUpload(body(ctx))
      const key = request.orderKey
      const order = findTrade(
        core,
        token.appid,
        key.type === 2 ? { transactionId: key.transactionId } : { mchid: key.mchid, outTradeNo: key.outTradeNo },
      )
      if (!order) throw shippingError(10060001)
      if (order.payerOpenid !== request.payerOpenid) throw shippingError(10060031)
      const state = orderState(core, order)
      if (state === 5) throw shippingError(10060004)
      if (state === 3 || state === 4) throw shippingError(10060002)
      applyUpload(core, order.transactionId!, request, recordOf(core, order))
      return ok()
    },
  },
  {
    method: 'POST',
    path: '/wxa/sec/order/get_order',
    host: 'weixinApi',
    description: 'shipping state of one trade',
    handle(ctx) {
      const token = miniProgramToken(ctx)
      const b = strictObject(body(ctx), ['transaction_id', 'merchant_id', 'sub_merchant_id', 'merchant_trade_no'])
      const order = findTrade(ctx.core, token.appid, tradeRef(b))
      if (!order) throw shippingError(10060001)
      return ok({ order: shippingOrderBody(ctx.core, order) })
    },
  },
  {
    method: 'POST',
    path: '/wxa/sec/order/get_order_list',
    host: 'weixinApi',
    description: 'trades by pay time, state and payer, paged by last_index',
    handle(ctx) {
      const { core } = ctx
      const token = miniProgramToken(ctx)
      const b = strictObject(body(ctx), ['pay_time_range', 'order_state', 'openid', 'last_index', 'page_size'])
      const range = b.pay_time_range === undefined || b.pay_time_range === null ? {} : strictObject(b.pay_time_range, ['begin_time', 'end_time'])
      const begin = optionalInteger(range.begin_time) ?? 0
      const end = optionalInteger(range.end_time) ?? 0xffffffff
      const state = optionalInteger(b.order_state)
      const openid = optionalString(b.openid)
      const lastIndex = optionalString(b.last_index)
      const pageSize = optionalInteger(b.page_size) ?? 100
      if (pageSize < 1) throw shippingError(10060014, 'page_size must be positive')
      const offset = lastIndex ? decodeIndex(lastIndex) : 0
      const matching = shippingTrades(core, token.appid)
        .map((order) => ({ order, payTime: Math.floor(Date.parse(order.successTime ?? '') / 1000) }))
        .filter(({ order, payTime }) =>
          payTime >= begin && payTime <= end &&
          (state === undefined || orderState(core, order) === state) &&
          (openid === undefined || order.payerOpenid === openid),
        )
        .sort((a, b2) => a.payTime - b2.payTime || a.order.transactionId!.localeCompare(b2.order.transactionId!))
      const page = matching.slice(offset, offset + pageSize)
      const next = offset + page.length
      return ok({
        last_index: encodeIndex(next),
        has_more: next < matching.length,
        order_list: page.map(({ order }) => shippingOrderBody(core, order)),
      })
    },
  },
  {
    method: 'POST',
    path: '/wxa/sec/order/notify_confirm_receive',
    host: 'weixinApi',
    description: 'remind the buyer to confirm receipt (express only, once per trade)',
    handle(ctx) {
      const { core } = ctx
      const token = miniProgramToken(ctx)
      const b = strictObject(body(ctx), ['transaction_id', 'merchant_id', 'sub_merchant_id', 'merchant_trade_no', 'received_time'])
      const ref = tradeRef(b)
      const receivedTime = optionalInteger(b.received_time)
      if (receivedTime === undefined) throw shippingError(10060014, 'received_time is required')
      const order = findTrade(core, token.appid, ref)
      if (!order) throw shippingError(10060001)
      const record = recordOf(core, order)
      if (!record || orderState(core, order) !== 2) throw shippingError(10060028)
      if (record.logisticsType !== 1) throw shippingError(10060032)
      if (record.remindedAt !== undefined) throw shippingError(10060030)
      if (receivedTime * 1000 < record.uploadTime) throw shippingError(10060029)
      record.remindedAt = core.clock.now()
      record.receivedTime = receivedTime
      return ok()
    },
  },
  {
    method: 'POST',
    path: '/wxa/sec/order/set_msg_jump_path',
    host: 'weixinApi',
    description: 'the mini-program page the shipping messages open',
    handle(ctx) {
      miniProgramToken(ctx)
      const b = strictObject(body(ctx), ['path'])
      const path = optionalString(b.path)
      if (!path) throw new WxApiError(47001)
      ctx.core.state.shipping.msgJumpPath = path
      return ok()
    },
  },
  {
    method: 'POST',
    path: '/cgi-bin/express/delivery/open_msg/get_delivery_list',
    host: 'weixinApi',
    description: 'carrier ids for express_company (a short subset of the real list)',
    handle(ctx) {
      miniProgramToken(ctx)
      if (ctx.rawBody.trim() !== '') strictObject(body(ctx), [])
      return json({ errcode: 0, errmsg: 'ok', delivery_list: DELIVERY_LIST, count: DELIVERY_LIST.length })
    },
  },
]
