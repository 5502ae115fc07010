import type { IncomingMessage } from 'node:http'
import type { EmulatorCore } from '../core'

/** Which production host an operation belongs to, or the emulator's own controls and pages. */
export type Host = 'weixinApi' | 'weixinOpen' | 'wxpayApi' | 'emulator'

/** The production host name behind each Host (what the call log and the index show). */
export const HOST_NAMES: Readonly<Record<Host, string>> = {
  weixinApi: 'api.weixin.qq.com',
  weixinOpen: 'open.weixin.qq.com',
  wxpayApi: 'api.mch.weixin.qq.com',
  emulator: 'emulator',
}

/** What an operation sees of a request. */
export interface OpContext {
  core: EmulatorCore
  req: IncomingMessage
  method: string
  url: URL
  /** The request target exactly as received (what APIv3 signs). */
  pathWithQuery: string
  rawBody: string
  params: Record<string, string>
  /** `http://host:port` as the client reached the emulator. */
  origin: string
  cookies: Record<string, string>
}

/** What an operation answers; the server serialises (and for APIv3, signs) it. */
export type OpResult =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'empty'; status: number; headers?: Record<string, string> }
  | { kind: 'html'; status: number; html: string; headers?: Record<string, string> }
  | { kind: 'redirect'; location: string; headers?: Record<string, string> }
  | { kind: 'raw'; status: number; contentType: string; body: string }
  /** Binary content; `unsigned` skips the Wechatpay-* signature (WeChat Pay's bill download is not signed). */
  | { kind: 'bytes'; status: number; contentType: string; body: Uint8Array; unsigned?: boolean; headers?: Record<string, string> }

/** One endpoint, keyed by its production method and path pattern (`{name}` segments). */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  host: Host
  /** One line for the index page at `/` (what it does, not how). */
  description?: string
  /** The index page's link for a GET page that needs parameters (e.g. OAuth with real appids); undefined = no link. */
  example?: (ctx: { core: EmulatorCore; origin: string }) => string | undefined
  handle(ctx: OpContext): OpResult | Promise<OpResult>
}

/** The key faults and logs use: `METHOD /path/pattern`. */
export function operationKey(op: Operation): string {
  return `${op.method} ${op.path}`
}

/** A JSON answer. */
export function json(body: unknown, status = 200, headers?: Record<string, string>): OpResult {
  return { kind: 'json', status, body, headers }
}

/** An HTML answer. */
export function html(markup: string, status = 200, headers?: Record<string, string>): OpResult {
  return { kind: 'html', status, html: markup, headers }
}

/** A 302 redirect. */
export function redirect(location: string, headers?: Record<string, string>): OpResult {
  return { kind: 'redirect', location, headers }
}

/** An error of an emulator control: answered as `{ error }` with its status. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'ControlError'
  }
}

/** Parse a JSON body, or throw `onError()`. */
export function parseJsonBody(raw: string, onError: () => Error): unknown {
  if (raw.trim() === '') throw onError()
  try {
    return JSON.parse(raw) as unknown
  } catch {
    throw onError()
  }
}

/** Parse an application/x-www-form-urlencoded body. */
export function parseForm(raw: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(raw))
}
