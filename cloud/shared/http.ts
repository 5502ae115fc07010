import { CloudError } from './errors'
import { getUniCloud } from './unicloud'

/**
 * Outbound HTTP for the cloud side. Everything that talks to WeChat goes
 * through an injected `HttpClient`, so protocol code runs the same under
 * uniCloud (urllib-based `uniCloud.httpclient`), the local emulator and tests.
 * Bodies stay raw text: WeChat Pay signs the exact bytes it sends. A request
 * may ask for the raw bytes instead (a gzip bill download).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** One outbound request. */
export interface HttpRequest {
  method: HttpMethod
  headers: Record<string, string>
  body?: string
  timeoutMs: number
  /** 'bytes': answer the body as received in `bytes` (and `body` empty), never decoded as text. Default 'text'. */
  responseType?: 'text' | 'bytes'
}

/** The answer, with lower-case header names and the body as received. */
export interface HttpResponse {
  status: number
  headers: Record<string, string>
  /** The body as UTF-8 text; '' when the request asked for bytes. */
  body: string
  /** The raw body, when the request asked for bytes. */
  bytes?: Uint8Array
}

/** The one capability protocol code needs from the network. */
export interface HttpClient {
  request(url: string, request: HttpRequest): Promise<HttpResponse>
}

/** Why a request produced no response. */
export type HttpFailure = 'timeout' | 'network'

/**
 * A request that got no HTTP answer. The message names the host only: paths
 * and queries may carry tokens (`access_token=` on api.weixin.qq.com).
 */
export class HttpError extends CloudError {
  readonly failure: HttpFailure

  constructor(failure: HttpFailure, host: string, timeoutMs?: number) {
    super(
      failure === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNREACHABLE',
      failure === 'timeout' ? `request to ${host} timed out after ${timeoutMs} ms` : `request to ${host} failed`,
    )
    this.name = 'HttpError'
    this.failure = failure
  }
}

/** The part of `uniCloud.httpclient` (urllib) the adapter uses. */
export interface UniCloudHttpClient {
  request(
    url: string,
    options: {
      method: HttpMethod
      headers: Record<string, string>
      content?: string
      /** 'text': a string; absent: a Buffer (urllib's default). */
      dataType?: 'text'
      timeout: number
    },
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; data: unknown }>
}

/** The host of a URL, or a placeholder when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return '(invalid url)'
  }
}

/** Lower-case header names; multi-valued headers are joined as HTTP allows. */
export function normaliseHeaders(headers: Record<string, string | string[] | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return out
}

function isTimeout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { name, code } = error as { name?: unknown; code?: unknown }
  // urllib names them ConnectionTimeoutError / ResponseTimeoutError; sockets say ETIMEDOUT.
  return (
    (typeof name === 'string' && /timeout/i.test(name)) ||
    code === 'ETIMEDOUT' ||
    code === 'ESOCKETTIMEDOUT'
  )
}

function bodyBytes(data: unknown): Uint8Array {
  if (Buffer.isBuffer(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (data instanceof Uint8Array) return data
  if (data === undefined || data === null) return new Uint8Array(0)
  // Without dataType urllib answers a Buffer; anything else is not the raw body.
  throw new TypeError('httpclient returned a body that is not bytes')
}

function bodyText(data: unknown): string {
  if (typeof data === 'string') return data
  if (data === undefined || data === null) return ''
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  // dataType 'text' should never give anything else; do not guess a serialisation.
  throw new TypeError('httpclient returned a non-text body')
}

/**
 * An HttpClient over uniCloud's server-side `uniCloud.httpclient.request`
 * (resolved at call time unless one is passed in).
 */
export function createUniCloudHttpClient(httpclient?: UniCloudHttpClient): HttpClient {
  return {
    async request(url, { method, headers, body, timeoutMs, responseType = 'text' }) {
      const client: UniCloudHttpClient = httpclient ?? getUniCloud().httpclient
      let answer: Awaited<ReturnType<UniCloudHttpClient['request']>>
      try {
        answer = await client.request(url, {
          method,
          headers,
          ...(body === undefined ? {} : { content: body }),
          ...(responseType === 'text' ? { dataType: 'text' as const } : {}),
          timeout: timeoutMs,
        })
      } catch (error) {
        throw new HttpError(isTimeout(error) ? 'timeout' : 'network', hostOf(url), timeoutMs)
      }
      const responseHeaders = normaliseHeaders(answer.headers)
      if (responseType === 'bytes') return { status: answer.status, headers: responseHeaders, body: '', bytes: bodyBytes(answer.data) }
      return { status: answer.status, headers: responseHeaders, body: bodyText(answer.data) }
    },
  }
}

/** How `withRetry` decides and waits. */
export interface RetryOptions {
  /** Extra attempts after the first one (0 = no retry). */
  retries: number
  /** Delay before the first retry; doubles on each further retry. */
  baseDelayMs: number
  /** Cap on one delay. */
  maxDelayMs?: number
  /** Whether this error, thrown by attempt `attempt` (0-based), is worth another try. */
  shouldRetry: (error: unknown, attempt: number) => boolean
  sleep?: (ms: number) => Promise<void>
  /** A number in [0, 1) for jitter; not security sensitive. */
  random?: () => number
}

/** The wait before retry number `retry` (0-based): exponential, capped, half of it jittered. */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Run `fn`, retrying thrown errors that `shouldRetry` accepts, with back-off and jitter. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { retries, baseDelayMs, maxDelayMs = 10_000, shouldRetry, sleep = realSleep, random = Math.random } = options
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (error) {
      if (attempt >= retries || !shouldRetry(error, attempt)) throw error
      await sleep(backoffDelay(attempt, baseDelayMs, maxDelayMs, random))
    }
  }
}
