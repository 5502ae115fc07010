import type { CloudObjectClient } from '../../cloud/shared/cloud-object'

/**
 * The one place in the app that calls `uniCloud.importObject`. Objects are
 * created lazily, on the first call, so modules can be imported where
 * uniCloud does not exist (unit tests).
 */
export function cloudObject<T>(name: string): CloudObjectClient<T> {
  let instance: Record<string, (...args: unknown[]) => Promise<unknown>> | undefined
  return new Proxy({} as CloudObjectClient<T>, {
    get(_target, method) {
      if (typeof method !== 'string' || method === 'then') return undefined
      return (...args: unknown[]) => {
        // customUI: pages show their own loading and error states.
        instance ??= uniCloud.importObject(name, { customUI: true }) as unknown as typeof instance
        return instance![method](...args)
      }
    },
  })
}

/** The shape of an error thrown by the uniCloud client SDK for a failed call. */
export interface CloudCallError {
  errCode: string | number
  errMsg: string
}

/** True when `e` is an error answered by a cloud object (not a network failure). */
export function isCloudCallError(e: unknown): e is CloudCallError {
  return typeof e === 'object' && e !== null && 'errCode' in e && 'errMsg' in e
}
