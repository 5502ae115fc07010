import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installUniStub } from '../../../../helpers/uni-stub'

// A fake uniCloud whose 'orders' object fails with TOKEN_EXPIRED until the
// call's kit token (its last parameter, KitAuth) is 'fresh'.
function tokenOf(params: unknown[]): unknown {
  return (params[params.length - 1] as { wxkitAuth?: { token?: string } } | undefined)?.wxkitAuth?.token
}

function installUniCloud(_storage: Map<string, unknown>) {
  const calls: string[] = []
  const objects: Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>> = {
    orders: {
      list: async (...params: unknown[]) => {
        calls.push(`list:${String(tokenOf(params))}`)
        if (tokenOf(params) !== 'fresh') throw { errCode: 'TOKEN_EXPIRED', errMsg: 'token expired' }
        return { errCode: 0, items: [1] }
      },
      broken: async () => {
        throw { errCode: 'PARAM_INVALID', errMsg: 'bad' }
      },
    },
  }
  vi.stubGlobal('uniCloud', { importObject: (name: string) => objects[name] })
  return { calls }
}

const grant = (token: string) => ({
  accessToken: token,
  accessTokenExpired: Date.now() + 3600_000,
  refreshToken: `r-${token}`,
  refreshTokenExpired: Date.now() + 86400_000,
})

describe('services/cloud: renewal on TOKEN_EXPIRED', () => {
  let storage: Map<string, unknown>
  beforeEach(() => {
    vi.resetModules()
    storage = installUniStub().storage
  })
  afterEach(() => vi.unstubAllGlobals())

  it('parallel calls wait for ONE refresh, then each replays once', async () => {
    const { calls } = installUniCloud(storage)
    const session = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/services/session')
    const { cloudObject } = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/services/cloud')
    session.saveGrant(grant('stale'))
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const refresh = vi.fn(async () => {
      await gate
      return grant('fresh')
    })
    session.configureRenewal({ refresh })
    const orders = cloudObject<{ list(): Promise<{ items: number[] }> }>('orders')
    const pending = Array.from({ length: 5 }, () => orders.list())
    await new Promise((r) => setTimeout(r, 10))
    release()
    const results = await Promise.all(pending)
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(refresh).toHaveBeenCalledWith('r-stale')
    expect(results.every((r) => r.items[0] === 1)).toBe(true)
    expect(calls.filter((c) => c === 'list:stale')).toHaveLength(5)
    expect(calls.filter((c) => c === 'list:fresh')).toHaveLength(5)
    expect(storage.get('wxkit_refresh_token')).toBe('r-fresh')
  })

  it('falls back to one transparent re-login when the refresh is refused', async () => {
    installUniCloud(storage)
    const session = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/services/session')
    const { cloudObject } = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/services/cloud')
    session.saveGrant(grant('stale'))
    const refresh = vi.fn(async () => {
      throw { errCode: 'TOKEN_INVALID', errMsg: 'revoked' }
    })
    const reLogin = vi.fn(async () => grant('fresh'))
    session.configureRenewal({ refresh, reLogin })
    const orders = cloudObject<{ list(): Promise<{ items: number[] }> }>('orders')
    await expect(Promise.all([orders.list(), orders.list()])).resolves.toHaveLength(2)
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(reLogin).toHaveBeenCalledTimes(1)
  })

  it('clears the session and rethrows when nothing can renew it', async () => {
    installUniCloud(storage)
    const session = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/services/session')
    const { cloudObject } = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/services/cloud')
    session.saveGrant(grant('stale'))
    session.configureRenewal({
      refresh: async () => {
        throw { errCode: 'TOKEN_INVALID', errMsg: 'revoked' }
      },
    })
    const orders = cloudObject<{ list(): Promise<unknown> }>('orders')
    await expect(orders.list()).rejects.toMatchObject({ errCode: 'TOKEN_INVALID' })
    expect(session.hasStoredSession()).toBe(false)
  })

  it('does not renew or replay on other errors', async () => {
    installUniCloud(storage)
    const session = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/services/session')
    const { cloudObject } = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/services/cloud')
    const refresh = vi.fn()
    session.configureRenewal({ refresh })
    const orders = cloudObject<{ broken(): Promise<unknown> }>('orders')
    await expect(orders.broken()).rejects.toMatchObject({ errCode: 'PARAM_INVALID' })
    expect(refresh).not.toHaveBeenCalled()
  })

  it('uses an expired refresh token neither for refresh nor silently', async () => {
    installUniCloud(storage)
    const session = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/services/session')
    session.saveGrant({ ...grant('stale'), refreshTokenExpired: Date.now() - 1 })
    expect(session.storedRefreshToken()).toBeUndefined()
  })

  it("beside uni-id: sends the kit's token as the last parameter and never touches uni_id_token", async () => {
    storage.set('uni_id_token', 'a-uni-id-token')
    const seen: unknown[][] = []
    vi.stubGlobal('uniCloud', { importObject: () => ({ me: async (...params: unknown[]) => (seen.push(params), { errCode: 0 }) }) })
    const session = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/services/session')
    const { cloudObject } = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/services/cloud')
    session.saveGrant(grant('kit-token'))
    await cloudObject<{ me(): Promise<unknown> }>('weixinLogin').me()
    expect(seen).toEqual([[{}, { wxkitAuth: { token: 'kit-token' } }]])
    session.clearSession()
    expect(storage.get('uni_id_token')).toBe('a-uni-id-token')
  })
})
