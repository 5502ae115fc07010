import * as v from 'valibot'
import { CloudError } from './errors'

/**
 * Input validation of cloud-object methods. A failure names each failing field
 * and the rule it broke, and never carries the caller's value: valibot's
 * default messages end in "Received <the value>", so every issue without a
 * message of the schema's own gets one built from the rule alone (its type and
 * what the schema expects, both fixed by the schema). Field names of keys the
 * caller chose (records, odd keys) are masked, and the list is capped, so the
 * answer stays small whatever the input.
 */

/** At most this many failing fields are listed. */
export const MAX_REPORTED_FIELDS = 10
const MAX_EXPECTED_LENGTH = 100
const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/

/** What one failing field reports. */
export interface FieldIssue {
  field: string
  reason: string
}

function expectedOf(issue: v.BaseIssue<unknown>): string | undefined {
  const expected = issue.expected
  if (!expected) return undefined
  return expected.length > MAX_EXPECTED_LENGTH ? `${expected.slice(0, MAX_EXPECTED_LENGTH)}…` : expected
}

/** The reason for an issue, from its rule only (never `input` or `received`). */
export function ruleReason(issue: v.BaseIssue<unknown>): string {
  const expected = expectedOf(issue)
  const bound = typeof issue.requirement === 'number' ? String(issue.requirement) : undefined
  // Whether a value was there at all is not the value.
  if (issue.kind === 'schema') {
    if (issue.input === undefined) return 'missing'
    if (issue.type === 'picklist' || issue.type === 'literal' || issue.type === 'enum') return `not allowed: expected ${expected}`
    return `invalid type: expected ${expected ?? issue.type}`
  }
  switch (issue.type) {
    case 'min_length':
      return `too short: at least ${bound ?? expected}`
    case 'max_length':
      return `too long: at most ${bound ?? expected}`
    case 'length':
      return `wrong length: exactly ${bound ?? expected}`
    case 'min_value':
      return `too small: at least ${bound ?? expected}`
    case 'max_value':
      return `too large: at most ${bound ?? expected}`
    case 'integer':
      return 'not an integer'
    case 'regex':
      return 'wrong format'
    default:
      return expected === undefined ? `invalid: ${issue.type}` : `invalid ${issue.type}: expected ${expected}`
  }
}

function fieldOf(issue: v.BaseIssue<unknown>): string {
  if (!issue.path?.length) return '(root)'
  return issue.path
    .map((item) => {
      if (item.type === 'array' && typeof item.key === 'number') return String(item.key)
      // Keys of an object schema are the schema's; anything else the caller may have chosen.
      if (item.type === 'object' && typeof item.key === 'string' && SAFE_KEY.test(item.key)) return item.key
      return '*'
    })
    .join('.')
}

/**
 * Validate a method's input against a valibot schema. On failure, throw
 * PARAM_INVALID naming each failing field and rule (never echoing the values).
 */
export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  // abortPipeEarly: a value that is already too long is not also run through regexes and checks.
  const result = v.safeParse(schema, input, { abortPipeEarly: true, message: ruleReason })
  if (result.success) return result.output
  const fields: FieldIssue[] = []
  for (const issue of result.issues) {
    const field = fieldOf(issue)
    if (fields.some((known) => known.field === field)) continue
    if (fields.length === MAX_REPORTED_FIELDS) break
    fields.push({ field, reason: issue.message })
  }
  const names = fields.map((f) => f.field).join(', ')
  throw new CloudError('PARAM_INVALID', `invalid parameter: ${names}`, { fields })
}
