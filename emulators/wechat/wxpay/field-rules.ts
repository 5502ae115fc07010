import type { EmulatorCore } from '../core'
import { TIME_EXPIRE_MIN_AHEAD_SECONDS } from '../constants'
import { WxPayError, paramError } from '../errors'
import type { TradeType } from '../state'

/**
 * APIv3 field rules for orders and refunds, checked as WeChat Pay checks them
 * (PARAM_ERROR naming the field), then the merchant relations (MCH_NOT_EXISTS,
 * APPID_MCHID_NOT_MATCH, OPENID_MISMATCH).
 */

const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** A validated order request. */
export interface OrderRequest {
  appid: string
  mchid: string
  description: string
  outTradeNo: string
  timeExpire?: string
  timeExpireAt?: number
  attach?: string
  notifyUrl: string
  total: number
  currency: string
  payerOpenid?: string
  sceneInfo?: unknown
}

/** A validated refund request. */
export interface RefundRequest {
  outTradeNo?: string
  transactionId?: string
  outRefundNo: string
  reason?: string
  notifyUrl?: string
  refund: number
  total: number
  currency: string
}

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function chars(text: string): number {
  return [...text].length
}

function requiredString(body: Json, field: string, max: number, path = `/${field}`): string {
  const value = body[field]
  if (value === undefined || value === null || value === '') throw paramError(path, `${field} 为必填参数`)
  if (typeof value !== 'string') throw paramError(path, `${field} 必须是字符串`, value)
  if (chars(value) > max) throw paramError(path, `字符数 ${chars(value)}，大于最大值 ${max}`, value)
  return value
}

function optionalString(body: Json, field: string, max: number): string | undefined {
  if (body[field] === undefined) return undefined
  return requiredString(body, field, max)
}

function positiveFen(amount: Json, field: string, path: string): number {
  const value = amount[field]
  if (value === undefined) throw paramError(path, `${field} 为必填参数`)
  if (typeof value !== 'number' || !Number.isInteger(value)) throw paramError(path, `${field} 必须是整数（单位：分）`, value)
  if (value <= 0) throw paramError(path, `${field} 必须大于 0`, value)
  return value
}

/**
 * notify_url: https, at most `max` characters (255 for orders, 256 for
 * refunds), no query string. Deviation: http is accepted on loopback hosts so
 * a local cloud runtime can receive notifies.
 */
export function checkNotifyUrl(value: string, path = '/notify_url', max = 255): string {
  if (chars(value) > max) throw paramError(path, `字符数 ${chars(value)}，大于最大值 ${max}`, value)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw paramError(path, 'notify_url 必须是完整的 URL', value)
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)
  if (url.protocol !== 'https:' && !loopbackHttp) throw paramError(path, 'notify_url 必须以 https:// 开头', value)
  if (value.includes('?') || value.includes('#')) throw paramError(path, 'notify_url 不能携带参数', value)
  return value
}

