import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { call, control, qs, startEmulator, type Harness } from './helpers'

let h: Harness

beforeAll(async () => {
  h = await startEmulator()
})
afterAll(() => h.close())
beforeEach(async () => {
  await control(h, 'POST', '/reset')
})

function stable(forceRefresh = false, overrides: Record<string, unknown> = {}) {
  const mp = h.creds.apps.mp
  return call(`${h.url}/cgi-bin/stable_token`, {
    method: 'POST',
    body: JSON.stringify({ grant_type: 'client_credential', appid: mp.appid, secret: mp.secret, force_refresh: forceRefresh, ...overrides }),
  })
}

function classic() {
  const mp = h.creds.apps.mp
  return call(`${h.url}/cgi-bin/token?${qs({ grant_type: 'client_credential', appid: mp.appid, secret: mp.secret })}`)
}

/** Use a token on an endpoint that needs one; answers its errcode (0 = accepted). */
async function use(token: string): Promise<number> {
  const answer = await call(`${h.url}/cgi-bin/ticket/getticket?${qs({ access_token: token, type: 'jsapi' })}`)
  return answer.json.errcode
}

async function advance(seconds: number) {
  await control(h, 'POST', '/clock/advance', { seconds })
}

describe('POST /cgi-bin/stable_token', () => {
  it('returns the same token while valid, with a shrinking expires_in', async () => {
    const first = (await stable()).json
    expect(first.expires_in).toBe(7200)
    await advance(1000)
    const second = (await stable()).json
    expect(second.access_token).toBe(first.access_token)
    expect(second.expires_in).toBe(6200)
  })

  it('hands out a new token in the last 5 minutes while the old one keeps working', async () => {
    const first = (await stable()).json
    await advance(7200 - 301)
    expect((await stable()).json.access_token).toBe(first.access_token)
    await advance(2)
    const renewed = (await stable()).json
    expect(renewed.access_token).not.toBe(first.access_token)
    expect(renewed.expires_in).toBe(7200)
    expect(await use(first.access_token)).toBe(0)
    await advance(300)
    expect(await use(first.access_token)).toBe(42001)
    expect(await use(renewed.access_token)).toBe(0)
  })

  it('force_refresh revokes the previous token, at most once per 30 s and 20 times a day', async () => {
    const first = (await stable()).json.access_token
    const forced = (await stable(true)).json
    expect(forced.access_token).not.toBe(first)
    expect(await use(first)).toBe(40001)
    expect(await use(forced.access_token)).toBe(0)

    expect((await stable(true)).json.errcode).toBe(45011)
    for (let i = 2; i <= 20; i++) {
      await advance(31)
      expect((await stable(true)).json.access_token).toBeTruthy()
    }
    await advance(31)
    expect((await stable(true)).json.errcode).toBe(45009)
  })

  it.each([
    [{ grant_type: 'password' }, 40002],
    [{ appid: undefined }, 41002],
    [{ appid: 'wx1234567890abcdef' }, 40013],
    [{ secret: undefined }, 41004],
    [{ secret: 'f'.repeat(32) }, 40125],
  ])('refuses %o with errcode %i', async (overrides, errcode) => {
    const answer = await stable(false, overrides)
    expect(answer.status).toBe(200)
    expect(answer.json.errcode).toBe(errcode)
  })

  it('wants a JSON body (47001 otherwise)', async () => {
    const answer = await call(`${h.url}/cgi-bin/stable_token`, { method: 'POST', body: 'grant_type=client_credential' })
    expect(answer.json.errcode).toBe(47001)
  })
})

describe('GET /cgi-bin/token', () => {
  it('invalidates the previous token on every call (the 40001 storm)', async () => {
    const first = (await classic()).json.access_token
    const second = (await classic()).json.access_token
    expect(second).not.toBe(first)
    expect(await use(first)).toBe(40001)
    expect(await use(second)).toBe(0)
  })

  it('is isolated from stable_token', async () => {
    const s = (await stable()).json.access_token
    await classic()
    await classic()
    expect(await use(s)).toBe(0)
  })

  it('expires tokens after 7200 s (42001) and wants one (41001)', async () => {
    const t = (await classic()).json.access_token
    await advance(7200)
    expect(await use(t)).toBe(42001)
    expect((await call(`${h.url}/cgi-bin/ticket/getticket?type=jsapi`)).json.errcode).toBe(41001)
  })
})
