/** `uniCloud.httpclient.request`: urllib-like requests over real HTTP. */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient, HttpClientError } from '../../../emulators/unicloud/httpclient'
import { fixtureRuntime } from './support'

let server: http.Server
let base: string
const client = createHttpClient()

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks as unknown as Uint8Array[]).toString('utf8')
      if (req.url?.startsWith('/slow')) return void setTimeout(() => res.end('late'), 500)
      if (req.url?.startsWith('/redirect')) return void res.writeHead(302, { location: '/echo' }).end()
      if (req.url?.startsWith('/notjson')) return void res.end('<html>')
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Answer': '42' })
      res.end(JSON.stringify({ method: req.method, url: req.url, contentType: req.headers['content-type'] ?? null, auth: req.headers.authorization ?? null, body }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

describe('httpclient.request', () => {
  it('GETs with data as the query string, parsing JSON with dataType json', async () => {
    const res = await client.request(`${base}/echo?x=1`, { data: { a: 'b c', n: 2 }, dataType: 'json', headers: { Authorization: 'Bearer t' } })
    expect(res.status).toBe(201)
    expect(res.headers['x-answer']).toBe('42')
    expect(res.data).toMatchObject({ method: 'GET', url: '/echo?x=1&a=b+c&n=2', auth: 'Bearer t', body: '' })
    expect(res.res).toMatchObject({ status: 201, statusCode: 201 })
  })

  it('POSTs JSON with contentType json, a form by default, and content raw', async () => {
    const json = await client.request(`${base}/echo`, { method: 'POST', data: { a: 1 }, contentType: 'json', dataType: 'json' })
    expect(json.data).toMatchObject({ method: 'POST', contentType: 'application/json', body: '{"a":1}' })
    const form = await client.request(`${base}/echo`, { method: 'POST', data: { a: 1, b: 'x y' }, dataType: 'json' })
    expect(form.data).toMatchObject({ contentType: 'application/x-www-form-urlencoded', body: 'a=1&b=x+y' })
    const raw = await client.request(`${base}/echo`, { method: 'PUT', content: Buffer.from('<xml/>'), headers: { 'content-type': 'text/xml' }, dataType: 'json' })
    expect(raw.data).toMatchObject({ method: 'PUT', contentType: 'text/xml', body: '<xml/>' })
  })

  it('answers text with dataType text and a Buffer by default', async () => {
    expect(typeof (await client.request(`${base}/echo`, { dataType: 'text' })).data).toBe('string')
    expect(Buffer.isBuffer((await client.request(`${base}/echo`)).data)).toBe(true)
  })

  it('does not follow redirects unless asked', async () => {
    expect((await client.request(`${base}/redirect`)).status).toBe(302)
    expect((await client.request(`${base}/redirect`, { followRedirect: true, dataType: 'json' })).status).toBe(201)
  })

  it('throws urllib-named errors for bad JSON, timeouts and refused connections', async () => {
    await expect(client.request(`${base}/notjson`, { dataType: 'json' })).rejects.toMatchObject({ name: 'JSONResponseFormatError' })
    await expect(client.request(`${base}/slow`, { timeout: 100 })).rejects.toMatchObject({ name: 'ResponseTimeoutError' })
    const refused = await client.request('http://127.0.0.1:1/', { timeout: 1000 }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(HttpClientError)
    expect((refused as Error).name).toBe('RequestError')
  })

  it('is what cloud code gets as uniCloud.httpclient', async () => {
    const { runtime } = fixtureRuntime()
    try {
      expect(await runtime.invoke('orders', 'fetchJson', [`${base}/echo`])).toMatchObject({
        errCode: 0,
        status: 201,
        data: { method: 'POST', body: '{"hello":"world"}' },
      })
    } finally {
      await runtime.close()
    }
  })
})
