import { isCloudCallError } from './cloud'

// Chinese text for end users, keyed by the cloud objects' stable error codes.
const MESSAGES: Record<string, string> = {
  PARAM_INVALID: '提交的信息有误，请检查后重试',
  PRODUCT_NOT_FOUND: '商品不存在或已下架',
  TOKEN_MISSING: '请先登录',
  TOKEN_INVALID: '登录状态已失效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  CONFIG_INVALID: '服务配置有误，请联系管理员',
  INTERNAL_ERROR: '服务繁忙，请稍后再试',
  WX_CODE_INVALID: '登录凭证无效，请重试',
  WX_CODE_USED: '登录凭证已使用，请重试',
  LOGIN_CODE_USED: '登录凭证已使用，请重新登录',
  WX_RATE_LIMITED: '登录太频繁，请稍后再试',
  WX_USER_BLOCKED: '该微信账号存在风险，暂时无法登录',
  WX_UPSTREAM_BUSY: '微信服务繁忙，请稍后再试',
  OAUTH_STATE_INVALID: '登录请求已失效，请重新登录',
  OAUTH_LOOP: '登录跳转过于频繁，请稍后再试',
  AVATAR_TOO_LARGE: '图片不能超过 512KB',
  ORDER_NOT_FOUND: '订单不存在',
  ORDER_NOT_PAYABLE: '订单已关闭或已支付',
  ORDER_NOT_REFUNDABLE: '该订单当前不能退款',
  TOO_MANY_UNPAID_ORDERS: '待支付订单过多，请先支付或取消后再下单',
  WXPAY_UPSTREAM_ERROR: '微信支付繁忙，请稍后再试',
  PAYER_OPENID_MISSING: '请使用微信登录后再支付',
  PAYMENT_FAILED: '支付失败，请重试',
  PAYMENT_UNAVAILABLE: '请在微信中打开以完成支付',
  RECEIPT_UNAVAILABLE: '订单支付完成后才能下载收据',
  FILE_NOT_FOUND: '文件不存在或已下架',
  MERCHANT_ONLY: '仅商家管理员可以操作',
  SHIPPING_NOT_APPLICABLE: '该订单无需录入微信发货信息',
  SHIPPING_BUSY: '发货信息正在上传，请稍后再试',
  SHIPPING_NOT_RETRYABLE: '该订单的发货信息无需重试',
  SHIPPING_CONTACT_REQUIRED: '顺丰快递须填写收件人联系电话',
  SHIPPING_CARRIER_UNKNOWN: '请从列表中选择快递公司',
  SHIPPING_CORRECTION_USED: '发货信息只能修改一次，已修改过',
  SHIPPING_ALREADY_COMPLETED: '买家已确认收货，不能再修改发货信息',
  SHIPPING_NOT_SHIPPABLE: '该订单已退款，不能发货',
  SHIPPING_PAYER_MISMATCH: '支付单与付款用户不符，请联系技术支持',
  SHIPPING_TRADE_NOT_FOUND: '微信暂未查到该支付单，请稍后重试',
  SHIPPING_INFO_REJECTED: '微信未接受该发货信息，请检查后重新录入',
  SHIPPING_NOT_SHIPPED: '订单尚未发货',
  SHIPPING_REMINDER_USED: '每个订单只能提醒一次确认收货',
  SHIPPING_REMINDER_EXPRESS_ONLY: '只有快递发货的订单可以提醒确认收货',
}

/** A message an end user can act on, for anything a cloud call may throw. */
export function userMessage(error: unknown): string {
  if (isCloudCallError(error)) return MESSAGES[String(error.errCode)] ?? '服务繁忙，请稍后再试'
  return '网络不给力，请检查网络后重试'
}
