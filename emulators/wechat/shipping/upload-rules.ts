import { WxApiError } from '../errors'

/**
 * The field rules of POST /wxa/sec/order/upload_shipping_info, from the
 * official page (发货信息录入, read 2026-12-01, see docs/wechat-shipping-info.md):
 * each broken rule answers its documented errcode. Shapes WeChat cannot parse
 * (unknown fields, an object where an array belongs, a string where a number
 * belongs) answer 47001 data format error, as WeChat's JSON parser does.
 */

/** errmsg texts of the shipping errcodes (the documented 错误描述). */
export const SHIPPING_ERRMSG: Readonly<Record<number, string>> = {
  10060001: '支付单不存在',
  10060002: '支付单已完成发货，无法继续发货',
  10060003: '支付单已使用重新发货机会',
  10060004: '支付单处于不可发货的状态',
  10060005: '物流类型有误',
  10060006: '非快递发货时不允许分拆发货',
  10060007: '分拆发货模式下必须填写 is_all_delivered 字段',
  10060008: '商品描述 item_desc 字段不能为空',
  10060009: '商品描述 item_desc 字段太长',
  10060011: 'last_index不合法',
  10060014: '参数错误',
  10060023: '发货信息未更新',
  10060024: '物流信息列表太长',
  10060025: '物流公司编码太长',
  10060026: '物流单号太长',
  10060028: '支付单不是已发货状态',
  10060029: '签收时间非法',
  10060030: '支付单已使用提醒收货机会',
  10060031: '该笔支付单不属于 openid 所指定的用户',
  10060032: '只有物流快递发货时允许提醒用户确认收货',
  268485194: '订单单号类型非法',
  268485195: '微信支付单号形式下 transaction_id 字段不能为空',
  268485196: '商户侧单号形式下 mchid 字段不能为空',
  268485197: '商户侧单号形式下 out_trade_no 字段不能为空',
  268485216: '上传时间非法，请按照 RFC 3339 格式填写',
  268485224: '发货模式非法',
  268485226: '物流单号不能为空',
  268485227: '物流公司编码不能为空',
  268485228: '统一发货模式下，物流信息列表长度必须为 1',
}

/** A shipping failure with its documented errmsg (plus a hint naming the field, never its value). */
export function shippingError(errcode: number, hint?: string): WxApiError {
  const text = SHIPPING_ERRMSG[errcode] ?? 'unknown error'
  return new WxApiError(errcode, hint ? `${text}, hint: ${hint}` : text)
}

/** The delivery id of 顺丰速运 in get_delivery_list: a contact is required for it. */
export const SF_DELIVERY_ID = 'SF'
export const MAX_PACKAGES = 15
const ITEM_DESC_MAX_CHARS = 120
const FIELD_MAX_BYTES = 128
const CONTACT_MAX_CHARS = 1024
/** RFC 3339 date-time: 2022-12-15T13:29:35.120+08:00 or …Z. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/** How the trade is named: type 1 = mchid + out_trade_no, type 2 = transaction_id. */
export type OrderKey = { type: 1; mchid: string; outTradeNo: string } | { type: 2; transactionId: string }

/** One package of an upload, validated. */
export interface UploadPackage {
  trackingNo?: string
  expressCompany?: string
  itemDesc: string
  consignorContact?: string
  receiverContact?: string
}

/** A validated upload_shipping_info request. */
export interface UploadRequest {
  orderKey: OrderKey
  logisticsType: 1 | 2 | 3 | 4
  deliveryMode: 1 | 2
  isAllDelivered?: boolean
  packages: UploadPackage[]
  uploadTime: number
  payerOpenid: string
}

type Json = Record<string, unknown>

function formatError(): WxApiError {
  return new WxApiError(47001)
}

/** A JSON object with only the given keys, else 47001. */
export function strictObject(value: unknown, keys: readonly string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw formatError()
  for (const key of Object.keys(value)) if (!keys.includes(key)) throw formatError()
  return value as Json
}

/** An optional string field: absent/null → undefined, non-string → 47001. */
export function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw formatError()
  return value
}

/** An optional integer field (JSON number), else 47001. */
export function optionalInteger(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value)) throw formatError()
  return value
}

/** The last four digits stay readable, the rest is masked: 189****1234, 021-****1234, 0**2-******23-10. */
export function maskedContact(contact: string): boolean {
  const significant = contact.replace(/[^0-9*]/g, '')
  return significant.includes('*') && /\d{4}$/.test(significant)
}

function orderKey(value: unknown): OrderKey {
  if (value === undefined || value === null) throw shippingError(268485194, 'order_key')
  const key = strictObject(value, ['order_number_type', 'transaction_id', 'mchid', 'out_trade_no'])
  const type = optionalInteger(key.order_number_type)
  const transactionId = optionalString(key.transaction_id)
  const mchid = optionalString(key.mchid)
  const outTradeNo = optionalString(key.out_trade_no)
  if (type === 2) {
    if (!transactionId) throw shippingError(268485195)
    return { type, transactionId }
  }
  if (type === 1) {
    if (!mchid) throw shippingError(268485196)
    if (!outTradeNo) throw shippingError(268485197)
    return { type, mchid, outTradeNo }
  }
  throw shippingError(268485194)
}

