/**
 * Test-side tooling that knows only the official protocol: it signs merchant
 * requests, verifies WeChat Pay signatures and decrypts resources with Node's
 * crypto directly, never with the emulator's own code.
 */
import { createDecipheriv, createSign, createVerify, randomBytes, X509Certificate } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createWechatEmulator, type WechatCredentials, type WechatEmulator, type WechatEmulatorOptions } from '../../../emulators/wechat'

export interface Harness {
  emu: WechatEmulator
  url: string
  creds: WechatCredentials
  close(): Promise<void>
}

/** Start an emulator on a free port with fresh in-memory keys. */
export async function startEmulator(opts: WechatEmulatorOptions = {}): Promise<Harness> {
  const emu = await createWechatEmulator(opts)
  const { url } = await emu.listen(0)
  return { emu, url, creds: emu.credentials(), close: () => emu.close() }
}

export interface Answer {
  status: number
  headers: Headers
  raw: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any
}

async function toAnswer(response: Response): Promise<Answer> {
  const raw = await response.text()
  let parsed: unknown
  try {
    parsed = raw ? JSON.parse(raw) : undefined
  } catch {
    parsed = undefined
  }
  return { status: response.status, headers: response.headers, raw, json: parsed }
}

/** A plain HTTP call (no redirects followed). */
export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  return toAnswer(await fetch(url, { redirect: 'manual', ...init }))
}

