import { describe, expect, it } from 'vitest'
import {
  addDays,
  beijingDate,
  beijingDayRange,
  beijingStamp,
  formatBeijingDateTime,
  formatBeijingRfc3339,
  isCalendarDate,
  lastBeijingDays,
  parseBeijingDateTime,
} from '../../../cloud/shared/beijing-time'

describe('Beijing time', () => {
  it('names the Beijing day of an instant, which starts at 16:00 UTC the day before', () => {
    expect(beijingDate(Date.UTC(2025, 0, 1, 15, 59, 59))).toBe('2025-01-01')
    expect(beijingDate(Date.UTC(2025, 0, 1, 16, 0, 0))).toBe('2025-01-02')
    expect(beijingDayRange('2025-01-02')).toEqual({ start: Date.UTC(2025, 0, 1, 16), end: Date.UTC(2025, 0, 2, 16) })
  })

  it('writes an instant as WeChat Pay, people and file names do', () => {
    const ms = Date.UTC(2018, 5, 8, 2, 34, 56, 120)
    expect(formatBeijingRfc3339(ms)).toBe('2018-06-08T10:34:56+08:00')
    expect(formatBeijingRfc3339(ms, { millis: true })).toBe('2018-06-08T10:34:56.120+08:00')
    expect(formatBeijingDateTime(Date.UTC(2025, 0, 1, 16, 30, 5))).toBe('2025-01-02 00:30:05')
    expect(beijingStamp(Date.UTC(2025, 0, 1, 16, 30, 5))).toBe('20250102003005')
  })

  it('reads `yyyy-MM-dd HH:mm:ss` as Beijing time, and nothing else', () => {
    expect(parseBeijingDateTime('2025-03-14 00:00:00')).toBe(Date.parse('2025-03-13T16:00:00Z'))
    for (const text of ['2025-03-14 24:00:00', '2025-03-14T00:00:00', '2025-02-30 12:00:00', '2025-03-14 12:60:00', '']) {
      expect(parseBeijingDateTime(text)).toBeUndefined()
    }
  })

  it.each(['2025-02-30', '2025-13-01', '2025-1-01', '', '2025-01-01T00:00'])('%j is not a calendar day', (date) => {
    expect(isCalendarDate(date)).toBe(false)
    expect(() => beijingDayRange(date)).toThrow(RangeError)
  })

  it('counts calendar days across month and year ends, leap days included', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31')
    expect(isCalendarDate('2024-02-29')).toBe(true)
  })

  it('lists the days ending today, oldest first, across a month end', () => {
    expect(lastBeijingDays(Date.UTC(2025, 2, 1, 17), 3)).toEqual([
      { date: '2025-02-28', start: Date.UTC(2025, 1, 27, 16) },
      { date: '2025-03-01', start: Date.UTC(2025, 1, 28, 16) },
      { date: '2025-03-02', start: Date.UTC(2025, 2, 1, 16) },
    ])
  })
})
