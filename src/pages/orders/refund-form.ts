import { formatFen, yuanTextToFen } from '../../../uni_modules/wxkit-login-pay/js_sdk/utils/money'

/** The longest refund reason the pay object keeps (cloud/pay/refunds.ts REFUND_REASON_MAX_LENGTH). */
export const REFUND_REASON_MAX_LENGTH = 80

/** What the refund form makes of the amount typed: fen to ask for, or what to tell the buyer. */
export type RefundAmountCheck = { ok: true; fen: number } | { ok: false; message: string }

// A Chinese keyboard may type full-width digits and points (１０．５): they mean the same amount.
const FULL_WIDTH = /[０-９．]/g

/** The amount as typed, made plain: no spaces, half-width digits, no leading ¥. */
function normalise(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(FULL_WIDTH, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30)))
    .replace(/^[¥￥]/, '')
}

/**
 * Check the yuan typed into the refund form against what the order still has to
 * refund (`refundable`, fen): more than 0, at most `refundable`, at most two
 * decimals. The server checks again; this saves the buyer a round trip.
 */
export function checkRefundAmount(text: string, refundable: number): RefundAmountCheck {
  const plain = normalise(text)
  if (plain === '') return { ok: false, message: '请输入退款金额' }
  if (/^\d*\.\d{3,}$/.test(plain)) return { ok: false, message: '金额最多两位小数' }
  const fen = yuanTextToFen(plain)
  if (fen === undefined) return { ok: false, message: '请输入正确的金额，如 10.00' }
  if (fen === 0) return { ok: false, message: '退款金额须大于 0' }
  if (fen > refundable) return { ok: false, message: `最多可退 ${formatFen(refundable)}` }
  return { ok: true, fen }
}

/** The reason as it will be sent (trimmed), or what is wrong with it. */
export function checkRefundReason(text: string): { ok: true; reason: string } | { ok: false; message: string } {
  const reason = text.trim()
  if (reason === '') return { ok: false, message: '请填写退款原因' }
  // The server counts as JavaScript does (UTF-16 code units), so the form does too.
  if (reason.length > REFUND_REASON_MAX_LENGTH) return { ok: false, message: `退款原因最多 ${REFUND_REASON_MAX_LENGTH} 字` }
  return { ok: true, reason }
}
