/** Users: one per (appid, openid) under concurrency; unionid linking and the conflict rule. */
import { describe, expect, it } from 'vitest'
import { USERS, findOrCreateUser, maskPhone, openidFor, setPhone, toUserView, type UserDeps, type UserRecord } from '../../../cloud/login/users'
import { memoryDb, testEnv } from '../support'

const MP = 'wxaaaaaaaaaaaaaaaa'
const OA = 'wxbbbbbbbbbbbbbbbb'
const WEB = 'wxcccccccccccccccc'

function setup(): UserDeps & { warnings: string[] } {
  const env = testEnv()
  const warnings: string[] = []
  return { db: memoryDb(env.now), env, warn: (line) => warnings.push(line), warnings }
}

async function all(deps: UserDeps): Promise<UserRecord[]> {
  return (await deps.db.collection<UserRecord>(USERS).get()).data
}

describe('one user per (appid, openid)', () => {
  it('50 concurrent first logins make exactly one user', async () => {
    const deps = setup()
    const results = await Promise.all(
      Array.from({ length: 50 }, () => findOrCreateUser(deps, { appid: MP, openid: 'o-alice', platform: 'mp' })),
    )
    expect(await all(deps)).toHaveLength(1)
    expect(new Set(results.map((r) => r.user._id)).size).toBe(1)
    expect(results.filter((r) => r.created)).toHaveLength(1)
  })

  it('the same openid under another appid is another identity', async () => {
    const deps = setup()
    const a = await findOrCreateUser(deps, { appid: MP, openid: 'o-x', platform: 'mp' })
    const b = await findOrCreateUser(deps, { appid: OA, openid: 'o-x', platform: 'officialAccount' })
    expect(a.user._id).not.toBe(b.user._id)
  })
})

describe('unionid linking', () => {
  it('links a second app of the same person to the first (primary) user', async () => {
    const deps = setup()
    const mp = await findOrCreateUser(deps, { appid: MP, openid: 'o-mp', unionid: 'u-1', platform: 'mp' })
    const oa = await findOrCreateUser(deps, { appid: OA, openid: 'o-oa', unionid: 'u-1', platform: 'officialAccount' })
    expect(oa.user._id).toBe(mp.user._id)
    expect(oa.created).toBe(false)
    const docs = await all(deps)
    expect(docs).toHaveLength(2)
    expect(docs.find((d) => d.appid === OA)).toMatchObject({ linkedUserId: mp.user._id, unionid: 'u-1' })
    expect(docs.filter((d) => d.primaryUnionid === 'u-1')).toHaveLength(1)
    // the payer openid per app
    expect(await openidFor(deps.db, mp.user._id, MP)).toBe('o-mp')
    expect(await openidFor(deps.db, mp.user._id, OA)).toBe('o-oa')
    expect(await openidFor(deps.db, mp.user._id, WEB)).toBeUndefined()
  })

  it('concurrent first logins through three apps make one primary and two linked identities', async () => {
    const deps = setup()
    const results = await Promise.all(
      [MP, OA, WEB, MP, OA, WEB].map((appid) =>
        findOrCreateUser(deps, { appid, openid: `o-${appid}`, unionid: 'u-2', platform: 'mp' }),
      ),
    )
    expect(new Set(results.map((r) => r.user._id)).size).toBe(1)
    const docs = await all(deps)
    expect(docs).toHaveLength(3)
    expect(docs.filter((d) => d.primaryUnionid === 'u-2')).toHaveLength(1)
    expect(docs.filter((d) => d.linkedUserId === results[0].user._id)).toHaveLength(2)
  })

  it('a unionid learned later makes the identity primary when nobody holds it', async () => {
    const deps = setup()
    const first = await findOrCreateUser(deps, { appid: MP, openid: 'o-mp', platform: 'mp' })
    await findOrCreateUser(deps, { appid: MP, openid: 'o-mp', unionid: 'u-3', platform: 'mp' })
    const oa = await findOrCreateUser(deps, { appid: OA, openid: 'o-oa', unionid: 'u-3', platform: 'officialAccount' })
    expect(oa.user._id).toBe(first.user._id)
  })

  it('never merges two existing accounts: the later one keeps its own data and a warning is logged', async () => {
    const deps = setup()
    const mp = await findOrCreateUser(deps, { appid: MP, openid: 'o-mp', platform: 'mp' })
    const oa = await findOrCreateUser(deps, { appid: OA, openid: 'o-oa', unionid: 'u-4', platform: 'officialAccount' })
    const again = await findOrCreateUser(deps, { appid: MP, openid: 'o-mp', unionid: 'u-4', platform: 'mp' })
    expect(again.user._id).toBe(mp.user._id)
    expect(again.user._id).not.toBe(oa.user._id)
    const stored = (await all(deps)).find((d) => d._id === mp.user._id)!
    expect(stored).toMatchObject({ unionid: 'u-4' })
    expect(stored.primaryUnionid).toBeUndefined()
    expect(deps.warnings.join('\n')).toMatch(/unionid conflict/)
    expect(deps.warnings.join('\n')).not.toContain('u-4')
    expect(deps.warnings.join('\n')).not.toContain('o-mp')
  })
})

describe('the client view', () => {
  it('holds no openid or unionid, and masks the phone', async () => {
    const deps = setup()
    const { user } = await findOrCreateUser(deps, { appid: MP, openid: 'o-secretive', unionid: 'u-secretive', platform: 'mp' })
    expect(toUserView(user)).toEqual({ userId: user._id, nickname: '', avatarUrl: '', hasPhone: false })
    const withPhone = await setPhone(deps, user._id, { phone: '13812345678', countryCode: '86' })
    const view = toUserView(withPhone)
    expect(view).toEqual({ userId: user._id, nickname: '', avatarUrl: '', hasPhone: true, phoneMasked: '138****5678' })
    expect(JSON.stringify(view)).not.toMatch(/secretive|13812345678/)
  })

  it.each([
    ['13812345678', '138****5678'],
    ['5551234', '***1234'],
    ['1234', '****'],
  ])('masks %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked)
  })
})
