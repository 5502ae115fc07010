import { isDuplicateKeyError, type Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import { commands } from '../shared/db-commands'
import type { Env } from '../shared/env'
import { COLLECTIONS } from '../shared/collections'

/**
 * Users: one document per WeChat identity (appid, openid), enforced by a
 * unique index, created by insert-or-re-read so N concurrent first logins make
 * exactly one. The person behind several identities (mini program, official
 * account, website app) is linked through the unionid; see README.md in this
 * folder for the linking and conflict rule. In short:
 *
 * - The first identity seen with a unionid becomes the *primary* user of that
 *   unionid (`primaryUnionid`, unique sparse index: exactly one per unionid).
 * - A later identity with the same unionid is created *linked* to it
 *   (`linkedUserId`): logging in through it opens a session of the primary
 *   user, so profile, phone and orders are shared.
 * - Two existing accounts are never merged automatically. An identity that
 *   learns its unionid only later, when another primary already holds that
 *   unionid, records the unionid and stays a separate account (logged).
 */

export const USERS = COLLECTIONS.users

/** Where an identity comes from. */
export type Platform = 'mp' | 'officialAccount' | 'website'

/** A WeChat identity as jscode2session or the OAuth code exchange answers it. */
export interface WechatIdentity {
  appid: string
  openid: string
  unionid?: string
  platform: Platform
}

/** A user document. The primary one of a person holds the profile. */
export interface UserRecord {
  _id: string
  appid: string
  openid: string
  platform: Platform
  unionid?: string
  /** Set on the one primary user of a unionid (unique sparse index). */
  primaryUnionid?: string
  /** Set on identities that belong to another (primary) user. */
  linkedUserId?: string
  nickname: string
  avatarUrl: string
  /** The cloud storage fileID of an avatar the user uploaded. */
  avatarFileId?: string
  /** Digits without country code (`purePhoneNumber`). */
  phone?: string
  phoneCountryCode?: string
  /** When WeChat last confirmed `phone`, and through which button. */
  phoneVerifiedAt?: number
  phoneVerifiedBy?: 'quick' | 'realtime'
  createdAt: number
  updatedAt: number
  lastLoginAt: number
}

/** What a client sees of a user: no openid, unionid or anything derived from them. */
export interface UserView {
  userId: string
  nickname: string
  avatarUrl: string
  hasPhone: boolean
  phoneMasked?: string
}

/** What the user functions need. */
export interface UserDeps {
  db: Database
  env: Pick<Env, 'now'>
  /** Operational warnings (user ids only, never openids or unionids). */
  warn?: (line: string) => void
}

const MAX_ATTEMPTS = 4

function collection(db: Database) {
  return db.collection<UserRecord>(USERS)
}

/** `138****1234`: enough for the user to recognise the number. */
export function maskPhone(phone: string): string {
  if (phone.length <= 4) return '*'.repeat(phone.length)
  if (phone.length < 8) return `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}`
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}

/** The client's view of a (primary) user. */
export function toUserView(user: UserRecord): UserView {
  const view: UserView = {
    userId: user._id,
    nickname: user.nickname ?? '',
    avatarUrl: user.avatarUrl ?? '',
    hasPhone: !!user.phone,
  }
  if (user.phone) view.phoneMasked = maskPhone(user.phone)
  return view
}

async function findByIdentity(db: Database, appid: string, openid: string): Promise<UserRecord | undefined> {
  const { data } = await collection(db).where({ appid, openid }).limit(1).get()
  return data[0]
}

async function findPrimaryOfUnionid(db: Database, unionid: string): Promise<UserRecord | undefined> {
  const { data } = await collection(db).where({ primaryUnionid: unionid }).limit(1).get()
  return data[0]
}

/** A user by id, or undefined. */
export async function findUser(db: Database, userId: string): Promise<UserRecord | undefined> {
  const { data } = await collection(db).doc(userId).get()
  return data[0]
}

/** The primary user of an identity document (itself unless linked). */
async function primaryOf(db: Database, record: UserRecord): Promise<UserRecord> {
  if (!record.linkedUserId) return record
  return (await findUser(db, record.linkedUserId)) ?? record
}

/** Record a unionid WeChat now reports for an identity that had none. */
async function attachUnionid(deps: UserDeps, record: UserRecord, unionid: string): Promise<UserRecord> {
  const cmd = commands(deps.db)
  const now = deps.env.now()
  if (!record.linkedUserId) {
    try {
      const { updated } = await collection(deps.db)
        .where({ _id: record._id, unionid: cmd.exists(false) })
        .update({ unionid, primaryUnionid: unionid, updatedAt: now })
      if (updated === 1) return { ...record, unionid, primaryUnionid: unionid }
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error
      // Another account is already the primary of this unionid: keep both, never merge.
      const primary = await findPrimaryOfUnionid(deps.db, unionid)
      deps.warn?.(`[users] unionid conflict: user ${record._id} stays separate from ${primary?._id ?? '(unknown)'}`)
      await collection(deps.db).where({ _id: record._id, unionid: cmd.exists(false) }).update({ unionid, updatedAt: now })
      return { ...record, unionid }
    }
  }
  return (await findUser(deps.db, record._id)) ?? record
}

/**
 * The user of a WeChat identity, created on first login. Safe under
 * concurrency: the unique (appid, openid) index lets one insert win and the
 * others re-read it. Answers the primary user (the one sessions belong to).
 */
export async function findOrCreateUser(
  deps: UserDeps,
  identity: WechatIdentity,
): Promise<{ user: UserRecord; created: boolean }> {
  const { appid, openid, unionid, platform } = identity
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let existing = await findByIdentity(deps.db, appid, openid)
    if (existing) {
      const now = deps.env.now()
      if (unionid && !existing.unionid) existing = await attachUnionid(deps, existing, unionid)
      else if (unionid && existing.unionid !== unionid) {
        deps.warn?.(`[users] user ${existing._id}: WeChat reports a different unionid than stored; keeping the stored one`)
      }
      await collection(deps.db).doc(existing._id).update({ lastLoginAt: now })
      return { user: await primaryOf(deps.db, existing), created: false }
    }
    const now = deps.env.now()
    const record: Omit<UserRecord, '_id'> = {
      appid,
      openid,
      platform,
      nickname: '',
      avatarUrl: '',
      createdAt: now,
      updatedAt: now,
      lastLoginAt: now,
    }
    let primary: UserRecord | undefined
    if (unionid) {
      record.unionid = unionid
      primary = await findPrimaryOfUnionid(deps.db, unionid)
      if (primary) record.linkedUserId = primary._id
      else record.primaryUnionid = unionid
    }
    try {
      const { id } = await collection(deps.db).add({ ...record })
      return { user: primary ?? { ...record, _id: id }, created: !primary }
    } catch (error) {
      // Lost a race: on (appid, openid) → re-read the winner; on primaryUnionid →
      // another identity of this person became primary first → link to it.
      if (!isDuplicateKeyError(error)) throw error
    }
  }
  throw new CloudError('INTERNAL_ERROR', 'could not create the user')
}

