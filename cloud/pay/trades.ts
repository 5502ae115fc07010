import { isDuplicateKeyError } from '../shared/database'
import { CloudError } from '../shared/errors'
import { isWxpayError } from '../wxpay/errors'
import type { RequestPaymentParams } from '../wxpay/types'
import { orderCommands, ordersOf, readOrder, PAID_STATUSES, type OrderRecord, type PayChannel, type TradeRecord } from './orders'
import type { PayDeps } from './pay-deps'
import { formatBeijingRfc3339 } from '../shared/beijing-time'
import { newOutTradeNo } from './trade-numbers'

/**
 * The trades of an order at WeChat Pay. An order has at most one LIVE trade at
 * a time, named by `liveTradeNo`:
 *
 * - Paying again on the same channel reuses the live trade: what the client was
 *   handed (prepay_id, code_url) while WeChat Pay honours it, or the same trade
 *   placed again with the same body (WeChat Pay answers an identical re-order
 *   with the same trade).
 * - Switching channel closes the live trade at WeChat Pay first
 *   (`…/close` → 204), and only then places a new trade (a new out_trade_no,
 *   since WeChat Pay refuses a used one with a different body). A trade that
 *   cannot be closed (already paid, a refusal, no answer) is never left beside
 *   a second live one.
 * - A closed trade stays "unverified" until a query confirms it is closed:
 *   WeChat Pay warns that a close right after ordering may not take, and a
 *   payment can cross the close. The reconciler asks; a payment found there is
 *   kept once (payments.ts), a second one refunded.
 */

/** prepay_id and code_url are valid for 2 hours. */
export const PREPAY_VALID_MS = 2 * 3600_000
/** h5_url is valid for 5 minutes. */
export const H5_URL_VALID_MS = 5 * 60_000
/** WeChat Pay wants time_expire at least a minute ahead when an order is placed. */
export const MIN_PAYABLE_MS = 60_000

/** What the client hands to WeChat to pay, by channel. */
export type PaymentParams = RequestPaymentParams | { h5Url: string } | { codeUrl: string }

/** Who pays and where: the channel with the app and payer it implies. */
export interface TradeTarget {
  channel: PayChannel
  /** The app the payer pays in (mini program, official account, or the merchant's app for H5/Native). */
  appid: string
  /** Required for miniprogram and jsapi: the payer's openid under `appid`. */
  payerOpenid?: string
  /** Required for h5: scene_info.payer_client_ip. */
  clientIP?: string
}

/** Whether the channel pays inside a WeChat app (JSAPI: the payer's openid is part of the trade). */
function paysInApp(channel: PayChannel): boolean {
  return channel === 'miniprogram' || channel === 'jsapi'
}

/** Check what a channel needs before anything is stored or sent. */
export function checkTarget(target: TradeTarget): void {
  if ((target.channel === 'miniprogram' || target.channel === 'jsapi') && !target.payerOpenid) {
    throw new CloudError('PAYER_OPENID_MISSING', 'the payer has no openid for this app')
  }
  if (target.channel === 'h5' && !target.clientIP) throw new CloudError('PARAM_INVALID', 'the client IP is unknown')
}

/** A new trade record (not yet placed). */
export function newTrade(outTradeNo: string, target: TradeTarget, now: number): TradeRecord {
  return {
    outTradeNo,
    channel: target.channel,
    appid: target.appid,
    ...(paysInApp(target.channel) && target.payerOpenid ? { payerOpenid: target.payerOpenid } : {}),
    ...(target.channel === 'h5' && target.clientIP ? { clientIP: target.clientIP } : {}),
    state: 'LIVE',
    createdAt: now,
  }
}

/** True for a WeChat Pay answer with this `code`. */
export function isWechatCode(error: unknown, code: string): boolean {
  return isWxpayError(error, 'UPSTREAM_ERROR') && error.wechatCode === code
}

/**
 * True when WeChat Pay (or the local checks before sending) refused the
 * request itself: a 4xx other than 429. Repeating it would fail the same way.
 */
export function isDefinitiveRejection(error: unknown): boolean {
  if (isWxpayError(error, 'REQUEST_INVALID')) return true
  if (!isWxpayError(error, 'UPSTREAM_ERROR') || error.status === undefined) return false
  return error.status >= 400 && error.status < 500 && error.status !== 429
}

/**
 * Place a trade at WeChat Pay, always with the same body for the same trade
 * (so placing it again is an identical re-order), and answer what the client
 * needs plus what to keep for reuse.
 */
