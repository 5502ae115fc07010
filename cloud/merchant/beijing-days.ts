import { CloudError } from '../shared/errors'

/**
 * Calendar days as the merchant counts them: Beijing days (UTC+8, no DST),
 * whatever zone the function runs in (Aliyun's is UTC+0). A day is named
 * `YYYY-MM-DD` and spans [start, start + 24 h) in milliseconds.
 */

const BEIJING_OFFSET_MS = 8 * 3600_000
export const DAY_MS = 24 * 3600_000
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** The Beijing day `ms` falls on, as `YYYY-MM-DD`. */
export function beijingDate(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10)
}

/** When the Beijing day `date` (`YYYY-MM-DD`) starts (ms); PARAM_INVALID for a date that does not exist. */
export function beijingDayStart(date: string, field = 'date'): number {
  const match = DATE.exec(date)
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN
  // Date.UTC rolls 2025-02-30 over into March: the round trip catches it.
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new CloudError('PARAM_INVALID', `invalid parameter: ${field}`, { fields: [{ field, reason: 'wrong format' }] })
  }
  return ms - BEIJING_OFFSET_MS
}

/** The `count` Beijing days ending with the one `now` falls on, oldest first. */
export function lastBeijingDays(now: number, count: number): Array<{ date: string; start: number }> {
  const todayStart = beijingDayStart(beijingDate(now))
  return Array.from({ length: count }, (_, i) => {
    const start = todayStart - (count - 1 - i) * DAY_MS
    return { date: beijingDate(start), start }
  })
}
