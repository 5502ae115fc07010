import { describe, expect, it } from 'vitest'
import { beijingDate, beijingDayStart, lastBeijingDays } from '../../../cloud/merchant/beijing-days'

describe('beijing-days', () => {
  it('names the Beijing day of an instant, which starts at 16:00 UTC the day before', () => {
    expect(beijingDate(Date.UTC(2025, 0, 1, 15, 59, 59))).toBe('2025-01-01')
    expect(beijingDate(Date.UTC(2025, 0, 1, 16, 0, 0))).toBe('2025-01-02')
    expect(beijingDayStart('2025-01-02')).toBe(Date.UTC(2025, 0, 1, 16))
  })

  it.each(['2025-02-30', '2025-13-01', '2025-1-01', '', '2025-01-01T00:00'])('refuses %j, naming the field', (date) => {
    expect(() => beijingDayStart(date, 'from')).toThrow(expect.objectContaining({ code: 'PARAM_INVALID', detail: { fields: [{ field: 'from', reason: 'wrong format' }] } }))
  })

  it('lists the days ending today, oldest first, across a month end', () => {
    const days = lastBeijingDays(Date.UTC(2025, 2, 1, 17), 3)
    expect(days).toEqual([
      { date: '2025-02-28', start: Date.UTC(2025, 1, 27, 16) },
      { date: '2025-03-01', start: Date.UTC(2025, 1, 28, 16) },
      { date: '2025-03-02', start: Date.UTC(2025, 2, 1, 16) },
    ])
  })
})
