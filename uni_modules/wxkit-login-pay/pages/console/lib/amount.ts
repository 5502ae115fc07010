/**
 * The refund form's amount: yuan as the merchant types it ("12", "12.5",
 * "12.50", "¥12.50"), checked and turned into integer fen without floating
 * point (0.1 + 0.2 must not become 30.000000000000004 fen).
 */

/** Why an amount was refused, in the merchant's words; or the fen. */
export type AmountResult = { ok: true; fen: number } | { ok: false; message: string }

const YUAN = /^(\d{1,9})(?:\.(\d{1,2}))?$/

/** Parse `text` (yuan) into fen, at least 0.01 and at most `maxFen`. */
export function parseYuan(text: string, maxFen: number): AmountResult {
  const cleaned = text.trim().replace(/^[¥￥]\s*/, '')
  if (!cleaned) return { ok: false, message: '请输入退款金额' }
  const match = YUAN.exec(cleaned)
  if (!match) return { ok: false, message: '金额格式不正确，最多两位小数' }
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  if (fen < 1) return { ok: false, message: '退款金额至少 0.01 元' }
  if (fen > maxFen) return { ok: false, message: `退款金额不能超过可退金额 ${(maxFen / 100).toFixed(2)} 元` }
  return { ok: true, fen }
}
