/** Format an integer amount in fen as yuan, e.g. 6800 → "¥68.00". Integer arithmetic only. */
export function formatFen(fen: number): string {
  if (!Number.isInteger(fen)) throw new TypeError('amount must be an integer number of fen')
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Format an integer amount in fen as plain yuan for an input field, e.g. 1050 → "10.50" (no sign, no ¥). */
export function fenToYuanText(fen: number): string {
  if (!Number.isInteger(fen) || fen < 0) throw new TypeError('amount must be a non-negative integer number of fen')
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}

/** Yuan written with at most two decimals: "12", "12.", "12.5", "12.50", ".5". */
const YUAN = /^(\d{0,9})(?:\.(\d{0,2}))?$/

/**
 * Parse yuan written as digits with at most two decimals ("12.5" → 1250) into
 * integer fen, by reading the digits, never through a float (0.1 + 0.2 is not
 * 0.3). Undefined for anything else: signs, exponents, a third decimal, more
 * than nine digits before the point, no digit at all.
 */
export function yuanTextToFen(text: string): number | undefined {
  const match = YUAN.exec(text)
  if (!match) return undefined
  const [, whole, decimals = ''] = match
  if (whole === '' && decimals === '') return undefined
  return Number(whole || '0') * 100 + Number(decimals.padEnd(2, '0'))
}
