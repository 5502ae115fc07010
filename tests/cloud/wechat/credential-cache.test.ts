/** The central access_token / jsapi_ticket cache: one refresher, refresh before expiry, one forced refresh on 40001. */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { secretBoxKey } from '../../../cloud/shared/secret-box'
import type { WechatClient } from '../../../cloud/wechat/client'
import {
  WX_CREDENTIALS,
  getAccessToken,
  getJsapiTicket,
  invalidateCredential,
  withAccessToken,
  type CredentialDeps,
} from '../../../cloud/wechat/credential-cache'
import { WechatApiError } from '../../../cloud/wechat/errors'
import { memoryDb, rejection, testEnv } from '../support'

const APP = { appId: 'wx0123456789abcdef', appSecret: 'testingsecret0123456789abcdef012' }

/** A fake WeChat that hands out numbered tokens and counts calls. */
function fakeWechat(options: { delayMs?: number; fail?: () => Error | undefined } = {}) {
  const calls: Array<{ force: boolean }> = []
  let serial = 0
  const client = {
    async stableToken({ forceRefresh }: { forceRefresh: boolean }) {
      calls.push({ force: forceRefresh })
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0))
      const failure = options.fail?.()
      if (failure) throw failure
      serial += 1
      return { accessToken: `ACCESS_TOKEN_${serial}`, expiresIn: 7200 }
    },
    async getTicket({ accessToken }: { accessToken: string }) {
      return { ticket: `TICKET_FOR_${accessToken}`, expiresIn: 7200 }
    },
  }
  return { client: client as unknown as WechatClient, calls }
}

function setup(): CredentialDeps & { env: ReturnType<typeof testEnv> } {
  const env = testEnv()
  return { db: memoryDb(env.now), env, key: secretBoxKey(randomBytes(32).toString('base64')), options: { pollMs: 5 } }
}

describe('access_token cache', () => {
  it('20 concurrent callers cause one stable_token call and share its token', async () => {
    const deps = setup()
    const wechat = fakeWechat({ delayMs: 20 })
    const tokens = await Promise.all(Array.from({ length: 20 }, () => getAccessToken(deps, wechat.client, APP)))
    expect(new Set(tokens)).toEqual(new Set(['ACCESS_TOKEN_1']))
    expect(wechat.calls).toEqual([{ force: false }])
  })

  it('keeps the token sealed at rest', async () => {
    const deps = setup()
    await getAccessToken(deps, fakeWechat().client, APP)
    const stored = JSON.stringify((await deps.db.collection(WX_CREDENTIALS).get()).data)
    expect(stored).not.toContain('ACCESS_TOKEN_1')
  })

  it('refreshes before expiry, not after', async () => {
    const deps = setup()
    const wechat = fakeWechat()
    await getAccessToken(deps, wechat.client, APP)
    deps.env.advance((7200 - 181) * 1000)
    expect(await getAccessToken(deps, wechat.client, APP)).toBe('ACCESS_TOKEN_1')
    deps.env.advance(2_000)
    expect(await getAccessToken(deps, wechat.client, APP)).toBe('ACCESS_TOKEN_2')
    expect(wechat.calls).toHaveLength(2)
  })

  it('while one instance refreshes, the others keep using the still-valid token', async () => {
    const deps = setup()
    const wechat = fakeWechat({ delayMs: 30 })
    await getAccessToken(deps, wechat.client, APP)
    deps.env.advance((7200 - 100) * 1000)
    const [a, b] = await Promise.all([getAccessToken(deps, wechat.client, APP), getAccessToken(deps, wechat.client, APP)])
    expect([a, b].sort()).toEqual(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_2'])
    expect(wechat.calls).toHaveLength(2)
  })

  it('a failed refresh releases the lease so the next caller can try', async () => {
    const deps = setup()
    let failures = 1
    const wechat = fakeWechat({ fail: () => (failures-- > 0 ? new WechatApiError('cgi-bin/stable_token', -1) : undefined) })
    expect((await rejection(getAccessToken(deps, wechat.client, APP))).code).toBe('WX_UPSTREAM_BUSY')
    expect(await getAccessToken(deps, wechat.client, APP)).toBe('ACCESS_TOKEN_1')
  })
})

describe('40001 / 42001', () => {
  it.each([40001, 42001])('errcode %i forces one refresh and retries the call once', async (errcode) => {
    const deps = setup()
    const wechat = fakeWechat()
    const seen: string[] = []
    const answer = await withAccessToken(deps, wechat.client, APP, async (token) => {
      seen.push(token)
      if (seen.length === 1) throw new WechatApiError('wxa/business/getuserphonenumber', errcode)
      return 'done'
    })
    expect(answer).toBe('done')
    expect(seen).toEqual(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_2'])
    expect(wechat.calls).toEqual([{ force: false }, { force: true }])
  })

  it('a second rejection is answered, not retried again', async () => {
    const deps = setup()
    const wechat = fakeWechat()
    let calls = 0
    const error = await rejection(
      withAccessToken(deps, wechat.client, APP, async () => {
        calls += 1
        throw new WechatApiError('cgi-bin/ticket/getticket', 40001)
      }),
    )
    expect(error.code).toBe('WX_UPSTREAM_ERROR')
    expect(calls).toBe(2)
    expect(wechat.calls).toHaveLength(2)
  })

  it('invalidating a token another instance already replaced changes nothing', async () => {
    const deps = setup()
    const wechat = fakeWechat()
    await getAccessToken(deps, wechat.client, APP)
    await invalidateCredential(deps, 'access_token', APP.appId, 'ACCESS_TOKEN_0_OLD')
    expect(await getAccessToken(deps, wechat.client, APP)).toBe('ACCESS_TOKEN_1')
    expect(wechat.calls).toHaveLength(1)
  })

  it('forces at most once per 30 s', async () => {
    const deps = setup()
    const wechat = fakeWechat()
    await getAccessToken(deps, wechat.client, APP)
    await invalidateCredential(deps, 'access_token', APP.appId, 'ACCESS_TOKEN_1')
    await getAccessToken(deps, wechat.client, APP)
    await invalidateCredential(deps, 'access_token', APP.appId, 'ACCESS_TOKEN_2')
    await getAccessToken(deps, wechat.client, APP)
    expect(wechat.calls.map((c) => c.force)).toEqual([false, true, false])
  })
})

describe('jsapi_ticket', () => {
  it('is cached apart from the access_token and fetched with it', async () => {
    const deps = setup()
    const wechat = fakeWechat()
    expect(await getJsapiTicket(deps, wechat.client, APP)).toBe('TICKET_FOR_ACCESS_TOKEN_1')
    expect(await getJsapiTicket(deps, wechat.client, APP)).toBe('TICKET_FOR_ACCESS_TOKEN_1')
    expect(wechat.calls).toHaveLength(1)
  })
})
