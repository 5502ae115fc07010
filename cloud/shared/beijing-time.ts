/**
 * Time as WeChat, WeChat Pay and a Chinese merchant write it: Beijing time
 * (UTC+8, no daylight saving), whatever zone the function runs in (Aliyun's is
 * UTC+0). The one place the kit's cloud code turns instants into Beijing text
 * and back. A day is named `YYYY-MM-DD` and spans [start, start + 24 h).
 */

export const BEIJING_OFFSET_MS = 8 * 3600_000
export const DAY_MS = 24 * 3600_000

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** The instant as an ISO string of its Beijing wall-clock time (no zone): the base of the formats below. */
function wallClock(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString()
}

/** The Beijing day of an instant: `2025-01-02`. */
export function beijingDate(ms: number): string {
  return wallClock(ms).slice(0, 10)
}

/** `20250102003005` (yyyyMMddHHmmss), for numbers and file names. */
export function beijingStamp(ms: number): string {
  return wallClock(ms).replace(/\D/g, '').slice(0, 14)
}

/** `2025-01-02 00:30:05`, as people (receipts, the CSV export) and WeChat Pay's bill write it. */
export function formatBeijingDateTime(ms: number): string {
  return wallClock(ms).slice(0, 19).replace('T', ' ')
}

/**
 * RFC 3339 in Beijing time, as WeChat Pay and WeChat write it:
 * `2018-06-08T10:34:56+08:00`; with `millis`, `…56.120+08:00`.
 */
export function formatBeijingRfc3339(ms: number, options: { millis?: boolean } = {}): string {
  return `${wallClock(ms).slice(0, options.millis ? 23 : 19)}+08:00`
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time as an instant, or undefined when it is not a real time written so. */
export function parseBeijingDateTime(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text)
  if (!match) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number)
  if (h > 23 || mi > 59 || s > 59) return undefined
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  // Date.UTC rolls 02-30 over into March: a real calendar time comes back unchanged.
  const back = new Date(ms)
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined
  return ms - BEIJING_OFFSET_MS
}

/** Whether `text` is a calendar day that exists, written `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text)
  if (!match) return false
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  return new Date(ms).toISOString().slice(0, 10) === text
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** The instants the Beijing day `date` spans: [start, end). `date` must be a calendar day (isCalendarDate). */
export function beijingDayRange(date: string): { start: number; end: number } {
  if (!isCalendarDate(date)) throw new RangeError('not a calendar day written YYYY-MM-DD')
  const start = Date.parse(`${date}T00:00:00Z`) - BEIJING_OFFSET_MS
  return { start, end: start + DAY_MS }
}

/** The `count` Beijing days ending with the one `now` falls on, oldest first. */
export function lastBeijingDays(now: number, count: number): Array<{ date: string; start: number }> {
  const today = beijingDate(now)
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(today, i - (count - 1))
    return { date, start: beijingDayRange(date).start }
  })
}
