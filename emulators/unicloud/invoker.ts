/**
 * Runs one method of a cloud object the way uniCloud does: a fresh `this` per
 * call (getClientInfo, getCloudInfo, getUniIdToken, getMethodName, getParams,
 * getHttpInfo; the object may add its own properties), then `_before`, the
 * method, `_after(error, result)`. Without `_after` an error becomes
 * `{ errCode, errMsg }`. Private and unknown methods are refused with an answer,
 * never with a stack; a call over the timeout and bodies over 2 MB are refused
 * with a system error. Each call is recorded (`InvocationRecord`): the database
 * operations it made, by kind, and the calls it made to other objects.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'
import { emptyCounts, type DbOperationCounts, type DbOperationMeter } from './db-operations'
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

/**
 * One call of a cloud object method, as the runtime ran it. In production each
 * database operation is a request to the space's database: `db` is what the
 * call paid. Calls this one made to other objects (importObject, server to
 * server) are invocations of their own, listed in `calls` with their own counts.
 */
export interface InvocationRecord {
  name: string
  method: string
  source: CallSource
  requestId: string
  /** Database operations made by this call itself (not by the calls in `calls`). */
  db: DbOperationCounts
  calls: InvocationRecord[]
  /** Wall time until the answer (ms). */
  durationMs: number
  /** False when it ended in a system error (timeout, size limit). */
  ok: boolean
}

export interface InvokerOptions {
  loader: ObjectLoader
  spaceId: string
  /** Overrides every object's own timeout. */
  timeoutMs?: number
  log: (line: string) => void
  /** Counts the database operations of each call. */
  meter?: DbOperationMeter
  /** Told of every call once it has answered (a nested call before its caller). */
  onInvocation?: (record: InvocationRecord) => void
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
  /** The call a nested call is made from (importObject runs in the caller's async context). */
  private readonly parent = new AsyncLocalStorage<InvocationRecord>()

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
    const record: InvocationRecord = {
      name: request.name,
      method: request.method,
      source: request.source,
      requestId,
      db: emptyCounts(),
      calls: [],
      durationMs: 0,
      ok: true,
    }
    this.parent.getStore()?.calls.push(record)

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
    const { meter } = this.options
    const measured = () => this.parent.run(record, () => (meter ? meter.runIn(record.db, execute) : execute()))
    try {
      const result = await Promise.race([measured(), timeout])
      if (byteLength(result) > BODY_LIMIT_BYTES) {
        throw new UniCloudSystemError(SystemErrorCodes.RESPONSE_TOO_LARGE, 'response body exceeds 2 MB')
      }
      this.options.log(`[cloud:${request.name}] ${request.method} (${request.source}) ${Date.now() - started} ms`)
      return result
    } catch (error) {
      record.ok = false
      this.options.log(`[cloud:${request.name}] ${request.method} (${request.source}) failed: ${(error as Error).message}`)
      throw error
    } finally {
      clearTimeout(timer)
      record.durationMs = Date.now() - started
      this.options.onInvocation?.(record)
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
