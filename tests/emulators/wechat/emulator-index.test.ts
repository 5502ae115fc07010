import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, control, jsapiBody, login, qs, requestPayment, startEmulator, startReceiver, waitFor, wxpay, type Harness } from './helpers'

let h: Harness

beforeAll(async () => {
  h = await startEmulator()
})
afterAll(() => h.close())

interface IndexedOperation {
  endpoint: string
  host: string
  description: string | null
}

function unescape(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

describe('GET / (regression: the root answered {"errcode":-1,"errmsg":"not emulated: GET /"})', () => {
  it('answers an HTML index listing every registered operation with its method and description', async () => {
    const page = await call(`${h.url}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const operations = (await control(h, 'GET', '')).json.operations as IndexedOperation[]
    const rows = [...page.raw.matchAll(/<tr><td class="method">([A-Z]+)<\/td><td class="path">(?:<a href="[^"]*">)?([^<]*)(?:<\/a>)?<\/td><td>([^<]*)<\/td><\/tr>/g)].map(
      (m) => ({ endpoint: `${m[1]} ${unescape(m[2])}`, description: unescape(m[3]) }),
    )
    expect(rows.map((r) => r.endpoint).sort()).toEqual(operations.map((o) => o.endpoint).sort())
    for (const op of operations) {
      expect(op.description, `${op.endpoint} has no description`).toBeTruthy()
      expect(rows.find((r) => r.endpoint === op.endpoint)?.description).toBe(op.description)
    }
  })

  it('links the pages and GET controls, with OAuth links that work on the emulator’s own apps', async () => {
    const page = (await call(`${h.url}/`)).raw
    const links = [...page.matchAll(/<a href="([^"]*)">/g)].map((m) => unescape(m[1]))
    expect(links).toEqual(expect.arrayContaining(['/__emulator/log', '/__emulator/v1/log', '/__emulator/v1/shipping', '/__emulator/v1/apps']))
    const authorize = links.find((l) => l.startsWith('/connect/oauth2/authorize?'))!
    expect(authorize).toContain(`appid=${h.creds.apps.officialAccount.appid}`)
    const consent = await call(`${h.url}${authorize}`)
    expect(consent.status).toBe(200)
    expect(consent.raw).toContain('允许')
    const qr = links.find((l) => l.startsWith('/connect/qrconnect?'))!
    expect((await call(`${h.url}${qr}`)).raw).toContain('确认登录')
    for (const link of links.filter((l) => l.startsWith('/__emulator/v1'))) {
      expect((await call(`${h.url}${link}`)).status, link).toBe(200)
    }
    expect(page).not.toContain('/__emulator/cashier/h5?')
  })
})

describe('GET /__emulator/log (HTML view of the log)', () => {
  it('shows time, host, method, redacted path and status of each call, escaped, newest first', async () => {
    await control(h, 'POST', '/reset')
    const mp = h.creds.apps.mp
    await login(h, 'alice')
    await call(`${h.url}/cgi-bin/token?${qs({ grant_type: 'client_credential', appid: mp.appid, secret: mp.secret, note: '<script>alert(1)</script>' })}`)
    await call(`${h.url}/wxa/sec/order/get_order?access_token=bad`, { method: 'POST', body: '{}' })

    const json = (await control(h, 'GET', '/log')).json
    expect(json.map((e: { host: string }) => e.host)).toEqual(['api.weixin.qq.com', 'api.weixin.qq.com', 'api.weixin.qq.com'])
    const page = await call(`${h.url}/__emulator/log`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.raw).not.toContain('<script>')
    expect(page.raw).not.toContain(mp.secret)
    const paths = [...page.raw.matchAll(/<td class="path">([^<]*)<\/td>/g)].map((m) => unescape(m[1]))
    expect(paths[0]).toBe('/wxa/sec/order/get_order?access_token=***')
    expect(paths[1]).toContain('secret=***')
    expect(paths[1]).toContain('note=%3Cscript%3Ealert%281%29%3C%2Fscript%3E')
    expect(paths[2]).toContain('js_code=***')
    expect(page.raw).toContain('errcode 40001')
    expect(page.raw).toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00/)
    expect((await call(`${h.url}/__emulator/log?refresh=3`)).raw).toContain('<meta http-equiv="refresh" content="3">')
  })

  it('shows notify deliveries with their answer', async () => {
    await control(h, 'POST', '/reset')
    const receiver = await startReceiver(() => 500)
    try {
      const { openid } = await login(h, 'alice')
      const body = jsapiBody(h, openid, receiver.url)
      const prepayId = (await wxpay(h, 'POST', '/v3/pay/transactions/jsapi', body)).json.prepay_id
      await control(h, 'POST', '/wxpay/pay', requestPayment(h.creds, body.appid, prepayId))
      await waitFor(() => receiver.requests.length >= 1)
      const page = (await waitFor(async () => {
        const raw = (await call(`${h.url}/__emulator/log`)).raw
        return raw.includes('TRANSACTION.SUCCESS') && raw
      })) as string
      const port = new URL(receiver.url).host
      expect(page).toContain(`<td>${port}</td>`)
      expect(page).toContain('<td class="path">/pay/notify</td>')
      expect(page).toMatch(/<td class="bad">500<\/td><td>TRANSACTION\.SUCCESS attempt 1 · retry in \d+ ms<\/td>/)
    } finally {
      await receiver.close()
      await control(h, 'POST', '/reset')
    }
  })

  it('is loopback-only like the controls', async () => {
    const crossSite = await call(`${h.url}/__emulator/log`, { headers: { Origin: 'https://evil.example' } })
    expect(crossSite.status).toBe(403)
  })
})
