import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { redactPath } from './call-log'
import { formatBeijingTime } from './clock'
import { u8 } from './crypto/bytes'
import { CONTROL_PREFIX, PAGE_PREFIX, WechatpayHeaders } from './constants'
import type { EmulatorCore } from './core'
import { WxApiError, WxPayError, wxErrorBody, WXPAY_MESSAGE } from './errors'
import { ControlError, HOST_NAMES, operationKey, type Operation, type OpContext, type OpResult } from './operations/operation'
import { PageError, errorPage } from './pages'
import { randomHex } from './random'
import { verifyMerchantRequest } from './wxpay/authorization'
import { signedHeaders } from './wxpay/signing'

const MAX_BODY_BYTES = 1024 * 1024
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** True for `127.0.0.1:port`, `localhost`, `[::1]:port` (guards controls against DNS rebinding). */
function loopbackHost(host: string | undefined): boolean {
  if (!host) return false
  try {
    return LOOPBACK_NAMES.has(new URL(`http://${host}`).hostname)
  } catch {
    return false
  }
}

/** True for an http(s) origin on a loopback host: the dev H5 app, the emulator's own pages. */
function loopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin)
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_NAMES.has(url.hostname)
  } catch {
    return false
  }
}

interface Route {
  op: Operation
  pattern: RegExp
  names: string[]
}

function compile(op: Operation): Route {
  const names: string[] = []
  const source = op.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}(.*)$/.exec(segment)
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      names.push(param[1])
      return '([^/]+)' + param[2].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('/')
  return { op, pattern: new RegExp(`^${source}$`), names }
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) {
      try {
        out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim())
      } catch {
        // a malformed cookie is ignored, as browsers' servers do
      }
    }
  }
  return out
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        resolve(undefined)
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks.map(u8)).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * The one HTTP server behind all three production hosts (their paths do not
 * collide) plus the emulator's pages and controls. Bound to 127.0.0.1 only.
 */
export class WechatEmulatorServer {
  private readonly routes: Route[]
  private server?: http.Server
  private readonly hangs = new Set<ReturnType<typeof setTimeout>>()

  constructor(
    private readonly core: EmulatorCore,
    operations: Operation[],
  ) {
    this.routes = operations.map(compile)
  }

  /** Every operation, for fault validation and the control index. */
  operations(): Operation[] {
    return this.routes.map((route) => route.op)
  }

