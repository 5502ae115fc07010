import { describe, expect, it } from 'vitest'
import { formatDateTime } from '../../../src/utils/date-time'

describe('formatDateTime', () => {
  it.each([
    [new Date(2026, 11, 2, 5, 4, 59).getTime(), '2026-12-02 05:04'],
    [new Date(2027, 0, 31, 23, 59).getTime(), '2027-01-31 23:59'],
    [new Date(2026, 9, 10, 0, 0).getTime(), '2026-10-10 00:00'],
  ])('%s → %s (local time, zero-padded, minutes)', (ms, text) => {
    expect(formatDateTime(ms)).toBe(text)
  })
})
