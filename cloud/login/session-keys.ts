import { createHash } from 'node:crypto'
import type { Database } from '../shared/database'
import type { Env } from '../shared/env'
import { open, seal } from '../shared/secret-box'
import { COLLECTIONS } from '../shared/collections'

/**
 * The mini program's session_key, one per (appid, openid): kept server-side
 * only, sealed with AES-256-GCM (`sessionKeyEncryptionKey`) and bound to its
 * (appid, openid) so a sealed value moved to another user does not open.
 * Nothing here logs or returns it to a client; it exists for the legacy
 * encrypted-data decryption and checksession.
 */

export const SESSION_KEYS = COLLECTIONS.sessionKeys

/** What the store needs. */
export interface SessionKeyDeps {
  db: Database
  /** The 32-byte sealing key. */
  key: Uint8Array
  env: Pick<Env, 'now' | 'randomBytes'>
}

/** A stored session_key record (the key itself only sealed). */
export interface SessionKeyRecord {
  _id: string
  appid: string
  openid: string
  sealed: string
  updatedAt: number
}

function docId(appid: string, openid: string): string {
  return createHash('sha256').update(`${appid}\n${openid}`).digest('hex').slice(0, 40)
}

function context(appid: string, openid: string): string {
  return `session_key|${appid}|${openid}`
}

/** Save the latest session_key of a user (WeChat keeps one valid key per user, so the last one wins). */
export async function saveSessionKey(deps: SessionKeyDeps, appid: string, openid: string, sessionKey: string): Promise<void> {
  const record = {
    appid,
    openid,
    sealed: seal(deps.key, sessionKey, context(appid, openid), deps.env),
    updatedAt: deps.env.now(),
  }
  await deps.db.collection<SessionKeyRecord>(SESSION_KEYS).doc(docId(appid, openid)).set(record)
}

/** The session_key of a user, or undefined when none was stored. */
export async function readSessionKey(deps: Pick<SessionKeyDeps, 'db' | 'key'>, appid: string, openid: string): Promise<string | undefined> {
  const { data } = await deps.db.collection<SessionKeyRecord>(SESSION_KEYS).doc(docId(appid, openid)).get()
  const record = data[0]
  return record ? open(deps.key, record.sealed, context(appid, openid)) : undefined
}