  /** Listen on 127.0.0.1 (port 0 = any free port). */
  listen(port = 0): Promise<{ url: string }> {
    const server = http.createServer((req, res) => void this.handle(req, res))
    this.server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        const address = server.address() as AddressInfo
        resolve({ url: `http://127.0.0.1:${address.port}` })
      })
    })
  }

  /** Stop listening, drop open connections and pending hangs. */
  async close(): Promise<void> {
    for (const timer of this.hangs) clearTimeout(timer)
    this.hangs.clear()
    const server = this.server
    if (!server) return
    this.server = undefined
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }

  private match(method: string, pathname: string): { route?: Route; params: Record<string, string>; otherMethod: boolean } {
    let otherMethod = false
    for (const route of this.routes) {
      const found = route.pattern.exec(pathname)
      if (!found) continue
      if (route.op.method !== method) {
        otherMethod = true
        continue
      }
      const params: Record<string, string> = {}
      route.names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(found[i + 1])
        } catch {
          params[name] = found[i + 1]
        }
      })
      return { route, params, otherMethod }
    }
    return { params: {}, otherMethod }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const pathWithQuery = req.url ?? '/'
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`
    let url: URL
    try {
      url = new URL(pathWithQuery, origin)
    } catch {
      this.send(res, { kind: 'json', status: 400, body: { error: 'bad request target' } }, false)
      return
    }
    const isPay = url.pathname.startsWith('/v3/')
    const isEmulator = url.pathname.startsWith(PAGE_PREFIX + '/')
    let cors: Record<string, string> = {}
    if (isEmulator) {
      // Controls hand out keys and move money: loopback peers, loopback Host, and no
      // cross-site pages (a page elsewhere could otherwise POST to them).
      const requestOrigin = req.headers.origin
      if (
        !LOOPBACK.has(req.socket.remoteAddress ?? '') ||
        !loopbackHost(req.headers.host) ||
        (requestOrigin !== undefined && !loopbackOrigin(requestOrigin))
      ) {
        this.send(res, { kind: 'json', status: 403, body: { error: 'emulator controls are loopback-only' } }, false)
        return
      }
      if (requestOrigin) {
        cors = {
          'Access-Control-Allow-Origin': requestOrigin,
          'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
          'Access-Control-Allow-Headers': 'Content-Type',
          'Access-Control-Max-Age': '600',
          Vary: 'Origin',
        }
      }
      if (method === 'OPTIONS') {
        req.resume()
        this.send(res, { kind: 'empty', status: 204 }, false, cors)
        return
      }
    }
    let rawBody: string | undefined
    try {
      rawBody = await readBody(req)
    } catch {
      return
    }
    if (rawBody === undefined) {
      this.send(res, { kind: 'json', status: 413, body: { error: 'request body too large' } }, false)
      return
    }

    const { route, params, otherMethod } = this.match(method, url.pathname)
    if (!route) {
      const status = otherMethod ? 405 : 404
      const body = isPay
        ? { code: 'NOT_FOUND', message: otherMethod ? '请求方法错误' : '资源不存在' }
        : isEmulator
          ? { error: otherMethod ? `method ${method} not allowed` : `no emulator route ${url.pathname}`, index: CONTROL_PREFIX }
          : { errcode: -1, errmsg: `not emulated: ${method} ${url.pathname}` }
      this.send(res, { kind: 'json', status, body }, isPay, cors)
      return
    }

    const op = route.op
    const production = op.host !== 'emulator'
    const ctx: OpContext = {
      core: this.core,
      req,
      method,
      url,
      pathWithQuery,
      rawBody,
      params,
      origin,
      cookies: parseCookies(req.headers.cookie),
    }
    let faultName: string | undefined
    let result: OpResult
    try {
      const fault = production ? this.core.faults.takeEndpoint([operationKey(op), op.path]) : undefined
      if (fault?.action.type === 'hang') {
        faultName = `hang ${fault.action.ms}ms`
        await this.hang(fault.action.ms)
      } else if (fault?.action.type === 'wx') {
        faultName = `errcode ${fault.action.errcode}`
        throw new WxApiError(fault.action.errcode, fault.action.errmsg)
      } else if (fault?.action.type === 'wxpay' && !fault.action.applied) {
        faultName = fault.action.code
        throw new WxPayError(
          fault.action.code,
          fault.action.message ?? WXPAY_MESSAGE[fault.action.code] ?? fault.action.code,
          undefined,
          fault.action.status,
        )
      }
      if (op.host === 'wxpayApi') verifyMerchantRequest(this.core, req, pathWithQuery, rawBody)
      result = await op.handle(ctx)
      if (fault?.action.type === 'wxpay' && fault.action.applied) {
        // The operation took effect; only its answer is lost to the error (an "unknown outcome").
        faultName = `${fault.action.code} (applied)`
        const { code, message, status } = fault.action
        throw new WxPayError(code, message ?? WXPAY_MESSAGE[code] ?? code, undefined, status)
      }
    } catch (error) {
      result = this.failure(error, op)
    }
    if (production) this.record(method, pathWithQuery, op, result, faultName)
    // A client that gave up during a hang fault has gone; the operation still took effect.
    const signed = op.host === 'wxpayApi' && !(result.kind === 'bytes' && result.unsigned)
    if (!res.destroyed) this.send(res, result, signed, cors)
  }

  private hang(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.hangs.delete(timer)
        resolve()
      }, ms)
      this.hangs.add(timer)
    })
  }

  private failure(error: unknown, op: Operation): OpResult {
    if (error instanceof WxApiError) return { kind: 'json', status: 200, body: error.body() }
    if (error instanceof WxPayError) return { kind: 'json', status: error.status, body: error.body() }
    if (error instanceof ControlError) return { kind: 'json', status: error.status, body: { error: error.message } }
    if (error instanceof PageError) return { kind: 'html', status: 200, html: errorPage(error) }
    // Unexpected: report the kind of failure only, never the request.
    this.core.options.log?.(`[wechat] internal error in ${operationKey(op)}: ${(error as Error)?.message ?? 'unknown'}`)
    if (op.host === 'wxpayApi') return { kind: 'json', status: 500, body: { code: 'SYSTEM_ERROR', message: '系统错误' } }
    if (op.host === 'emulator') return { kind: 'json', status: 500, body: { error: 'internal emulator error' } }
    return { kind: 'json', status: 200, body: wxErrorBody(-1) }
  }

  private send(res: ServerResponse, result: OpResult, signed: boolean, extra: Record<string, string> = {}): void {
    const headers: Record<string, string> = { 'Cache-Control': 'no-store', ...extra, ...('headers' in result ? result.headers : {}) }
    let status: number
    let body: string | Uint8Array = ''
    switch (result.kind) {
      case 'json':
        status = result.status
        body = JSON.stringify(result.body)
        headers['Content-Type'] = 'application/json; charset=utf-8'
        break
      case 'empty':
        status = result.status
        break
      case 'html':
        status = result.status
        body = result.html
        headers['Content-Type'] = 'text/html; charset=utf-8'
        break
      case 'redirect':
        status = 302
        headers.Location = result.location
        break
      case 'raw':
        status = result.status
        body = result.body
        headers['Content-Type'] = result.contentType
        break
      case 'bytes':
        status = result.status
        body = result.body
        headers['Content-Type'] = result.contentType
        break
    }
    if (signed && typeof body === 'string') {
      Object.assign(headers, signedHeaders(this.core.responseKey(), this.core.clock.wallSeconds(), body))
      headers[WechatpayHeaders.requestId] = randomHex(32).toUpperCase()
    }
    headers['Content-Length'] = String(Buffer.byteLength(body))
    res.writeHead(status, headers)
    res.end(body)
  }

  private record(method: string, pathWithQuery: string, op: Operation, result: OpResult, fault?: string): void {
    const status = result.kind === 'redirect' ? 302 : result.status
    const body = result.kind === 'json' ? (result.body as { errcode?: unknown; code?: unknown }) : undefined
    this.core.log.add({
      kind: 'call',
      at: formatBeijingTime(this.core.clock.now()),
      host: HOST_NAMES[op.host],
      method,
      path: redactPath(pathWithQuery),
      endpoint: operationKey(op),
      status,
      ...(typeof body?.errcode === 'number' && body.errcode !== 0 ? { errcode: body.errcode } : {}),
      ...(typeof body?.code === 'string' && status >= 400 ? { code: body.code } : {}),
      ...(fault ? { fault } : {}),
    })
  }
}
