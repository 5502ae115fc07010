import * as v from 'valibot'
import { CloudError } from './errors'

/**
 * Validate a method's input against a valibot schema. On failure, throw
 * PARAM_INVALID naming each failing field (never echoing the values).
 */
export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input)
  if (result.success) return result.output
  const fields = result.issues.map((issue) => ({
    field: v.getDotPath(issue) ?? '(root)',
    reason: issue.message,
  }))
  const names = fields.map((f) => f.field).join(', ')
  throw new CloudError('PARAM_INVALID', `invalid parameter: ${names}`, { fields })
}
