/**
 * A 7-field cron matcher for uniCloud timer triggers:
 * `second minute hour day-of-month month day-of-week year`, each field `*`,
 * `a`, `a-b`, `a,b`, `x/n` (step from x or `*`); months JAN–DEC and days
 * SUN–SAT by name, weekday 0 or 7 = Sunday. A 6-field expression (Aliyun's
 * shape) is read with year `*` (package.json's 7th field is ignored on Aliyun).
 *
 * As in production (docs/unicloud.md §3): times are matched in Beijing time
 * (UTC+8, no daylight saving) although the function process itself runs in
 * UTC+0, and an expression restricting both day-of-month and day-of-week is
 * refused, as Aliyun refuses it.
 */

/** uniCloud evaluates timer triggers in UTC+8. */
export const CRON_UTC_OFFSET_MS = 8 * 3600_000

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

interface FieldSpec {
  min: number
  max: number
  names?: string[]
  nameBase?: number
}

const FIELDS: FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 7, names: DAYS, nameBase: 0 },
  { min: 1970, max: 2099 },
]

/** A parsed cron expression. */
export interface CronSchedule {
  /** Whether the schedule fires at this second. */
  matches(date: Date): boolean
}

function parseValue(text: string, spec: FieldSpec): number {
  const upper = text.toUpperCase()
  const named = spec.names?.indexOf(upper) ?? -1
  const value = named >= 0 ? named + (spec.nameBase ?? 0) : Number(text)
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) throw new Error(`cron: ${text} out of range`)
  return value
}

function parseField(text: string, spec: FieldSpec): { set: Set<number>; any: boolean } {
  const set = new Set<number>()
  const any = text === '*' || text === '?'
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/')
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron: bad step in ${part}`)
    let from: number
    let to: number
    if (range === '*' || range === '?') {
      from = spec.min
      to = spec.max
    } else if (range.includes('-')) {
      const [a, b] = range.split('-')
      from = parseValue(a, spec)
      to = parseValue(b, spec)
    } else {
      from = parseValue(range, spec)
      to = stepText === undefined ? from : spec.max
    }
    if (from > to) throw new Error(`cron: empty range ${range}`)
    for (let v = from; v <= to; v += step) set.add(v)
  }
  return { set, any }
}

/** Parse a 6- or 7-field expression; throws on a malformed one. */
export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/)
  if (parts.length === 6) parts.push('*')
  if (parts.length !== 7) throw new Error(`cron: expected 7 fields, got ${parts.length}`)
  const [sec, min, hour, dom, mon, dow, year] = parts.map((p, i) => parseField(p, FIELDS[i]))
  if (!dom.any && !dow.any) throw new Error('cron: Aliyun refuses a trigger that restricts both day-of-month and day-of-week')
  if (dow.set.has(7)) dow.set.add(0)
  return {
    matches(instant: Date): boolean {
      // The fields of Beijing wall-clock time, read through the UTC getters of a shifted date.
      const date = new Date(instant.getTime() + CRON_UTC_OFFSET_MS)
      if (!sec.set.has(date.getUTCSeconds())) return false
      if (!min.set.has(date.getUTCMinutes())) return false
      if (!hour.set.has(date.getUTCHours())) return false
      if (!mon.set.has(date.getUTCMonth() + 1)) return false
      if (!year.set.has(date.getUTCFullYear())) return false
      return dom.set.has(date.getUTCDate()) && dow.set.has(date.getUTCDay())
    },
  }
}
