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
  PHONE_CODE_USED: '该手机号授权已被使用，请重新授权',
  SESSION_KEY_STALE: '登录状态已变化，请重新登录',
  OPEN_DATA_INVALID: '数据无效，请重试',
  OPEN_DATA_EXPIRED: '数据已过期，请重试',
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
  ORDER_EXPIRED: '订单已超时，请重新下单',
  PAY_CHANNEL_SWITCH_UNAVAILABLE: '暂时无法切换支付方式，请用原方式支付或稍后再试',
  REFUND_NOT_FOUND: '退款记录不存在',
  REFUND_NOT_PENDING: '该退款申请已处理',
  REFUND_REQUEST_PENDING: '已有退款申请在审核中',
  REFUND_EXCEEDS_REMAINING: '退款金额超过可退金额',
  REFUND_LIMIT_REACHED: '该订单退款次数已达上限',
  REFUND_WINDOW_CLOSED: '订单支付已超过一年，无法退款',
}

/** A message an end user can act on, for anything a cloud call may throw. */
export function userMessage(error: unknown): string {
  if (isCloudCallError(error)) return MESSAGES[String(error.errCode)] ?? '服务繁忙，请稍后再试'
  return '网络不给力，请检查网络后重试'
}
