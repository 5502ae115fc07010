import { REFUND_MIN_INTERVAL_SECONDS } from '../constants'

/**
 * WeChat Pay business rules whose strictness a test or `npm run dev` may tune
 * (PUT /__emulator/v1/wxpay/rules, or the `wxpayRules` option); reset restores
 * the configured values.
 */
export interface WxpayRules {
  /** A close before the order is this old answers 403 RULE_LIMIT; 0 = no limit (the direct-merchant docs). */
  closeMinAgeSeconds: number
  /** A new refund of an order within this many seconds of the previous one answers 429 FREQUENCY_LIMITED. */
  refundMinIntervalSeconds: number
}

/** The defaults: the documented refund spacing, no close limit. */
export const DEFAULT_WXPAY_RULES: Readonly<WxpayRules> = {
  closeMinAgeSeconds: 0,
  refundMinIntervalSeconds: REFUND_MIN_INTERVAL_SECONDS,
}

/** Defaults overridden by the given values (non-negative integers only). */
export function wxpayRules(overrides: Partial<WxpayRules> = {}): WxpayRules {
  const rules = { ...DEFAULT_WXPAY_RULES, ...overrides }
  for (const [name, value] of Object.entries(rules)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`WeChat emulator: wxpayRules.${name} must be a non-negative integer`)
  }
  return rules
}
