/**
 * Runs one method of a cloud object the way uniCloud does: a fresh `this` per
 * call (getClientInfo, getCloudInfo, getUniIdToken, getMethodName, getParams,
 * getHttpInfo; the object may add its own properties), then `_before`, the
 * method, `_after(error, result)`. Without `_after` an error becomes
 * `{ errCode, errMsg }`. Private and unknown methods are refused with an answer,
 * never with a stack; a call over the timeout and bodies over 2 MB are refused
 * with a system error.
 */
import { randomUUID } from 'node:crypto'
import {
  executeFailedAnswer,
  methodNotFoundAnswer,
  SystemErrorCodes,
  UniCloudSystemError,
} from './errors'
import type { ClientInfo, HttpInfo } from '../../cloud/shared/cloud-object'
import type { ObjectLoader } from './object-loader'

/** Who called: uniCloud's `getClientInfo().source` (the contract the cloud code is typed against). */
export type CallSource = NonNullable<ClientInfo['source']>

/** What `this.getHttpInfo()` answers for URL-ized calls: the same contract the cloud code reads. */
export type { HttpInfo }

/** One call. */
export interface CallRequest {
  name: string
  method: string
  params: unknown[]
  source: CallSource
  clientInfo?: Record<string, unknown>
  uniIdToken?: string
  httpInfo?: HttpInfo
  requestId?: string
  clientIP?: string
  userAgent?: string
}

export interface InvokerOptions {
  loader: ObjectLoader
  spaceId: string
  /** Overrides every object's own timeout. */
  timeoutMs?: number
  log: (line: string) => void
}

/** Aliyun's limit on request and response bodies. */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024
const DEFAULT_TIMEOUT_S = 60

type Fn = (this: unknown, ...args: unknown[]) => unknown

function byteLength(value: unknown): number {
  if (value === undefined) return 0
  const text = JSON.stringify(value)
  return text === undefined ? 0 : Buffer.byteLength(text)
}

/** True for methods the object defines itself (never Object.prototype's toString and friends). */
function isOwnMethod(exported: object, name: string): boolean {
  for (let o: object | null = exported; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    if (Object.prototype.hasOwnProperty.call(o, name)) return name !== 'constructor'
  }
  return false
}

/** Runs cloud object methods. */
export class Invoker {
  constructor(private readonly options: InvokerOptions) {}

  /** Run a public method (what a client, a URL or another object may call). */
  async call(request: CallRequest): Promise<unknown> {
    return this.run(request, false)
  }

  /** Run the object's `_timing` (no `_before`/`_after`, as for a timer trigger). */
  async callTiming(name: string, param: unknown): Promise<unknown> {
    return this.run({ name, method: '_timing', params: [param], source: 'timing' }, true)
  }

  private async run(request: CallRequest, timing: boolean): Promise<unknown> {
    if (byteLength(request.params) > BODY_LIMIT_BYTES) {
      throw new UniCloudSystemError(SystemErrorCodes.REQUEST_TOO_LARGE, 'request body exceeds 2 MB')
    }
    const object = this.options.loader.load(request.name)
    const target = object.exports[request.method]
    const isPublic = !request.method.startsWith('_')
    if (typeof target !== 'function' || (!timing && !isPublic) || !isOwnMethod(object.exports, request.method)) {
      return methodNotFoundAnswer(request.method)
    }
    const requestId = request.requestId ?? randomUUID()
    const context = this.createContext(request, requestId)
    const timeoutMs = this.options.timeoutMs ?? (object.config.timeout ?? DEFAULT_TIMEOUT_S) * 1000
    const started = Date.now()

    const execute = async (): Promise<unknown> => {
      if (timing) return await (target as Fn).apply(context, request.params)
      const before = object.exports._before as Fn | undefined
      const after = object.exports._after as Fn | undefined
      let error: unknown
      let result: unknown
      let failed = false
      try {
        if (typeof before === 'function') await before.call(context)
        result = await (target as Fn).apply(context, request.params)
      } catch (e) {
        failed = true
        error = e
      }
      if (typeof after === 'function') {
        try {
          return await after.call(context, failed ? error : null, result)
        } catch (e) {
          this.logError(request, e)
          return executeFailedAnswer(e)
        }
      }
      if (failed) {
        this.logError(request, error)
        return executeFailedAnswer(error)
      }
      return result
    }

    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // The method keeps running in this process; the caller gets the answer
        // uniCloud gives when the instance is stopped.
        reject(new UniCloudSystemError(SystemErrorCodes.FUNCTION_TIMEOUT, `${request.name}.${request.method} timed out after ${timeoutMs} ms`))
      }, timeoutMs)
    })
    try {
      const result = await Promise.race([execute(), timeout])
      if (byteLength(result) > BODY_LIMIT_BYTES) {
        throw new UniCloudSystemError(SystemErrorCodes.RESPONSE_TOO_LARGE, 'response body exceeds 2 MB')
      }
      this.options.log(`[cloud:${request.name}] ${request.method} (${request.source}) ${Date.now() - started} ms`)
      return result
    } catch (error) {
      this.options.log(`[cloud:${request.name}] ${request.method} (${request.source}) failed: ${(error as Error).message}`)
      throw error
    } finally {
      clearTimeout(timer)
    }
  }

  private createContext(request: CallRequest, requestId: string): Record<string, unknown> {
    const { spaceId } = this.options
    const clientInfo: Record<string, unknown> = {
      ...(request.clientInfo ?? {}),
      clientIP: request.clientIP ?? '127.0.0.1',
      userAgent: request.userAgent ?? '',
      requestId,
      source: request.source,
    }
    if (clientInfo.uniPlatform === undefined && typeof clientInfo.PLATFORM === 'string') clientInfo.uniPlatform = clientInfo.PLATFORM
    const params = request.params
    const httpInfo = request.httpInfo
    // A plain object per call: `_before` may add properties (this.user = …) that
    // the method and `_after` of the same call see, and nothing else does.
    return {
      getClientInfo: () => structuredClone(clientInfo),
      getCloudInfo: () => ({ provider: 'aliyun', spaceId, functionName: request.name, functionType: 'cloudobject' }),
      getUniIdToken: () => request.uniIdToken,
      getMethodName: () => request.method,
      getParams: () => params,
      getHttpInfo: () => (httpInfo ? structuredClone(httpInfo) : undefined),
    }
  }

  private logError(request: CallRequest, error: unknown): void {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
    this.options.log(`[cloud:${request.name}] ${request.method} threw: ${text}`)
  }
}
