/** URL-ized objects over HTTP: routing, getHttpInfo, raw bodies, and the three answer shapes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UniCloudRuntime } from '../../../emulators/unicloud'
import { fixtureRuntime } from './support'

let runtime: UniCloudRuntime
let url: string

beforeAll(async () => {
  ;({ runtime } = fixtureRuntime())
  ;({ url } = await runtime.listen(0))
})
afterAll(() => runtime.close())

type Echo = {
  query: Record<string, string>
  params: unknown[]
  http: { path: string; httpMethod: string; headers: Record<string, string>; queryStringParameters: Record<string, string>; body: string; isBase64Encoded: boolean }
  beforeRan: boolean
  source: string
  token: string | null
}

describe('a URL-ized call', () => {
  it('passes the query as the first parameter and the request in getHttpInfo()', async () => {
    const body = '{"resource":  {"ciphertext":"x"},\n "id": "中文"}'
    const res = await fetch(`${url}/pay/echo/extra/part?a=1&b=two&a=3`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Wechatpay-Serial': 'SERIAL-1', 'uni-id-token': 'tok-h' },
      body,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const echo = (await res.json()) as Echo
    expect(echo.query).toEqual({ a: '3', b: 'two' })
    expect(echo.params).toEqual([{ a: '3', b: 'two' }])
    expect(echo.http).toMatchObject({
      path: '/echo/extra/part',
      httpMethod: 'POST',
      queryStringParameters: { a: '3', b: 'two' },
      body,
      isBase64Encoded: false,
    })
    expect(echo.http.headers['wechatpay-serial']).toBe('SERIAL-1')
    expect(echo.http.headers['content-type']).toBe('application/json')
    expect(echo).toMatchObject({ beforeRan: true, source: 'http', token: 'tok-h' })
  })

  it('keeps the raw body byte for byte: text as is, other types base64', async () => {
    const bytes = Buffer.from([0, 1, 2, 0xc3, 0x28, 0xfe, 0xff])
    const res = await fetch(`${url}/pay/echo`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) })
    const echo = (await res.json()) as Echo
    expect(echo.http.isBase64Encoded).toBe(true)
    expect(Buffer.from(echo.http.body, 'base64').equals(bytes)).toBe(true)
    expect(echo.http.httpMethod).toBe('PUT')
  })

  it('answers GET without a body', async () => {
    const echo = (await (await fetch(`${url}/pay/echo?x=1`)).json()) as Echo
    expect(echo.http).toMatchObject({ httpMethod: 'GET', body: '', isBase64Encoded: false, path: '/echo' })
  })

  it('answers a composed 204 with no body after the handler has finished its writes', async () => {
    const body = '{"id":"EV-1","event_type":"TRANSACTION.SUCCESS"}'
    const res = await fetch(`${url}/pay/notify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    const { data } = await runtime.database().collection('notify_log').get()
    expect(data).toEqual([{ _id: expect.any(String), body, isBase64Encoded: false }])
  })

  it('answers a composed 4xx with exactly its headers and body', async () => {
    const res = await fetch(`${url}/pay/reject`, { method: 'POST' })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.headers.get('x-custom')).toBe('yes')
    expect(await res.text()).toBe('{"code":"FAIL","message":"bad signature"}')
  })

  it('decodes a composed base64 body', async () => {
    const res = await fetch(`${url}/pay/binary`)
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from([0, 1, 2, 254, 255]))).toBe(true)
  })

  it('answers a string as text/plain', async () => {
    const res = await fetch(`${url}/pay/text`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await res.text()).toBe('plain text answer')
  })

  it('answers a thrown error, an unknown method and a private method as JSON errCode answers', async () => {
    expect(await (await fetch(`${url}/pay/fail`, { method: 'POST' })).json()).toEqual({ errCode: 'FUNCTION_EXECUTE_FAILED', errMsg: 'notify handler failed' })
    expect(await (await fetch(`${url}/pay/nope`)).json()).toEqual({ errCode: 'FUNCTION_NOT_FOUND', errMsg: 'Method[nope] was not found in index.obj.js' })
    expect(await (await fetch(`${url}/pay/_before`)).json()).toMatchObject({ errCode: 'FUNCTION_NOT_FOUND' })
    expect(await (await fetch(`${url}/pay`)).json()).toMatchObject({ errCode: 'FUNCTION_NOT_FOUND' })
  })

  it('answers 404 for a path no object owns, and 413 for a body over 2 MB', async () => {
    const missing = await fetch(`${url}/payments/notify`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } })
    const big = await fetch(`${url}/pay/echo`, { method: 'POST', body: 'z'.repeat(2 * 1024 * 1024 + 1) })
    expect(big.status).toBe(413)
    expect(await big.json()).toMatchObject({ success: false, error: { code: 'REQUEST_TOO_LARGE' } })
  })
})
