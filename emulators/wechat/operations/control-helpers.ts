import * as v from 'valibot'
import { CONTROL_PREFIX } from '../constants'
import type { EmulatorCore } from '../core'
import type { AppIdentity, AppKind } from '../identity'
import { ControlError, parseJsonBody, type Operation } from './operation'

/**
 * What every control module shares: body validation (valibot, answered as
 * `400 { error }` naming the field and the rule), the simulated-user key, and
 * the `/__emulator/v1` operation builder.
 */

export const UserKey = v.pipe(v.string(), v.minLength(1), v.maxLength(64))
export const Times = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 1)

/** Parse and validate a control's JSON body (an empty body counts as `{}`). */
export function input<TSchema extends v.GenericSchema>(schema: TSchema, raw: string): v.InferOutput<TSchema> {
  const value = raw.trim() === '' ? {} : parseJsonBody(raw, () => new ControlError(400, 'body must be JSON'))
  const result = v.safeParse(schema, value)
  if (!result.success) {
    const issues = result.issues.map((issue) => `${v.getDotPath(issue) ?? 'body'}: ${issue.message}`)
    throw new ControlError(400, issues.join('; '))
  }
  return result.output
}

/** The app a control names (or the fallback), checked to be of one of `kinds`. */
export function appOf(core: EmulatorCore, appid: string | undefined, fallback: AppIdentity, kinds: readonly AppKind[]): AppIdentity {
  const app = appid === undefined ? fallback : core.app(appid)
  if (!app) throw new ControlError(404, `unknown appid ${appid}`)
  if (!kinds.includes(app.kind)) throw new ControlError(400, `appid ${app.appid} is a ${app.kind}, expected ${kinds.join(' or ')}`)
  return app
}

/** A control under /__emulator/v1 with its one-line description (shown on the index page). */
export function control(method: Operation['method'], path: string, description: string, handle: Operation['handle']): Operation {
  return { method, path: CONTROL_PREFIX + path, host: 'emulator', description, handle }
}