/** The primary user a session belongs to; TOKEN_INVALID when it no longer exists. */
export async function getUser(db: Database, userId: string): Promise<UserRecord> {
  const user = await findUser(db, userId)
  if (!user) throw new CloudError('TOKEN_INVALID', 'user no longer exists')
  return user
}

/** Change nickname and/or avatar. */
export async function updateProfile(
  deps: UserDeps,
  userId: string,
  change: { nickname?: string; avatarUrl?: string; avatarFileId?: string },
): Promise<UserRecord> {
  const patch: Record<string, unknown> = {}
  if (change.nickname !== undefined) patch.nickname = change.nickname
  if (change.avatarUrl !== undefined) patch.avatarUrl = change.avatarUrl
  if (change.avatarFileId !== undefined) patch.avatarFileId = change.avatarFileId
  if (Object.keys(patch).length > 0) {
    patch.updatedAt = deps.env.now()
    await collection(deps.db).doc(userId).update(patch)
  }
  return getUser(deps.db, userId)
}

/**
 * Fill nickname / avatar from WeChat's userinfo (snsapi_userinfo, snsapi_login)
 * where the user has none yet; never overwrite what the user chose.
 */
export async function fillProfileIfEmpty(
  deps: UserDeps,
  user: UserRecord,
  profile: { nickname?: string; avatarUrl?: string },
): Promise<UserRecord> {
  const now = deps.env.now()
  let next = user
  if (profile.nickname && !user.nickname) {
    const { updated } = await collection(deps.db).where({ _id: user._id, nickname: '' }).update({ nickname: profile.nickname, updatedAt: now })
    if (updated) next = { ...next, nickname: profile.nickname }
  }
  if (profile.avatarUrl && !user.avatarUrl) {
    const { updated } = await collection(deps.db).where({ _id: user._id, avatarUrl: '' }).update({ avatarUrl: profile.avatarUrl, updatedAt: now })
    if (updated) next = { ...next, avatarUrl: profile.avatarUrl }
  }
  return next
}

/**
 * Store a phone number WeChat confirmed for the user, with when and by which
 * button (`quick` 快速验证 or `realtime` 实时验证, as the client declared it).
 */
export async function setPhone(
  deps: UserDeps,
  userId: string,
  phone: { phone: string; countryCode: string; verifiedBy?: 'quick' | 'realtime' },
): Promise<UserRecord> {
  const now = deps.env.now()
  await collection(deps.db)
    .doc(userId)
    .update({ phone: phone.phone, phoneCountryCode: phone.countryCode, phoneVerifiedAt: now, phoneVerifiedBy: phone.verifiedBy ?? 'quick', updatedAt: now })
  return getUser(deps.db, userId)
}

/**
 * The openid a user has under `appid` (the payer openid of a JSAPI payment):
 * the user's own identity or one linked to it. Undefined when the user never
 * logged in through that app.
 */
export async function openidFor(db: Database, userId: string, appid: string): Promise<string | undefined> {
  const own = await findUser(db, userId)
  if (own?.appid === appid) return own.openid
  const { data } = await collection(db).where({ linkedUserId: userId, appid }).limit(1).get()
  return data[0]?.openid
}