async function placeTrade(deps: PayDeps, order: OrderRecord, trade: TradeRecord): Promise<{ payment: PaymentParams; kept: TradeRecord['payment'] }> {
  const now = deps.env.now()
  const base = {
    appid: trade.appid,
    description: order.description,
    out_trade_no: trade.outTradeNo,
    time_expire: formatBeijingRfc3339(order.timeExpire),
    amount: { total: order.amount, currency: 'CNY' as const },
  }
  switch (trade.channel) {
    case 'miniprogram':
    case 'jsapi': {
      const { prepay_id } = await deps.gateway.createJsapiOrder({ ...base, payer: { openid: trade.payerOpenid as string } })
      return { payment: deps.gateway.buildRequestPaymentParams({ appId: trade.appid, prepayId: prepay_id }), kept: { prepayId: prepay_id, validUntil: now + PREPAY_VALID_MS } }
    }
    case 'h5': {
      const { h5_url } = await deps.gateway.createH5Order({ ...base, scene_info: { payer_client_ip: trade.clientIP as string, h5_info: { type: 'Wap' } } })
      return { payment: { h5Url: h5_url }, kept: { h5Url: h5_url, validUntil: now + H5_URL_VALID_MS } }
    }
    case 'native': {
      const { code_url } = await deps.gateway.createNativeOrder(base)
      return { payment: { codeUrl: code_url }, kept: { codeUrl: code_url, validUntil: now + PREPAY_VALID_MS } }
    }
  }
}

/** What was handed out before, while WeChat Pay still honours it (JSAPI parameters are signed afresh). */
function reusablePayment(deps: PayDeps, trade: TradeRecord): PaymentParams | undefined {
  const kept = trade.payment
  if (!kept || kept.validUntil <= deps.env.now() + MIN_PAYABLE_MS) return undefined
  if (kept.prepayId) return deps.gateway.buildRequestPaymentParams({ appId: trade.appid, prepayId: kept.prepayId })
  if (kept.codeUrl) return { codeUrl: kept.codeUrl }
  if (kept.h5Url) return { h5Url: kept.h5Url }
  return undefined
}

/**
 * What the client needs to pay the live trade: reused while valid, else the
 * trade placed (again) and what it answered kept on the trade. A refusal by
 * WeChat Pay closes the trade here (it can never be paid) and is thrown.
 */
export async function paymentForLiveTrade(deps: PayDeps, order: OrderRecord, trade: TradeRecord): Promise<PaymentParams> {
  const reused = reusablePayment(deps, trade)
  if (reused) return reused
  let placed: Awaited<ReturnType<typeof placeTrade>>
  try {
    placed = await placeTrade(deps, order, trade)
  } catch (error) {
    if (isDefinitiveRejection(error)) await dropLiveTrade(deps, order._id, trade.outTradeNo, true)
    throw error
  }
  await ordersOf(deps.db)
    .where({ _id: order._id, liveTradeNo: trade.outTradeNo })
    .update({ trades: { [trade.outTradeNo]: { payment: orderCommands(deps.db).set(placed.kept) } } })
  return placed.payment
}

/**
 * The live trade is over here (closed at WeChat Pay, or refused by it):
 * `verified` when WeChat Pay cannot take a payment on it any more (it never
 * had the trade), else the reconciler confirms the close with a query.
 */
async function dropLiveTrade(deps: PayDeps, orderId: string, outTradeNo: string, verified: boolean): Promise<OrderRecord | undefined> {
  const now = deps.env.now()
  const { doc } = await ordersOf(deps.db)
    .where({ _id: orderId, liveTradeNo: outTradeNo })
    .updateAndReturn({
      liveTradeNo: '',
      trades: { [outTradeNo]: { state: 'CLOSED', closedAt: now, ...(verified ? { verified: true } : {}) } },
      ...(verified ? {} : { unverifiedTrades: orderCommands(deps.db).inc(1) }),
      updatedAt: now,
    })
  return doc ?? undefined
}

/** How closing the live trade went: closed, or WeChat Pay says it was paid meanwhile. */
export type CloseOutcome = { closed: true } | { closed: false; paid: true }

/**
 * Close the live trade at WeChat Pay, then here. ORDERPAID means it was paid
 * meanwhile: nothing changes here and the caller applies the payment. Any other
 * failure (a rule, no answer) is thrown: the trade stays live.
 */
export async function closeLiveTrade(deps: PayDeps, order: OrderRecord, trade: TradeRecord): Promise<CloseOutcome> {
  let neverPlaced = false
  try {
    await deps.gateway.closeOrder(trade.outTradeNo)
  } catch (error) {
    if (isWechatCode(error, 'ORDERPAID')) return { closed: false, paid: true }
    // WeChat Pay never had the trade (placing failed on the way): nothing to close there.
    if (!isWechatCode(error, 'ORDER_NOT_EXIST')) throw error
    neverPlaced = true
  }
  await dropLiveTrade(deps, order._id, trade.outTradeNo, neverPlaced)
  return { closed: true }
}

