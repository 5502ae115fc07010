/**
 * `uniCloud.httpclient.request(url, options)`: real HTTP with the urllib
 * semantics uniCloud documents. Supported:
 * - `method` (default GET), `headers`, `timeout` (ms, or [connect, response]; default 5000);
 * - `data`: query string for GET/HEAD; otherwise JSON when `contentType: 'json'`,
 *   a raw body when a string or Buffer, else form-urlencoded;
 * - `content`: raw body (string or Buffer), wins over `data`;
 * - `dataType`: 'json' (parse; invalid JSON throws JSONResponseFormatError), 'text', else a Buffer;
 * - `followRedirect` (default false, as urllib).
 * Answer: `{ status, headers (lower-case), data, res: { status, statusCode, headers, data } }`.
 * Not supported: streams, `files`, `auth`, digest auth, agents, `gzip` options.
 */

export interface HttpClientOptions {
  method?: string
  headers?: Record<string, string | number | undefined>
  data?: unknown
  content?: string | Buffer
  dataType?: 'json' | 'text' | string
  contentType?: 'json' | string
  timeout?: number | [number, number]
  followRedirect?: boolean
}

export interface HttpClientResponse {
  status: number
  headers: Record<string, string>
  data: unknown
  res: { status: number; statusCode: number; headers: Record<string, string>; data: unknown }
}

/** An urllib-shaped request error (name tells timeout from network failure). */
export class HttpClientError extends Error {
  constructor(
    name: 'ResponseTimeoutError' | 'RequestError' | 'JSONResponseFormatError',
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = name
  }
}

function toForm(data: Record<string, unknown>): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined) continue
    if (Array.isArray(v)) v.forEach((item) => params.append(k, String(item)))
    else params.append(k, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))
  }
  return params.toString()
}

/** One `uniCloud.httpclient`. */
export function createHttpClient(): { request(url: string, options?: HttpClientOptions): Promise<HttpClientResponse> } {
  return {
    async request(url: string, options: HttpClientOptions = {}): Promise<HttpClientResponse> {
      const method = (options.method ?? 'GET').toUpperCase()
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(options.headers ?? {})) {
        if (v === undefined || ['content-length', 'host', 'connection'].includes(k.toLowerCase())) continue
        headers[k.toLowerCase()] = String(v)
      }
      let target = url
      let body: string | Buffer | undefined
      if (options.content !== undefined) {
        body = options.content
      } else if (options.data !== undefined) {
        if (method === 'GET' || method === 'HEAD') {
          const query = typeof options.data === 'string' ? options.data : toForm(options.data as Record<string, unknown>)
          if (query) target += (target.includes('?') ? '&' : '?') + query
        } else if (options.contentType === 'json') {
          body = JSON.stringify(options.data)
          headers['content-type'] ??= 'application/json'
        } else if (typeof options.data === 'string' || Buffer.isBuffer(options.data)) {
          body = options.data
        } else {
          body = toForm(options.data as Record<string, unknown>)
          headers['content-type'] ??= 'application/x-www-form-urlencoded'
        }
      }
      if (options.contentType === 'json') headers['content-type'] ??= 'application/json'
      const timeout = Array.isArray(options.timeout) ? options.timeout[0] + options.timeout[1] : (options.timeout ?? 5000)

      let response: Response
      try {
        response = await fetch(target, {
          method,
          headers,
          body: body === undefined ? undefined : typeof body === 'string' ? body : new Uint8Array(body),
          redirect: options.followRedirect ? 'follow' : 'manual',
          signal: AbortSignal.timeout(timeout),
        })
      } catch (error) {
        const e = error as Error
        if (e.name === 'TimeoutError' || e.name === 'AbortError') {
          throw new HttpClientError('ResponseTimeoutError', `Response timeout for ${timeout}ms`)
        }
        throw new HttpClientError('RequestError', `request failed: ${(e.cause as Error | undefined)?.message ?? e.message}`)
      }
      const raw = Buffer.from(await response.arrayBuffer())
      const resHeaders: Record<string, string> = {}
      response.headers.forEach((value, key) => {
        resHeaders[key] = value
      })
      let data: unknown = raw
      if (options.dataType === 'json') {
        const text = raw.toString('utf8')
        try {
          data = text ? JSON.parse(text) : null
        } catch {
          throw new HttpClientError('JSONResponseFormatError', `Unexpected token in JSON (status ${response.status})`, response.status)
        }
      } else if (options.dataType === 'text') {
        data = raw.toString('utf8')
      }
      return {
        status: response.status,
        headers: resHeaders,
        data,
        res: { status: response.status, statusCode: response.status, headers: resHeaders, data },
      }
    },
  }
}
