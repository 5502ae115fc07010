import { addDays, beijingDate, beijingDayRange } from '../shared/beijing-time'
import type { ReconciliationRecord } from './reconciliation-records'

/**
 * Which bill dates exist and when (docs/wechat-pay-merchant.md): a bill covers
 * one Beijing day, is made after 10:00 Beijing time the next day, can be had
 * for three months; a bill still being made (STATEMENT_CREATING) is asked for
 * again every half hour. The timer's choice of days is a pure function of the
 * clock and the days already recorded.
 */

/** WeChat Pay makes the previous day's bill after this hour (Beijing time). */
export const BILL_READY_HOUR = 10
/** The console may run any of the last this many days again (WeChat Pay keeps bills three months). */
export const RERUN_WINDOW_DAYS = 90
/** The timer looks after this many days back from the newest bill: days missed, not ready, or failed. */
export const TIMER_WINDOW_DAYS = 7
/** A bill not ready yet is asked for again after this (WeChat Pay's FAQ: every half hour). */
export const NOT_READY_RETRY_MS = 30 * 60_000
/** A failed day waits this long after its first failure, doubling with each further one, up to FAILED_RETRY_MAX_MS. */
export const FAILED_RETRY_MS = 30 * 60_000
export const FAILED_RETRY_MAX_MS = 12 * 3600_000

/** The newest bill WeChat Pay has made by `now`: yesterday's from 10:00 Beijing time, else the day before's. */
export function newestBillDate(now: number): string {
  const today = beijingDate(now)
  const readyAt = beijingDayRange(today).start + BILL_READY_HOUR * 3600_000
  return addDays(today, now >= readyAt ? -1 : -2)
}

/** Whether the console may run `billDate` at `now`: today or one of the RERUN_WINDOW_DAYS before it. */
export function inRerunWindow(billDate: string, now: number): boolean {
  const today = beijingDate(now)
  return billDate <= today && billDate >= addDays(today, -RERUN_WINDOW_DAYS)
}

/** How long a day waits before the timer runs it again, by its last result. */
export function retryDelay(day: Pick<ReconciliationRecord, 'status' | 'failures'>): number | undefined {
  if (day.status === 'not-ready') return NOT_READY_RETRY_MS
  if (day.status === 'failed') return Math.min(FAILED_RETRY_MAX_MS, FAILED_RETRY_MS * 2 ** Math.max(0, (day.failures ?? 1) - 1))
  return undefined
}

/**
 * The days the timer should run at `now`, oldest first: of the
 * TIMER_WINDOW_DAYS up to the newest bill, those never run, and those not
 * ready or failed whose wait is over. A day another run holds is left alone.
 */
export function daysDue(now: number, known: ReadonlyArray<Pick<ReconciliationRecord, 'billDate' | 'status' | 'failures' | 'ranAt' | 'leaseUntil'>>): string[] {
  const newest = newestBillDate(now)
  const byDate = new Map(known.map((day) => [day.billDate, day]))
  const due: string[] = []
  for (let back = TIMER_WINDOW_DAYS - 1; back >= 0; back--) {
    const date = addDays(newest, -back)
    const day = byDate.get(date)
    if (!day) {
      due.push(date)
      continue
    }
    if (day.leaseUntil > now) continue
    const wait = retryDelay(day)
    if (wait !== undefined && day.ranAt + wait <= now) due.push(date)
  }
  return due
}

/** The window `daysDue` looks at, oldest first. */
export function timerWindow(now: number): string[] {
  const newest = newestBillDate(now)
  return Array.from({ length: TIMER_WINDOW_DAYS }, (_, i) => addDays(newest, i - TIMER_WINDOW_DAYS + 1))
}
