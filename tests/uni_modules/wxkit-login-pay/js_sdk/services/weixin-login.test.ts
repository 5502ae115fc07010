/**
 * The client's half of the used-code fix: every login attempt carries a fresh
 * random idempotency key, and only a lost answer (a network failure) makes it
 * send the very same call again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installUniStub } from '../../../../helpers/uni-stub'

const ok = { errCode: 0, user: { userId: 'u' }, accessToken: 'a', accessTokenExpired: 1, refreshToken: 'r', refreshTokenExpired: 2 }

function installWeixinLogin(answers: Array<() => unknown>) {
  const calls: Array<{ method: string; input: Record<string, unknown> }> = []
  const answer = async (method: string, input: Record<string, unknown>) => {
    calls.push({ method, input })
    const next = answers.shift()
    if (!next) throw new Error('unexpected call')
    return next()
  }
  const object = {
    login: (input: Record<string, unknown>) => answer('login', input),
    loginByOAuth: (input: Record<string, unknown>) => answer('loginByOAuth', input),
  }
  vi.stubGlobal('uniCloud', { importObject: () => object })
  return calls
}

async function service() {
  return import('../../../../../uni_modules/wxkit-login-pay/js_sdk/services/weixin-login')
}

describe('services/weixin-login: one idempotency key per login attempt', () => {
  beforeEach(() => {
    vi.resetModules()
    installUniStub()
  })
  afterEach(() => vi.unstubAllGlobals())

  it('sends a fresh 128-bit key with each attempt', async () => {
    const calls = installWeixinLogin([() => ok, () => ok])
    const { loginWithCode } = await service()
    await loginWithCode('code-1')
    await loginWithCode('code-2')
    const keys = calls.map((c) => c.input.idempotencyKey)
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/)
    expect(keys[0]).not.toBe(keys[1])
    expect(calls.map((c) => c.input.code)).toEqual(['code-1', 'code-2'])
  })

  it('a lost answer (network failure) is retried once with the very same input; a cloud answer is not', async () => {
    const network = () => {
      throw new TypeError('Failed to fetch')
    }
    const used = () => {
      throw { errCode: 'LOGIN_CODE_USED', errMsg: 'login code already used' }
    }
    const calls = installWeixinLogin([network, () => ({ ...ok, returnPath: '/p' }), used])
    const { loginWithCode, loginWithOAuthCode } = await service()
    await expect(loginWithOAuthCode({ code: 'c', state: 's' })).resolves.toMatchObject({ returnPath: '/p' })
    expect(calls).toHaveLength(2)
    expect(calls[1]).toEqual(calls[0])
    expect(calls[0].input).toMatchObject({ code: 'c', state: 's', idempotencyKey: expect.stringMatching(/^[0-9a-f]{32}$/) })
    await expect(loginWithCode('c2')).rejects.toMatchObject({ errCode: 'LOGIN_CODE_USED' })
    expect(calls).toHaveLength(3)
  })

  it('in the mini program (no Web Crypto) the key comes from wx.getRandomValues', async () => {
    const calls = installWeixinLogin([() => ok])
    vi.stubGlobal('crypto', undefined)
    const getRandomValues = vi.fn((option: { length: number; success: (res: { randomValues: ArrayBuffer }) => void }) =>
      option.success({ randomValues: new Uint8Array(option.length).fill(0xab).buffer }),
    )
    vi.stubGlobal('uni', { ...(globalThis as unknown as { uni: object }).uni, getRandomValues })
    const { loginWithCode } = await service()
    await loginWithCode('code-mp')
    expect(getRandomValues).toHaveBeenCalledWith(expect.objectContaining({ length: 16 }))
    expect(calls[0].input.idempotencyKey).toBe('ab'.repeat(16))
  })

  it('without secure randomness the login still runs, without a key', async () => {
    const calls = installWeixinLogin([() => ok])
    vi.stubGlobal('crypto', undefined)
    const { loginWithCode } = await service()
    await loginWithCode('code-x')
    expect(calls[0].input).toEqual({ code: 'code-x', idempotencyKey: undefined })
  })
})