/** Validate the body of jsapi / h5 / native. */
export function validateOrderRequest(core: EmulatorCore, body: unknown, tradeType: TradeType): OrderRequest {
  if (!isObject(body)) throw new WxPayError('PARAM_ERROR', '请求体必须是 JSON 对象')
  const appid = requiredString(body, 'appid', 32)
  const mchid = requiredString(body, 'mchid', 32)
  const description = requiredString(body, 'description', 127)
  const outTradeNo = requiredString(body, 'out_trade_no', 32)
  if (!OUT_TRADE_NO.test(outTradeNo)) {
    throw paramError('/out_trade_no', '商户订单号须为 6-32 位数字、大小写字母或 _-|*', outTradeNo)
  }
  const timeExpire = optionalString(body, 'time_expire', 64)
  let timeExpireAt: number | undefined
  if (timeExpire !== undefined) {
    timeExpireAt = RFC3339.test(timeExpire) ? Date.parse(timeExpire) : NaN
    if (Number.isNaN(timeExpireAt)) throw paramError('/time_expire', 'time_expire 须为 RFC 3339 格式，如 2018-06-08T10:34:56+08:00', timeExpire)
    if (timeExpireAt < core.clock.now() + TIME_EXPIRE_MIN_AHEAD_SECONDS * 1000) {
      throw paramError('/time_expire', 'time_expire 须晚于当前时间至少 1 分钟', timeExpire)
    }
  }
  const attach = optionalString(body, 'attach', 128)
  const notifyUrl = checkNotifyUrl(requiredString(body, 'notify_url', 1000))
  if (!isObject(body.amount)) throw paramError('/amount', 'amount 为必填参数')
  const total = positiveFen(body.amount, 'total', '/amount/total')
  const currency = body.amount.currency ?? 'CNY'
  if (currency !== 'CNY') throw paramError('/amount/currency', '仅支持 CNY', currency)

  let payerOpenid: string | undefined
  if (tradeType === 'JSAPI') {
    if (!isObject(body.payer)) throw paramError('/payer', 'payer 为必填参数')
    payerOpenid = requiredString(body.payer, 'openid', 128, '/payer/openid')
  }
  if (tradeType === 'MWEB') {
    if (!isObject(body.scene_info)) throw paramError('/scene_info', 'scene_info 为必填参数')
    requiredString(body.scene_info, 'payer_client_ip', 45, '/scene_info/payer_client_ip')
    if (!isObject(body.scene_info.h5_info)) throw paramError('/scene_info/h5_info', 'h5_info 为必填参数')
    requiredString(body.scene_info.h5_info, 'type', 32, '/scene_info/h5_info/type')
  }

  if (mchid !== core.identity.merchant.mchid) throw new WxPayError('MCH_NOT_EXISTS', '商户号不存在')
  if (!core.boundAppids().includes(appid)) throw new WxPayError('APPID_MCHID_NOT_MATCH', 'AppID和mch_id不匹配')
  if (payerOpenid !== undefined && !core.state.userByOpenid(appid, payerOpenid)) {
    throw new WxPayError('OPENID_MISMATCH', 'openid和appid不匹配')
  }
  return {
    appid,
    mchid,
    description,
    outTradeNo,
    timeExpire,
    timeExpireAt,
    attach,
    notifyUrl,
    total,
    currency,
    payerOpenid,
    sceneInfo: body.scene_info,
  }
}

/** Validate the body of POST /v3/refund/domestic/refunds. */
export function validateRefundRequest(body: unknown): RefundRequest {
  if (!isObject(body)) throw new WxPayError('PARAM_ERROR', '请求体必须是 JSON 对象')
  const transactionId = optionalString(body, 'transaction_id', 32)
  const outTradeNo = optionalString(body, 'out_trade_no', 32)
  if (!transactionId && !outTradeNo) throw paramError('/out_trade_no', 'transaction_id 与 out_trade_no 必须二选一')
  const outRefundNo = requiredString(body, 'out_refund_no', 64)
  if (!OUT_REFUND_NO.test(outRefundNo)) {
    throw paramError('/out_refund_no', '商户退款单号须为 1-64 位数字、大小写字母或 _-|*@', outRefundNo)
  }
  const reason = optionalString(body, 'reason', 80)
  const notifyUrlRaw = optionalString(body, 'notify_url', 1000)
  const notifyUrl = notifyUrlRaw === undefined ? undefined : checkNotifyUrl(notifyUrlRaw, '/notify_url', 256)
  if (!isObject(body.amount)) throw paramError('/amount', 'amount 为必填参数')
  const refund = positiveFen(body.amount, 'refund', '/amount/refund')
  const total = positiveFen(body.amount, 'total', '/amount/total')
  const currency = body.amount.currency
  if (currency !== 'CNY') throw paramError('/amount/currency', 'currency 为必填参数，仅支持 CNY', currency)
  if (refund > total) throw paramError('/amount/refund', '退款金额不能大于订单金额', refund)
  return { outTradeNo, transactionId, outRefundNo, reason, notifyUrl, refund, total, currency }
}

/** A canonical JSON text of a value (keys sorted), to compare re-orders. */
export function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${fingerprint(value[key])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
