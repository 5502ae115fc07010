import type { ComposedResponse } from './cloud-object'
import { toFailureAnswer, CloudError } from './errors'

function isComposed(value: unknown): value is ComposedResponse {
  return typeof value === 'object' && value !== null && (value as ComposedResponse).mpserverlessComposedResponse === true
}

/**
 * The shared `_after`: a success becomes `{ errCode: 0, ...result }`, a failure
 * `{ errCode, errMsg }` with a stable code. Unexpected errors are logged by
 * name and code only: their messages may carry upstream bodies or secrets.
 */
export function normaliseAnswer(objectName: string, method: string, error: unknown, result: unknown): unknown {
  if (error) {
    if (!(error instanceof CloudError)) {
      const name = error instanceof Error ? error.name : typeof error
      const code = (error as { code?: unknown })?.code
      console.error(`[${objectName}.${method}] unexpected ${name}${code ? ` (${String(code)})` : ''}`)
    }
    return toFailureAnswer(error)
  }
  if (isComposed(result)) return result
  if (result === undefined || result === null) return { errCode: 0 }
  if (typeof result !== 'object' || Array.isArray(result)) return { errCode: 0, data: result }
  return { ...(result as object), errCode: 0 }
}
