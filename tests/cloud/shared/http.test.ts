import { afterEach, describe, expect, it, vi } from 'vitest'
import { CloudError } from '../../../cloud/shared/errors'
import {
  HttpError,
  backoffDelay,
  createUniCloudHttpClient,
  withRetry,
  type UniCloudHttpClient,
} from '../../../cloud/shared/http'

function fakeUniHttp(answer: Awaited<ReturnType<UniCloudHttpClient['request']>> | Error) {
  const request = vi.fn(async (..._args: Parameters<UniCloudHttpClient['request']>) => {
    if (answer instanceof Error) throw answer
    return answer
  })
  return { request }
}

describe('createUniCloudHttpClient', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('maps a request onto uniCloud.httpclient (content, dataType text, timeout) and normalises the answer', async () => {
    const uni = fakeUniHttp({ status: 200, headers: { 'Wechatpay-Nonce': 'n', 'Set-Cookie': ['a=1', 'b=2'], Gone: undefined }, data: '{"a": 1}' })
    const http = createUniCloudHttpClient(uni)
    const response = await http.request('https://api.mch.weixin.qq.com/v3/x', {
      method: 'POST',
      headers: { Accept: 'application/json' },
      body: '{"b": 2}',
      timeoutMs: 5000,
    })
    expect(uni.request).toHaveBeenCalledWith('https://api.mch.weixin.qq.com/v3/x', {
      method: 'POST',
      headers: { Accept: 'application/json' },
      content: '{"b": 2}',
      dataType: 'text',
      timeout: 5000,
    })
    expect(response).toEqual({ status: 200, headers: { 'wechatpay-nonce': 'n', 'set-cookie': 'a=1, b=2' }, body: '{"a": 1}' })
  })

  it('sends no content for a body-less request and turns a Buffer body into text', async () => {
    const uni = fakeUniHttp({ status: 204, headers: {}, data: Buffer.from('raw ✓') })
    const response = await createUniCloudHttpClient(uni).request('https://h/x', { method: 'GET', headers: {}, timeoutMs: 1 })
    expect(uni.request.mock.calls[0][1]).not.toHaveProperty('content')
    expect(response.body).toBe('raw ✓')
  })

  it('answers the raw bytes for responseType bytes: no dataType sent (urllib then answers a Buffer), body left empty', async () => {
    const raw = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff])
    const uni = fakeUniHttp({ status: 200, headers: { 'Content-Type': 'application/octet-stream' }, data: raw })
    const response = await createUniCloudHttpClient(uni).request('https://h/bill', { method: 'GET', headers: {}, timeoutMs: 1, responseType: 'bytes' })
    expect(uni.request.mock.calls[0][1]).not.toHaveProperty('dataType')
    expect(response.body).toBe('')
    expect([...(response.bytes as Uint8Array)]).toEqual([0x1f, 0x8b, 0x08, 0x00, 0xff])
    expect(response.headers['content-type']).toBe('application/octet-stream')
  })

  it('refuses a bytes answer that is not bytes rather than guessing', async () => {
    const uni = fakeUniHttp({ status: 200, headers: {}, data: { parsed: true } })
    await expect(createUniCloudHttpClient(uni).request('https://h/bill', { method: 'GET', headers: {}, timeoutMs: 1, responseType: 'bytes' })).rejects.toThrow(/not bytes/)
  })

  it('uses the global uniCloud.httpclient when none is passed', async () => {
    const uni = fakeUniHttp({ status: 200, headers: {}, data: 'ok' })
    vi.stubGlobal('uniCloud', { httpclient: uni })
    await expect(createUniCloudHttpClient().request('https://h/x', { method: 'GET', headers: {}, timeoutMs: 1 })).resolves.toMatchObject({ body: 'ok' })
  })

  it.each([
    ['urllib ResponseTimeoutError', Object.assign(new Error('Response timeout for 5000ms'), { name: 'ResponseTimeoutError' }), 'timeout', 'UPSTREAM_TIMEOUT'],
    ['urllib ConnectionTimeoutError', Object.assign(new Error('Connect timeout'), { name: 'ConnectionTimeoutError' }), 'timeout', 'UPSTREAM_TIMEOUT'],
    ['a socket ETIMEDOUT', Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), 'timeout', 'UPSTREAM_TIMEOUT'],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'network', 'UPSTREAM_UNREACHABLE'],
  ])('turns %s into a typed HttpError naming only the host', async (_name, thrown, failure, code) => {
    const http = createUniCloudHttpClient(fakeUniHttp(thrown))
    const error = await http
      .request('https://api.weixin.qq.com/sns/jscode2session?appid=wx1&secret=TOPSECRET&js_code=CODE', { method: 'GET', headers: {}, timeoutMs: 5000 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HttpError)
    expect(error).toBeInstanceOf(CloudError)
    expect(error).toMatchObject({ failure, code })
    expect((error as Error).message).toContain('api.weixin.qq.com')
    expect((error as Error).message).not.toMatch(/TOPSECRET|CODE|jscode2session/)
  })
})

describe('withRetry', () => {
  const transient = new Error('transient')
  const fatal = new Error('fatal')

  it('retries what shouldRetry accepts, with exponential back-off and jitter from the injected sources', async () => {
    const sleep = vi.fn(async (_ms: number) => undefined)
    let calls = 0
    const result = await withRetry(
      async (attempt) => {
        calls++
        if (attempt < 3) throw transient
        return 'done'
      },
      { retries: 3, baseDelayMs: 100, shouldRetry: (e) => e === transient, sleep, random: () => 0 },
    )
    expect(result).toBe('done')
    expect(calls).toBe(4)
    // random 0 → half of each ceiling: 100, 200, 400 → 50, 100, 200.
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([50, 100, 200])
  })

  it('stops at once on an error shouldRetry refuses', async () => {
    const sleep = vi.fn(async (_ms: number) => undefined)
    const fn = vi.fn(async () => {
      throw fatal
    })
    await expect(withRetry(fn, { retries: 5, baseDelayMs: 1, shouldRetry: (e) => e !== fatal, sleep })).rejects.toBe(fatal)
    expect(fn).toHaveBeenCalledTimes(1)
    expect(sleep).not.toHaveBeenCalled()
  })

  it('gives up after `retries` extra attempts with the last error', async () => {
    const fn = vi.fn(async () => {
      throw transient
    })
    await expect(withRetry(fn, { retries: 2, baseDelayMs: 1, shouldRetry: () => true, sleep: async () => {} })).rejects.toBe(transient)
    expect(fn).toHaveBeenCalledTimes(3)
  })

  it('does not retry at all with retries 0', async () => {
    const fn = vi.fn(async () => {
      throw transient
    })
    await expect(withRetry(fn, { retries: 0, baseDelayMs: 1, shouldRetry: () => true, sleep: async () => {} })).rejects.toBe(transient)
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('keeps delays between half and all of a capped exponential ceiling', () => {
    expect(backoffDelay(0, 100, 10_000, () => 0)).toBe(50)
    expect(backoffDelay(0, 100, 10_000, () => 0.999999)).toBe(100)
    expect(backoffDelay(3, 100, 10_000, () => 0.5)).toBe(600)
    expect(backoffDelay(20, 100, 10_000, () => 0.999999)).toBe(10_000)
    expect(backoffDelay(20, 100, 10_000, () => 0)).toBe(5_000)
  })
})