/** A JSON call to an emulator control. */
export async function control(h: Harness, method: string, path: string, body?: unknown): Promise<Answer> {
  return call(`${h.url}/__emulator/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

/** A query string from a record. */
export function qs(params: Record<string, string>): string {
  return new URLSearchParams(params).toString()
}

/** Seconds since the epoch, as a string. */
export function nowSeconds(): string {
  return String(Math.floor(Date.now() / 1000))
}

/** SHA256withRSA, base64, with Node crypto. */
export function rsaSha256(privateKeyPem: string, message: string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKeyPem, 'base64')
}

/** The merchant's Authorization header over `METHOD\nPATH\nTS\nNONCE\nBODY\n`. */
export function authorization(
  creds: WechatCredentials,
  method: string,
  pathWithQuery: string,
  body: string,
  opts: { timestamp?: string; nonce?: string; serial?: string; mchid?: string; message?: string } = {},
): string {
  const timestamp = opts.timestamp ?? nowSeconds()
  const nonce = opts.nonce ?? randomBytes(16).toString('hex').toUpperCase()
  const message = opts.message ?? method + '\n' + pathWithQuery + '\n' + timestamp + '\n' + nonce + '\n' + body + '\n'
  const signature = rsaSha256(creds.merchant.privateKey, message)
  return (
    'WECHATPAY2-SHA256-RSA2048 ' +
    `mchid="${opts.mchid ?? creds.mchid}",nonce_str="${nonce}",signature="${signature}",` +
    `timestamp="${timestamp}",serial_no="${opts.serial ?? creds.merchant.serialNo}"`
  )
}

/** A signed APIv3 call as a merchant makes it. */
export async function wxpay(
  h: Harness,
  method: 'GET' | 'POST',
  pathWithQuery: string,
  body?: unknown,
  opts: Parameters<typeof authorization>[4] & { headers?: Record<string, string>; rawBody?: string } = {},
): Promise<Answer> {
  const raw = opts.rawBody ?? (body === undefined ? '' : JSON.stringify(body))
  return call(h.url + pathWithQuery, {
    method,
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'User-Agent': 'wechat-emulator-tests',
      Authorization: authorization(h.creds, method, pathWithQuery, raw, opts),
      ...opts.headers,
    },
    body: method === 'GET' ? undefined : raw,
  })
}

/** The public key for a Wechatpay-Serial: the WeChat Pay public key or the platform certificate's. */
export function platformKeyFor(creds: WechatCredentials, serial: string): string | undefined {
  if (serial === creds.platformPublicKey.id) return creds.platformPublicKey.publicKey
  const cert = new X509Certificate(creds.platformCertificate.certificate)
  if (serial === cert.serialNumber.toUpperCase()) return cert.publicKey.export({ type: 'spki', format: 'pem' }).toString()
  return undefined
}

/** Verify WeChat Pay's signature over `TIMESTAMP\nNONCE\nRAW_BODY\n` (plus the 300 s window). */
export function verifyWechatpay(
  creds: WechatCredentials,
  headers: Headers | Record<string, string | string[] | undefined>,
  raw: string,
): boolean {
  const get = (name: string) =>
    headers instanceof Headers ? (headers.get(name) ?? '') : String(headers[name.toLowerCase()] ?? '')
  const timestamp = get('Wechatpay-Timestamp')
  const nonce = get('Wechatpay-Nonce')
  const signature = get('Wechatpay-Signature')
  const key = platformKeyFor(creds, get('Wechatpay-Serial'))
  if (!key || signature.startsWith('WECHATPAY/SIGNTEST/')) return false
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false
  return createVerify('RSA-SHA256')
    .update(timestamp + '\n' + nonce + '\n' + raw + '\n', 'utf8')
    .verify(key, signature, 'base64')
}

// The pinned @types/node Buffer does not type-check as Uint8Array under TypeScript 5.9.
function u8(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/** AEAD_AES_256_GCM decryption with Node crypto (throws on a bad tag). */
export function decryptResource(
  apiV3Key: string,
  resource: { ciphertext: string; nonce: string; associated_data: string },
): string {
  const bytes = Buffer.from(resource.ciphertext, 'base64')
  const decipher = createDecipheriv('aes-256-gcm', u8(Buffer.from(apiV3Key)), u8(Buffer.from(resource.nonce)))
  decipher.setAAD(u8(Buffer.from(resource.associated_data)))
  decipher.setAuthTag(u8(bytes.subarray(bytes.length - 16)))
  return Buffer.concat([u8(decipher.update(u8(bytes.subarray(0, bytes.length - 16)))), u8(decipher.final())]).toString('utf8')
}

/** wx.requestPayment parameters with paySign over `appId\ntimeStamp\nnonceStr\npackage\n`. */
export function requestPayment(creds: WechatCredentials, appId: string, prepayId: string) {
  const timeStamp = nowSeconds()
  const nonceStr = randomBytes(12).toString('hex')
  const pkg = 'prepay_id=' + prepayId
  const paySign = rsaSha256(creds.merchant.privateKey, appId + '\n' + timeStamp + '\n' + nonceStr + '\n' + pkg + '\n')
  return { appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign }
}

let orderSeq = 0
/** A fresh valid out_trade_no. */
export function outTradeNo(prefix = 'T'): string {
  orderSeq += 1
  return `${prefix}${Date.now()}_${orderSeq}`.slice(0, 32)
}

/** Log a user in through the mini-program flow; returns openid and session_key. */
export async function login(h: Harness, user: string): Promise<{ openid: string; session_key: string; unionid?: string }> {
  const { json } = await control(h, 'POST', '/login/code', { user })
  const mp = h.creds.apps.mp
  const answer = await call(
    `${h.url}/sns/jscode2session?${qs({ appid: mp.appid, secret: mp.secret, js_code: json.code, grant_type: 'authorization_code' })}`,
  )
  return answer.json
}

/** A valid JSAPI order body for `openid`. */
export function jsapiBody(h: Harness, openid: string, notifyUrl: string, overrides: Record<string, unknown> = {}) {
  return {
    appid: h.creds.apps.mp.appid,
    mchid: h.creds.mchid,
    description: 'Emulator test goods',
    out_trade_no: outTradeNo(),
    notify_url: notifyUrl,
    amount: { total: 1, currency: 'CNY' },
    payer: { openid },
    ...overrides,
  }
}

export interface Received {
  path: string
  headers: http.IncomingHttpHeaders
  raw: string
  at: number
}

export interface Receiver {
  url: string
  requests: Received[]
  close(): Promise<void>
}

/** A tiny notify receiver: `answer(n)` (n = 1-based request count) decides the status. */
export async function startReceiver(answer: (n: number, req: Received) => number | Promise<number> = () => 204): Promise<Receiver> {
  const requests: Received[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const received = { path: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks.map(u8)).toString('utf8'), at: Date.now() }
      requests.push(received)
      const status = await answer(requests.length, received)
      res.writeHead(status, status === 204 ? {} : { 'Content-Type': 'application/json' })
      res.end(status === 200 || status === 204 ? undefined : JSON.stringify({ code: 'FAIL', message: 'not processed' }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/pay/notify`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** Poll until `check` is truthy. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5000,
): Promise<Exclude<T, false | 0 | '' | null | undefined>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value as Exclude<T, false | 0 | '' | null | undefined>
    if (Date.now() > deadline) throw new Error('waitFor: timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** A trade bill parsed the way a merchant parses it: lines, commas, the backtick before every value stripped. */
export interface ParsedBill {
  header: string[]
  rows: Record<string, string>[]
  summaryHeader: string[]
  summary: Record<string, string>
}

/** Parse WeChat Pay's trade bill text; throws when a value lacks its backtick or a row its columns. */
export function parseBill(text: string): ParsedBill {
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  if (lines.length < 3) throw new Error('parseBill: too few lines')
  const values = (line: string) =>
    line.split(',').map((field) => {
      if (!field.startsWith('`')) throw new Error('parseBill: a value without its backtick')
      return field.slice(1)
    })
  const record = (names: string[], line: string) => {
    const fields = values(line)
    if (fields.length !== names.length) throw new Error('parseBill: a row with the wrong number of columns')
    return Object.fromEntries(names.map((name, i) => [name, fields[i]]))
  }
  const header = lines[0].split(',')
  const summaryHeader = lines[lines.length - 2].split(',')
  return {
    header,
    rows: lines.slice(1, -2).map((line) => record(header, line)),
    summaryHeader,
    summary: record(summaryHeader, lines[lines.length - 1]),
  }
}

/** The emulator's business clock in ms. */
export async function clockNow(h: Harness): Promise<number> {
  return (await control(h, 'GET', '/clock')).json.now
}

/** Advance the emulator's business clock to at least `ms`. */
export async function advanceClockTo(h: Harness, ms: number): Promise<void> {
  const now = await clockNow(h)
  if (ms > now) await control(h, 'POST', '/clock/advance', { seconds: (ms - now) / 1000 })
}

/** The Beijing calendar day of a business time. */
export function beijingDate(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
}

/** The business time of `HH:mm:ss` Beijing time on `date`. */
export function beijingTime(date: string, time: string): number {
  return Date.parse(`${date}T${time}+08:00`)
}

/** `date` plus `days` calendar days. */
export function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10)
}

/** Move the emulator clock to the next noon, Beijing time, so a test's day has room on both sides. */
export async function advanceToNextNoon(h: Harness): Promise<string> {
  const day = plusDays(beijingDate(await clockNow(h)), 1)
  await advanceClockTo(h, beijingTime(day, '12:00:00'))
  return day
}
