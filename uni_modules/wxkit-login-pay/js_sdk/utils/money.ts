/** Format an integer amount in fen as yuan, e.g. 6800 → "¥68.00". Integer arithmetic only. */
export function formatFen(fen: number): string {
  if (!Number.isInteger(fen)) throw new TypeError('amount must be an integer number of fen')
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}
