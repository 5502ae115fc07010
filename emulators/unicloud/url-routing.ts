/**
 * URL-ized cloud objects: an object whose package.json sets
 * `cloudfunction-config.path` ('/pay') answers `ANY /pay/<method>[/more]?q=…`.
 * The query object (string values) is the first parameter; the raw body is only
 * in `getHttpInfo().body`, as text for text content types and base64 (with
 * `isBase64Encoded: true`) otherwise, byte for byte as received.
 * `getHttpInfo().path` is the part after the object's path, as Aliyun's event.path.
 * A string answers text/plain, an object JSON, and
 * `{ mpserverlessComposedResponse: true, statusCode, headers, body, isBase64Encoded? }`
 * exactly that status, those headers and that body.
 */
import type { CallRequest, HttpInfo } from './invoker'
import type { ObjectLoader } from './object-loader'
import { jsonAnswer, type HttpAnswer, type IncomingRequest } from './server'

/** A URL-ized object matched by path. */
export interface UrlizedMatch {
  name: string
  /** The path after the object's own path ('' or '/method/…'). */
  rest: string
}

const TEXT_TYPE = /^text\/|[/+]json|[/+]xml|x-www-form-urlencoded|javascript/i

/** The URL-ized object owning a path (longest configured prefix wins). */
export function matchUrlized(loader: ObjectLoader, pathname: string): UrlizedMatch | undefined {
  let best: UrlizedMatch | undefined
  let bestLength = -1
  for (const name of loader.list()) {
    const prefix = loader.readConfig(name).path
    if (!prefix) continue
    const root = prefix === '/' ? '' : prefix
    if (pathname !== root && !pathname.startsWith(`${root}/`)) continue
    if (root.length > bestLength) {
      best = { name, rest: pathname.slice(root.length) }
      bestLength = root.length
    }
  }
  return best
}

/** Build the call for a URL-ized request. */
export function toUrlizedCall(request: IncomingRequest, match: UrlizedMatch, requestId: string): CallRequest {
  const segments = match.rest.split('/').filter(Boolean)
  let method = ''
  try {
    method = segments.length ? decodeURIComponent(segments[0]) : ''
  } catch {
    method = segments[0]
  }
  const query: Record<string, string> = {}
  request.url.searchParams.forEach((value, key) => {
    query[key] = value
  })
  const contentType = request.headers['content-type'] ?? ''
  const isText = request.body.length === 0 || TEXT_TYPE.test(contentType)
  const httpInfo: HttpInfo = {
    path: match.rest || '/',
    httpMethod: request.method,
    headers: { ...request.headers },
    queryStringParameters: query,
    body: isText ? request.body.toString('utf8') : request.body.toString('base64'),
    isBase64Encoded: !isText,
  }
  return {
    name: match.name,
    method,
    params: [query],
    source: 'http',
    clientInfo: {},
    uniIdToken: request.headers['uni-id-token'],
    httpInfo,
    requestId,
    clientIP: request.clientIP,
    userAgent: request.headers['user-agent'] ?? '',
  }
}

function isComposed(value: unknown): value is {
  mpserverlessComposedResponse: true
  statusCode?: number
  headers?: Record<string, unknown>
  body?: unknown
  isBase64Encoded?: boolean
} {
  return !!value && typeof value === 'object' && (value as Record<string, unknown>).mpserverlessComposedResponse === true
}

/** Turn a method's answer into the HTTP response. */
export function toHttpAnswer(result: unknown, requestId: string): HttpAnswer {
  if (isComposed(result)) {
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(result.headers ?? {})) if (v !== undefined && v !== null) headers[k.toLowerCase()] = String(v)
    const raw = result.body
    const text = raw === undefined || raw === null ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw)
    return {
      status: typeof result.statusCode === 'number' ? result.statusCode : 200,
      headers,
      body: result.isBase64Encoded ? Buffer.from(text, 'base64') : text,
    }
  }
  if (typeof result === 'string') {
    return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'request-id': requestId }, body: result }
  }
  if (result === undefined) return { status: 200, headers: { 'request-id': requestId }, body: '' }
  return jsonAnswer(200, result, { 'request-id': requestId })
}
