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
}

/** A message an end user can act on, for anything a cloud call may throw. */
export function userMessage(error: unknown): string {
  if (isCloudCallError(error)) return MESSAGES[String(error.errCode)] ?? '服务繁忙，请稍后再试'
  return '网络不给力，请检查网络后重试'
}
