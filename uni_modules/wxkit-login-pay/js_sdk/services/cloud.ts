import type { KitAuth } from '../cloud-api'
import { renewSession, storedAccessToken } from './session'

/** The shape of an error thrown by the uniCloud client SDK for a failed call. */
export interface CloudCallError {
  errCode: string | number
  errMsg: string
}

/** True when `e` is an error answered by a cloud object (not a network failure). */
export function isCloudCallError(e: unknown): e is CloudCallError {
  return typeof e === 'object' && e !== null && 'errCode' in e && 'errMsg' in e
}

type RawObject = Record<string, (...args: unknown[]) => Promise<unknown>>

/** `uniCloud.importObject` itself: the only call of it in the app. */
export function rawCloudObject(name: string): RawObject {
  // customUI: pages show their own loading and error states.
  return uniCloud.importObject(name, { customUI: true }) as unknown as RawObject
}

/**
 * A call's parameters as the kit's objects read them: the method's input (or
 * `{}`), then the kit's access token (`KitAuth`) when this device has one.
 */
export function callParams(args: unknown[]): unknown[] {
  const token = storedAccessToken()
  const input = args.length > 0 ? args : [{}]
  return token ? [...input, { wxkitAuth: { token } } satisfies KitAuth] : input
}

/**
 * A typed cloud object. Created lazily, so modules can be imported where
 * uniCloud does not exist (unit tests). Every call carries the kit's token
 * (`callParams`). When a call fails with TOKEN_EXPIRED,
 * the session is renewed once (single flight: parallel calls wait for the
 * same renewal) and the call is replayed once.
 */
export function cloudObject<Api extends object>(name: string): Api {
  let instance: RawObject | undefined
  return new Proxy({} as Api, {
    get(_target, method) {
      if (typeof method !== 'string' || method === 'then') return undefined
      return async (...args: unknown[]) => {
        instance ??= rawCloudObject(name)
        try {
          return await instance[method](...callParams(args))
        } catch (error) {
          if (!isCloudCallError(error) || error.errCode !== 'TOKEN_EXPIRED') throw error
          await renewSession()
          return instance[method](...callParams(args))
        }
      }
    },
  })
}
