/**
 * How a cloud object is written in TypeScript and what uniCloud gives it.
 *
 * A cloud object is a plain object of methods. uniCloud calls `_before`, then
 * the method with `this` bound to a context, then `_after(error, result)`.
 * `defineCloudObject` only attaches types; the bundle's `module.exports` is the
 * object itself, exactly as uniCloud expects.
 */

/** What `this.getClientInfo()` answers (client system info plus request facts). */
export interface ClientInfo {
  uniPlatform?: string
  appId?: string
  clientIP?: string
  userAgent?: string
  requestId?: string
  source?: 'client' | 'function' | 'http' | 'timing' | 'server'
  [key: string]: unknown
}

/** What `this.getCloudInfo()` answers. */
export interface CloudInfo {
  provider: string
  spaceId: string
  functionName: string
  functionType: string
}

/** What `this.getHttpInfo()` answers for URL-ized calls. */
export interface HttpInfo {
  path: string
  httpMethod: string
  headers: Record<string, string>
  queryStringParameters: Record<string, string>
  body: string
  isBase64Encoded: boolean
}

/** The context uniCloud binds as `this` inside every method. */
export interface CloudObjectContext {
  getClientInfo(): ClientInfo
  getCloudInfo(): CloudInfo
  getUniIdToken(): string | undefined
  getMethodName(): string
  getParams(): unknown[]
  getHttpInfo(): HttpInfo | undefined
}

/**
 * How the kit's access token travels: as the last parameter of every call,
 * `{ wxkitAuth: { token } }`, after the method's own input (the client sends
 * `[input, auth]`). Not uniCloud's `uni_id_token` slot: that one belongs to
 * uni-id, and the SDK would overwrite it with any answer's `newToken`, so the
 * kit and uni-id can live in one app without logging each other out.
 */
export interface KitAuth {
  wxkitAuth: { token: string }
}

/** The kit's access token of a call (the `KitAuth` last parameter), if any. */
export function kitTokenOf(context: Pick<CloudObjectContext, 'getParams'>): string | undefined {
  const params = context.getParams() ?? []
  if (params.length < 2) return undefined
  const auth = (params[params.length - 1] as Partial<KitAuth> | null)?.wxkitAuth
  return auth && typeof auth.token === 'string' ? auth.token : undefined
}

/** A response that sets status and headers of a URL-ized call. */
export interface ComposedResponse {
  mpserverlessComposedResponse: true
  statusCode: number
  headers: Record<string, string>
  body: string
  isBase64Encoded?: boolean
}

/** The answer every public method gives once `_after` has normalised it. */
export type Answer<T> = T & { errCode: 0 }

/** Attach uniCloud's `this` type (plus the object's own per-call state) to a method table. */
export function defineCloudObject<State, T extends Record<string, unknown>>(
  methods: T & ThisType<CloudObjectContext & State & T>,
): T {
  return methods
}

type AnyMethod = (...args: never[]) => unknown

/**
 * The client-side view of a cloud object: its public methods (no `_` prefix),
 * each returning a promise of the normalised answer. The services layer uses
 * this with `import type`, so a renamed parameter breaks typecheck on both sides.
 */
export type CloudObjectClient<T> = {
  [K in keyof T as K extends `_${string}` ? never : T[K] extends AnyMethod ? K : never]: T[K] extends (
    ...args: infer A
  ) => infer R
    ? (...args: A) => Promise<Answer<Exclude<Awaited<R>, ComposedResponse>>>
    : never
}