function deliveryMode(value: unknown): 1 | 2 {
  // The docs' 示例值 is the enum name; WeChat's parser takes the name or the number.
  if (value === 1 || value === 'UNIFIED_DELIVERY') return 1
  if (value === 2 || value === 'SPLIT_DELIVERY') return 2
  if (value !== undefined && value !== null && typeof value !== 'number' && typeof value !== 'string') throw formatError()
  throw shippingError(268485224)
}

function contactField(value: unknown, name: string): string | undefined {
  const contact = optionalString(value)
  if (!contact) return undefined
  if (contact.length > CONTACT_MAX_CHARS || !maskedContact(contact)) {
    throw shippingError(10060014, `shipping_list.contact.${name} must be masked with its last 4 digits readable`)
  }
  return contact
}

function shippingPackage(value: unknown, logisticsType: number): UploadPackage {
  const item = strictObject(value, ['tracking_no', 'express_company', 'item_desc', 'contact'])
  const trackingNo = optionalString(item.tracking_no)
  const expressCompany = optionalString(item.express_company)
  const itemDesc = optionalString(item.item_desc)
  if (!itemDesc) throw shippingError(10060008)
  if ([...itemDesc].length > ITEM_DESC_MAX_CHARS) throw shippingError(10060009)
  if (logisticsType === 1 && !trackingNo) throw shippingError(268485226)
  if (logisticsType === 1 && !expressCompany) throw shippingError(268485227)
  if (trackingNo && Buffer.byteLength(trackingNo) > FIELD_MAX_BYTES) throw shippingError(10060026)
  if (expressCompany && Buffer.byteLength(expressCompany) > FIELD_MAX_BYTES) throw shippingError(10060025)
  let consignorContact: string | undefined
  let receiverContact: string | undefined
  if (item.contact !== undefined && item.contact !== null) {
    const contact = strictObject(item.contact, ['consignor_contact', 'receiver_contact'])
    consignorContact = contactField(contact.consignor_contact, 'consignor_contact')
    receiverContact = contactField(contact.receiver_contact, 'receiver_contact')
  }
  if (logisticsType === 1 && expressCompany === SF_DELIVERY_ID && !consignorContact && !receiverContact) {
    throw shippingError(10060014, 'shipping_list.contact is required for SF (顺丰): receiver_contact or consignor_contact')
  }
  return {
    ...(trackingNo ? { trackingNo } : {}),
    ...(expressCompany ? { expressCompany } : {}),
    itemDesc,
    ...(consignorContact ? { consignorContact } : {}),
    ...(receiverContact ? { receiverContact } : {}),
  }
}

/** Validate an upload_shipping_info body, in the order the docs list the fields. */
export function validateUpload(body: unknown): UploadRequest {
  const b = strictObject(body, [
    'order_key', 'logistics_type', 'delivery_mode', 'is_all_delivered', 'shipping_list', 'upload_time', 'payer',
  ])
  const key = orderKey(b.order_key)
  const logistics = optionalInteger(b.logistics_type)
  if (logistics !== 1 && logistics !== 2 && logistics !== 3 && logistics !== 4) throw shippingError(10060005)
  const mode = deliveryMode(b.delivery_mode)
  let isAllDelivered: boolean | undefined
  if (b.is_all_delivered !== undefined && b.is_all_delivered !== null) {
    if (typeof b.is_all_delivered !== 'boolean') throw formatError()
    isAllDelivered = b.is_all_delivered
  }
  if (mode === 2 && logistics !== 1) throw shippingError(10060006)
  if (mode === 2 && isAllDelivered === undefined) throw shippingError(10060007)
  if (b.shipping_list !== undefined && !Array.isArray(b.shipping_list)) throw formatError()
  const list = (b.shipping_list as unknown[] | undefined) ?? []
  if (list.length === 0) throw shippingError(10060014, 'shipping_list needs 1 to 15 entries')
  if (list.length > MAX_PACKAGES) throw shippingError(10060024)
  if (mode === 1 && list.length !== 1) throw shippingError(268485228)
  const packages = list.map((item) => shippingPackage(item, logistics))
  const uploadTime = optionalString(b.upload_time)
  if (!uploadTime || !RFC3339.test(uploadTime) || Number.isNaN(Date.parse(uploadTime))) throw shippingError(268485216)
  if (b.payer === undefined || b.payer === null) throw shippingError(10060014, 'payer.openid is required')
  const payer = strictObject(b.payer, ['openid'])
  const openid = optionalString(payer.openid)
  if (!openid || Buffer.byteLength(openid) > FIELD_MAX_BYTES) throw shippingError(10060014, 'payer.openid is required')
  return {
    orderKey: key,
    logisticsType: logistics,
    deliveryMode: mode,
    ...(isAllDelivered === undefined ? {} : { isAllDelivered }),
    packages,
    uploadTime: Date.parse(uploadTime),
    payerOpenid: openid,
  }
}
