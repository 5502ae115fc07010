/**
 * The runtime's HTTP server: loopback only, a small route table, bodies read
 * whole as raw bytes (signatures depend on them) with a per-route limit, CORS
 * for the routes a browser build calls (so an H5 dev server on another port can
 * reach them), and errors answered in the gateway's shape.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { bytes } from './bytes'
import { gatewayErrorBody, SystemErrorCodes, UniCloudSystemError } from './errors'

/** A request as the handlers see it. */
export interface IncomingRequest {
  method: string
  url: URL
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>
  body: Buffer
  clientIP: string
}

/** A handler's answer. */
export interface HttpAnswer {
  status: number
  headers?: Record<string, string>
  body?: string | Buffer
}

/** One route. */
export interface Route {
  /** Whether this route takes the request (method and path). */
  match(method: string, pathname: string): boolean
  /** Answer CORS preflights and add CORS headers. */
  cors: boolean
  bodyLimit: number
  handle(request: IncomingRequest): Promise<HttpAnswer>
}

/** JSON answer helper. */
export function jsonAnswer(status: number, value: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) }
}

/** The gateway-shaped answer for an error thrown by a handler. */
export function errorAnswer(error: unknown): HttpAnswer {
  const system =
    error instanceof UniCloudSystemError ? error : new UniCloudSystemError(SystemErrorCodes.SYSTEM_ERROR, 'internal error of the local runtime')
  return jsonAnswer(system.httpStatus, gatewayErrorBody(system))
}

function corsHeaders(req: http.IncomingMessage): Record<string, string> {
  const origin = req.headers.origin
  return {
    'access-control-allow-origin': origin ?? '*',
    vary: 'Origin',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers':
      req.headers['access-control-request-headers'] ?? 'content-type, x-serverless-sign, x-basement-token, x-oss-server-side-encrpytion',
    'access-control-expose-headers': 'request-id',
    'access-control-max-age': '600',
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    let size = 0
    let over = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) over = true
      // Past the limit the rest is drained, not kept, so the client still reads the 413.
      if (!over) chunks.push(bytes(chunk))
    })
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function lowerHeaders(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  }
  return out
}

/** The HTTP server of one runtime. */
export class RuntimeServer {
  private server: http.Server | undefined

  constructor(
    private readonly routes: Route[],
    private readonly log: (line: string) => void,
  ) {}

  /** Listen on 127.0.0.1; resolves to the base URL. */
  async listen(port: number): Promise<string> {
    if (this.server) throw new Error('already listening')
    const server = http.createServer((req, res) => {
      this.dispatch(req, res).catch((error: Error) => {
        this.log(`[unicloud] request failed: ${error.stack ?? error.message}`)
        if (!res.headersSent) res.writeHead(500).end()
        else res.destroy()
      })
    })
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  /** Stop listening and drop open connections. */
  async close(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = undefined
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase()
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const pathname = url.pathname
    const preflight =
      method === 'OPTIONS' ? this.routes.find((r) => r.cors && (r.match('POST', pathname) || r.match('GET', pathname))) : undefined
    const route = preflight ?? this.routes.find((r) => r.match(method, pathname))
    const cors = route?.cors ? corsHeaders(req) : {}
    let answer: HttpAnswer
    if (!route) {
      await readBody(req, 0)
      answer = errorAnswer(new UniCloudSystemError(SystemErrorCodes.NOT_FOUND, `no route for ${method} ${pathname}`))
    } else if (preflight) {
      await readBody(req, 0)
      answer = { status: 204 }
    } else {
      const body = await readBody(req, route.bodyLimit)
      if (!body) {
        answer = errorAnswer(new UniCloudSystemError(SystemErrorCodes.REQUEST_TOO_LARGE, 'request body exceeds the limit'))
      } else {
        const clientIP = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '')
        try {
          answer = await route.handle({ method, url, headers: lowerHeaders(req), body, clientIP })
        } catch (error) {
          if (!(error instanceof UniCloudSystemError)) this.log(`[unicloud] ${method} ${pathname} failed: ${(error as Error)?.stack ?? String(error)}`)
          answer = errorAnswer(error)
        }
      }
    }
    const headers = { ...cors, ...(answer.headers ?? {}) }
    const noBody = answer.status === 204 || answer.status === 304 || method === 'HEAD'
    const body = noBody || answer.body === undefined ? undefined : Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(answer.body)
    if (body) headers['content-length'] = String(body.length)
    res.writeHead(answer.status, headers)
    res.end(body)
  }
}
