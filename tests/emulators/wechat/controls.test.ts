import http from 'node:http'
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWechatEmulator } from '../../../emulators/wechat'
import { call, control, login, qs, startEmulator, type Harness } from './helpers'

let h: Harness

beforeAll(async () => {
  h = await startEmulator()
})
afterAll(() => h.close())

type Json = Record<string, unknown>

/** The key paths of a JSON object, for shape comparison. */
function shape(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix]
  return Object.entries(value as Json).flatMap(([key, inner]) => shape(inner, prefix ? `${prefix}.${key}` : key))
}

describe('credentials and dev config', () => {
  it('serves the pay credentials a test tool needs', async () => {
    const answer = await control(h, 'GET', '/wxpay/credentials')
    expect(answer.status).toBe(200)
    const { apps: _apps, ...pay } = h.creds
    expect(answer.json).toEqual(pay)
    expect(answer.json.merchant.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/)
    expect(answer.json.platformCertificate.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/)
    expect((await control(h, 'GET', '/apps')).json).toEqual(h.creds.apps)
    for (const app of Object.values(h.creds.apps)) {
      expect(app.appid).toMatch(/^wx[0-9a-f]{16}$/)
      expect(app.secret).toMatch(/^[0-9a-f]{32}$/)
    }
  })

  it('builds the cloud config in exactly the shape of config.example.json', async () => {
    const example = JSON.parse(
      await readFile(join(__dirname, '../../../uni_modules/wxkit-login-pay/config.example.json'), 'utf8'),
    )
    const config = h.emu.devConfig({ emulatorUrl: h.url, runtimeUrl: 'http://127.0.0.1:7001/' }) as Json & {
      wxpay: Json
      endpoints: Json
      token: Json
      mp: Json
    }
    expect(shape(config).sort()).toEqual(shape(example).sort())
    expect(config.endpoints).toEqual({ weixinApi: h.url, weixinOpen: h.url, wxpayApi: h.url })
    expect(config.wxpay).toMatchObject({
      mchId: h.creds.mchid,
      appId: h.creds.apps.mp.appid,
      apiV3Key: h.creds.apiV3Key,
      merchantSerialNo: h.creds.merchant.serialNo,
      publicKeyId: h.creds.platformPublicKey.id,
      notifyUrl: 'http://127.0.0.1:7001/pay/notify',
      refundNotifyUrl: 'http://127.0.0.1:7001/pay/refundNotify',
    })
    expect(config.mp).toEqual({ appId: h.creds.apps.mp.appid, appSecret: h.creds.apps.mp.secret })
    expect(String(config.token.secret).length).toBeGreaterThanOrEqual(32)
    expect(Buffer.from(String(config.sessionKeyEncryptionKey), 'base64')).toHaveLength(32)
  })

  it('omits the WeChat Pay public key in certificate mode', async () => {
    const emu = await createWechatEmulator({ payKeyMode: 'certificate' })
    const config = emu.devConfig({ emulatorUrl: 'http://127.0.0.1:1', runtimeUrl: 'http://127.0.0.1:2' }) as { wxpay: Json }
    expect(config.wxpay).not.toHaveProperty('publicKeyId')
    expect(config.wxpay).not.toHaveProperty('publicKey')
    await emu.close()
  })

  it('persists the identity in stateDir (mode 0600) and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wechat-emulator-'))
    try {
      const first = await createWechatEmulator({ stateDir: join(dir, 'nested') })
      const second = await createWechatEmulator({ stateDir: join(dir, 'nested') })
      expect(second.credentials()).toEqual(first.credentials())
      const args = { emulatorUrl: 'http://127.0.0.1:1', runtimeUrl: 'http://127.0.0.1:2' }
      expect(second.devConfig(args)).toEqual(first.devConfig(args))
      const file = join(dir, 'nested', 'identity.json')
      expect((await stat(file)).mode & 0o777).toBe(0o600)
      expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700)
      // One left readable to others (an older run, a copy) is tightened on the next start.
      await chmod(file, 0o644)
      await chmod(join(dir, 'nested'), 0o755)
      const third = await createWechatEmulator({ stateDir: join(dir, 'nested') })
      expect(third.credentials()).toEqual(first.credentials())
      expect((await stat(file)).mode & 0o777).toBe(0o600)
      expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700)
      await third.close()
      await writeFile(file, '{"version":0}')
      await expect(createWechatEmulator({ stateDir: join(dir, 'nested') })).rejects.toThrow(/delete it/)
      await Promise.all([first.close(), second.close()])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('log, reset and clock', () => {
  it('logs every call without secrets, and filters by seq', async () => {
    await control(h, 'POST', '/reset')
    const mp = h.creds.apps.mp
    const { session_key: sessionKey } = await login(h, 'alice')
    const token = (
      await call(`${h.url}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: mp.appid, secret: mp.secret }) })
    ).json.access_token
    await call(`${h.url}/cgi-bin/ticket/getticket?${qs({ access_token: token, type: 'jsapi' })}`)
    const log = (await control(h, 'GET', '/log')).json
    expect(log.map((e: Json) => e.endpoint)).toEqual(['GET /sns/jscode2session', 'POST /cgi-bin/stable_token', 'GET /cgi-bin/ticket/getticket'])
    expect(log[0].path).toContain('secret=***')
    expect(log[0].path).toContain('js_code=***')
    expect(log[0].path).toContain(`appid=${mp.appid}`)
    const text = JSON.stringify(log)
    for (const secret of [mp.secret, sessionKey, token]) expect(text).not.toContain(secret)
    expect((await control(h, 'GET', `/log?since=${log[1].seq}`)).json).toHaveLength(1)
  })

  it('sends log lines to the log option without secrets', async () => {
    const lines: string[] = []
    const emu = await createWechatEmulator({ log: (line) => lines.push(line) })
    const { url } = await emu.listen()
    const mp = emu.credentials().apps.mp
    await call(`${url}/cgi-bin/token?${qs({ grant_type: 'client_credential', appid: mp.appid, secret: mp.secret })}`)
    await emu.close()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('GET /cgi-bin/token?grant_type=client_credential')
    expect(lines.join('\n')).not.toContain(mp.secret)
  })

  it('resets runtime state but keeps the identity', async () => {
    await login(h, 'zoe')
    await control(h, 'POST', '/clock/advance', { seconds: 100 })
    await control(h, 'POST', '/reset')
    expect((await control(h, 'GET', '/log')).json).toEqual([])
    expect((await control(h, 'GET', '/clock')).json.offsetMs).toBe(0)
    expect((await control(h, 'GET', '/wxpay/credentials')).json.mchid).toBe(h.creds.mchid)
  })

  it('advances the clock', async () => {
    await control(h, 'POST', '/reset')
    const before = (await control(h, 'GET', '/clock')).json
    const after = (await control(h, 'POST', '/clock/advance', { seconds: 3600 })).json
    expect(after.offsetMs).toBe(3_600_000)
    expect(after.now - before.now).toBeGreaterThanOrEqual(3_600_000)
    expect((await control(h, 'POST', '/clock/advance', { seconds: -1 })).status).toBe(400)
  })
})

describe('control input and routing', () => {
  it('validates user updates', async () => {
    expect((await control(h, 'PUT', '/users/amy', { phoneNumber: 'call me' })).status).toBe(400)
    const amy = await control(h, 'PUT', '/users/amy', { phoneNumber: '+1 4155550100', nickname: 'Amy', unionid: true })
    expect(amy.json).toMatchObject({ user: 'amy', nickname: 'Amy', phoneNumber: '+1 4155550100' })
    expect((await control(h, 'PUT', '/users/amy', { unionid: null })).json.unionid).toBeNull()
    expect((await control(h, 'POST', '/login/code', { user: 'amy', appid: h.creds.apps.website.appid })).status).toBe(400)
    expect((await control(h, 'POST', '/login/code', {})).status).toBe(400)
  })

  it('lists its operations and answers unknown paths in the shape of their host', async () => {
    const index = (await control(h, 'GET', '')).json
    expect(index.operations.map((o: Json) => o.endpoint)).toEqual(
      expect.arrayContaining(['GET /sns/jscode2session', 'POST /v3/pay/transactions/jsapi', 'GET /connect/oauth2/authorize', 'GET /v3/certificates']),
    )
    expect((await control(h, 'GET', '/nope')).status).toBe(404)
    const wx = await call(`${h.url}/cgi-bin/unknown`)
    expect(wx.status).toBe(404)
    expect(wx.json.errcode).toBe(-1)
    const pay = await call(`${h.url}/v3/unknown`)
    expect(pay.json.code).toBe('NOT_FOUND')
    expect((await call(`${h.url}/sns/jscode2session`, { method: 'POST' })).status).toBe(405)
  })

  it('serves avatars for the default headimgurl', async () => {
    const svg = await call(`${h.url}/__emulator/avatar/alice.svg`)
    expect(svg.status).toBe(200)
    expect(svg.headers.get('content-type')).toBe('image/svg+xml')
  })
})

describe('control access', () => {
  it('answers CORS preflights from loopback origins (the dev H5 app)', async () => {
    const preflight = await call(`${h.url}/__emulator/v1/login/code`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    const answer = await call(`${h.url}/__emulator/v1/login/code`, {
      method: 'POST',
      headers: { Origin: 'http://127.0.0.1:5173', 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'alice' }),
    })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
  })

  it('refuses cross-site pages and non-loopback Host headers (DNS rebinding)', async () => {
    const crossSite = await call(`${h.url}/__emulator/v1/reset`, { method: 'POST', headers: { Origin: 'https://evil.example' } })
    expect(crossSite.status).toBe(403)
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${h.url}/__emulator/v1/wxpay/credentials`, { headers: { Host: 'evil.example' } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(403)
    expect((await call(`${h.url}/cgi-bin/token`, { headers: { Origin: 'https://evil.example' } })).status).toBe(200)
  })
})