/** Whether a trade placed for `target` pays the way the live trade does (then it is reused). */
export function sameTarget(trade: TradeRecord, target: TradeTarget): boolean {
  if (trade.channel !== target.channel || trade.appid !== target.appid) return false
  return !paysInApp(trade.channel) || (trade.payerOpenid ?? '') === (target.payerOpenid ?? '')
}

/**
 * Add a new live trade to an unpaid order that has none (a conditional update:
 * of concurrent callers one adds it, the others find it live and reuse it).
 * Answers the order as it is afterwards.
 */
export async function addLiveTrade(deps: PayDeps, order: OrderRecord, target: TradeTarget): Promise<OrderRecord> {
  for (let attempt = 0; ; attempt++) {
    const now = deps.env.now()
    const outTradeNo = newOutTradeNo(deps.env)
    const trade = newTrade(outTradeNo, target, now)
    try {
      const { doc } = await ordersOf(deps.db)
        .where({ _id: order._id, status: 'NOTPAY', liveTradeNo: '' })
        .updateAndReturn({
          liveTradeNo: outTradeNo,
          outTradeNo,
          channel: trade.channel,
          appid: trade.appid,
          ...(trade.payerOpenid ? { payerOpenid: trade.payerOpenid } : {}),
          tradeNos: orderCommands(deps.db).push(outTradeNo),
          trades: { [outTradeNo]: orderCommands(deps.db).set(trade) },
          updatedAt: now,
        })
      return doc ?? (await readOrder(deps.db, order._id))
    } catch (error) {
      // 50 random bits per second make a clash with another trade's number unlikely; the unique index makes one harmless.
      if (!isDuplicateKeyError(error) || attempt >= 2) throw error
    }
  }
}

/**
 * The code_url a page can show again for an unpaid order (a reload while the
 * QR code was up): the live trade's, when it is a Native trade WeChat Pay still
 * honours and the order is not past its time_expire.
 */
export function pendingCodeUrl(order: OrderRecord, now: number): string | undefined {
  if (order.status !== 'NOTPAY' || now >= order.timeExpire || !order.liveTradeNo) return undefined
  const live = order.trades?.[order.liveTradeNo]
  if (live?.channel !== 'native' || !live.payment?.codeUrl || live.payment.validUntil <= now) return undefined
  return live.payment.codeUrl
}

/** What paying an order answered: the payment to hand to WeChat, or that it is paid already. */
export type PayAnswer = { order: OrderRecord; payment: PaymentParams } | { order: OrderRecord; paid: true }

/**
 * Pay an unpaid order on a channel (the first time or again): reuse the live
 * trade when it pays the same way, else close it and place a new one. Throws
 * ORDER_NOT_PAYABLE (closed), ORDER_EXPIRED (too late to pay), or
 * PAY_CHANNEL_SWITCH_UNAVAILABLE (the live trade could not be closed: pay it
 * as it is, or later). `onPaid` applies a payment WeChat Pay reports while
 * switching (the live trade turned out paid).
 */
export async function payOrder(
  deps: PayDeps,
  orderIn: OrderRecord,
  target: TradeTarget,
  onPaid: (order: OrderRecord, trade: TradeRecord) => Promise<OrderRecord>,
): Promise<PayAnswer> {
  checkTarget(target)
  let order = orderIn
  for (let round = 0; round < 3; round++) {
    if (PAID_STATUSES.includes(order.status)) return { order, paid: true }
    if (order.status !== 'NOTPAY') throw new CloudError('ORDER_NOT_PAYABLE', 'the order is closed')
    if (order.timeExpire - deps.env.now() < MIN_PAYABLE_MS) throw new CloudError('ORDER_EXPIRED', 'the order can no longer be paid')
    const live = order.liveTradeNo ? order.trades[order.liveTradeNo] : undefined
    if (live && sameTarget(live, target)) return { order, payment: await paymentForLiveTrade(deps, order, live) }
    if (live) {
      let outcome: CloseOutcome
      try {
        outcome = await closeLiveTrade(deps, order, live)
      } catch (error) {
        deps.log.warn(`[pay] order ${order._id}: the live trade could not be closed (${isWxpayError(error) ? (error.wechatCode ?? error.code) : 'error'}); no second trade`)
        throw new CloudError('PAY_CHANNEL_SWITCH_UNAVAILABLE', 'the current payment cannot be closed now; pay it as it is, or try again later')
      }
      if (!outcome.closed) return { order: await onPaid(order, live), paid: true }
      order = await readOrder(deps.db, order._id)
      continue
    }
    order = await addLiveTrade(deps, order, target)
    const added = order.liveTradeNo ? order.trades[order.liveTradeNo] : undefined
    if (added && sameTarget(added, target)) return { order, payment: await paymentForLiveTrade(deps, order, added) }
  }
  throw new CloudError('PAY_CHANNEL_SWITCH_UNAVAILABLE', 'the order is being paid elsewhere; try again')
}
