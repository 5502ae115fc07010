/** `POST /client` on the wire (without the SDK): envelope checks, tokens, CORS, limits, controls. */
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UniCloudRuntime } from '../../../emulators/unicloud'
import { fixtureRuntime } from './support'

const SECRET = 'wire-secret'
let runtime: UniCloudRuntime
let url: string
const clock = { t: Date.UTC(2030, 0, 1) }

beforeAll(async () => {
  ;({ runtime } = fixtureRuntime({ clientSecret: SECRET, now: () => clock.t }))
  ;({ url } = await runtime.listen(0))
})
afterAll(() => runtime.close())

// Written independently of the runtime's signer, from the SDK's algorithm.
function sign(data: Record<string, unknown>, secret = SECRET): string {
  const text = Object.keys(data)
    .sort()
    .filter((k) => data[k])
    .map((k) => `${k}=${data[k]}`)
    .join('&')
  return createHmac('md5', secret).update(text).digest('hex')
}

async function post(data: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/client`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-serverless-sign': sign(data), ...headers },
    body: JSON.stringify(data),
  })
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> }
}

async function authorize(): Promise<string> {
  const { body } = await post({ method: 'serverless.auth.user.anonymousAuthorize', params: '{}', spaceId: 'local-space', timestamp: Date.now() })
  return (body.data as { accessToken: string }).accessToken
}

function invokeEnvelope(token: string, method = 'hello', params: unknown[] = ['wire']) {
  return {
    method: 'serverless.function.runtime.invoke',
    params: JSON.stringify({ functionTarget: 'echo', functionArgs: { method, params, clientInfo: { uniPlatform: 'web' } } }),
    spaceId: 'local-space',
    timestamp: Date.now(),
    token,
  }
}

describe('POST /client', () => {
  it('authorizes anonymously and invokes with the token in body and header', async () => {
    const token = await authorize()
    expect(token).toMatch(/^[0-9a-f]{48}$/)
    const { status, headers, body } = await post(invokeEnvelope(token), { 'x-basement-token': token })
    expect(status).toBe(200)
    expect(body).toEqual({ success: true, data: { errCode: 0, greeting: 'hello, wire', warmCalls: expect.any(Number), startedBy: 'hello' } })
    expect(headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('puts the response request-id into getClientInfo().requestId', async () => {
    const token = await authorize()
    const { headers, body } = await post(invokeEnvelope(token, 'context', []), { 'x-basement-token': token })
    expect((body.data as { clientInfo: { requestId: string } }).clientInfo.requestId).toBe(headers.get('request-id'))
  })

  it.each([
    ['a wrong signature', async (token: string) => post(invokeEnvelope(token), { 'x-basement-token': token, 'x-serverless-sign': '0'.repeat(32) }), 403, 'GATEWAY_INVALID_SIGN'],
    ['no token', async () => post(invokeEnvelope('')), 401, 'GATEWAY_INVALID_TOKEN'],
    ['an unknown token', async () => post(invokeEnvelope('f'.repeat(48)), { 'x-basement-token': 'f'.repeat(48) }), 401, 'GATEWAY_INVALID_TOKEN'],
    ['a header token differing from the body', async (token: string) => post(invokeEnvelope(token), { 'x-basement-token': 'other' }), 401, 'GATEWAY_INVALID_TOKEN'],
    [
      'an unsupported method',
      async (token: string) => post({ method: 'serverless.database.query', params: '{}', spaceId: 'local-space', timestamp: 1, token }, { 'x-basement-token': token }),
      400,
      'GATEWAY_METHOD_NOT_SUPPORTED',
    ],
  ])('refuses %s', async (_name, send, status, code) => {
    const token = await authorize()
    const res = await send(token)
    expect(res.status).toBe(status)
    expect(res.body).toMatchObject({ success: false, error: { code } })
  })

  it('refuses a body that is not JSON, and one over 2 MB', async () => {
    const bad = await fetch(`${url}/client`, { method: 'POST', body: 'not json' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'GATEWAY_INVALID_REQUEST' } })
    const big = await fetch(`${url}/client`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024 + 1) })
    expect(big.status).toBe(413)
    expect(await big.json()).toMatchObject({ error: { code: 'REQUEST_TOO_LARGE' } })
  })

  it('expires access tokens after 24 hours of the runtime clock', async () => {
    const token = await authorize()
    clock.t += 24 * 3600 * 1000 + 1
    const { status, body } = await post(invokeEnvelope(token), { 'x-basement-token': token })
    expect(status).toBe(401)
    expect(body).toMatchObject({ error: { code: 'GATEWAY_INVALID_TOKEN' } })
  })

  it('answers CORS preflights and adds CORS headers, so an H5 build on another port can call it', async () => {
    const preflight = await fetch(`${url}/client`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-serverless-sign,x-basement-token' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type,x-serverless-sign,x-basement-token')
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST')
    const token = await authorize()
    const res = await fetch(`${url}/client`, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:5173', 'content-type': 'application/json', 'x-serverless-sign': sign(invokeEnvelope(token)), 'x-basement-token': token },
      body: JSON.stringify(invokeEnvelope(token)),
    })
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
    expect(res.headers.get('access-control-expose-headers')).toContain('request-id')
  })
})

describe('emulator controls under /__emulator/v1', () => {
  it('reports health', async () => {
    const res = await fetch(`${url}/__emulator/v1/health`)
    expect(await res.json()).toEqual({ status: 'ok', spaceId: 'local-space', objects: ['broken', 'cron-job', 'echo', 'files', 'hooks', 'orders', 'pay'] })
  })

  it('invokes a method as source server, and reloads objects', async () => {
    const res = await fetch(`${url}/__emulator/v1/invoke/echo/context`, { method: 'POST', body: JSON.stringify({ params: [1], uniIdToken: 't' }) })
    expect(await res.json()).toMatchObject({ result: { errCode: 0, params: [1], token: 't', clientInfo: { source: 'server' } } })
    await fetch(`${url}/__emulator/v1/invoke/echo/hello`, { method: 'POST', body: '{"params":["a"]}' })
    expect(await (await fetch(`${url}/__emulator/v1/reload/echo`, { method: 'POST' })).json()).toEqual({ reloaded: 'echo' })
    const after = await fetch(`${url}/__emulator/v1/invoke/echo/hello`, { method: 'POST', body: '{"params":["b"]}' })
    expect(await after.json()).toMatchObject({ result: { warmCalls: 1 } })
  })

  it('answers 404 for unknown controls and routes', async () => {
    expect((await fetch(`${url}/__emulator/v1/nope`, { method: 'POST' })).status).toBe(404)
    expect((await fetch(`${url}/`)).status).toBe(404)
  })
})
