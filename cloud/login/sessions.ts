import { createHmac, timingSafeEqual, webcrypto } from 'node:crypto'
import { SignJWT, jwtVerify } from 'jose'
import type { Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import { commands } from '../shared/db-commands'
import { randomId, type Env } from '../shared/env'
import { COLLECTIONS } from '../shared/collections'

/**
 * Login sessions. One document per session in `wxkit-sessions` (never an array
 * inside the user rewritten by read-modify-write, the uni-id failure that
 * loses tokens when two refreshes race); every state change is a conditional
 * update, so concurrent calls cannot undo each other.
 *
 * - Access token: a JWT (HS256, jose) carrying only `sub` (userId), `sid`
 *   (session id), `iss`, `iat`, `exp`. Each authenticated call verifies it AND
 *   reads the session, so logout and theft detection take effect at once.
 * - Refresh token: `<sid>.<generation>.<mac>`, mac = HMAC-SHA256 over the
 *   session id, generation and the session's random salt. Nothing secret is
 *   stored: the server re-derives the token of the current generation.
 *   Using it rotates the session to the next generation; the old token dies.
 *   A rotated token used again is theft (or a replayed request): the session
 *   is revoked. One exception: a duplicate of the same refresh within
 *   `refreshGraceSeconds` of the rotation (a retried request, two tabs) gets
 *   the same answer as the winner instead of a revocation.
 *
 * Keys are derived from `token.secret` per purpose (access JWT, refresh MAC),
 * so a token of one kind can never pass as the other.
 */

export const SESSIONS = COLLECTIONS.sessions
const ISSUER = 'uni-wx-kit'
const MAX_TOKEN_LENGTH = 2048
const DEFAULT_REFRESH_GRACE_SECONDS = 30

/** The token settings (the `token` config section, plus the grace window). */
export interface TokenSettings {
  secret: string
  accessTtlSeconds: number
  refreshTtlSeconds: number
  /** How long after a rotation a duplicate of that refresh gets the same answer. */
  refreshGraceSeconds?: number
}

/** What the session functions need. */
export interface SessionDeps {
  db: Database
  token: TokenSettings
  env: Pick<Env, 'now' | 'randomBytes'>
}

/** Why a session ended. */
export type RevokeReason = 'logout' | 'refresh_reuse' | 'admin'

/** A session document. */
export interface SessionRecord {
  _id: string
  userId: string
  /** The app the user logged in through (mini program, official account or website app). */
  appid: string
  status: 'active' | 'revoked'
  generation: number
  /** Random per session; makes the refresh MAC unguessable even for a known sid. */
  salt: string
  createdAt: number
  rotatedAt: number
  /** After this the refresh token (and with it the session) is dead. Slides on each refresh. */
  refreshExpiresAt: number
  revokedAt?: number
  revokedReason?: RevokeReason
  clientIP?: string
}

/**
 * What the client stores, in the kit's own storage slot (never `newToken`:
 * the SDK would write that into uni-id's `uni_id_token`; see `KitAuth`).
 */
export interface SessionGrant {
  accessToken: string
  /** Milliseconds since the epoch. */
  accessTokenExpired: number
  refreshToken: string
  /** Milliseconds since the epoch. */
  refreshTokenExpired: number
}

/** An authenticated caller. */
export interface SessionCaller {
  userId: string
  sessionId: string
  /** The app the session was opened through. */
  appid: string
}

/** A session as listed for its user (no token material). */
export interface SessionSummary {
  sessionId: string
  appid: string
  createdAt: number
  rotatedAt: number
  refreshExpiresAt: number
}

// jose uses WebCrypto through the global `crypto`, which Node 18 (uniCloud's
// Nodejs18 runtime) only exposes behind a flag. node:crypto has it either way.
function ensureWebCrypto(): void {
  const scope = globalThis as { crypto?: unknown }
  if (!scope.crypto) scope.crypto = webcrypto
}

const keyCache = new Map<string, Uint8Array>()

function deriveKey(secret: string, purpose: string): Uint8Array {
  const id = `${purpose}\n${secret}`
  let key = keyCache.get(id)
  if (!key) {
    key = new Uint8Array(createHmac('sha256', secret).update(`uni-wx-kit/${purpose}/v1`).digest())
    keyCache.set(id, key)
  }
  return key
}

function refreshMac(secret: string, sessionId: string, generation: number, salt: string): string {
  return createHmac('sha256', deriveKey(secret, 'refresh-token'))
    .update(`${sessionId}.${generation}.${salt}`)
    .digest('base64url')
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(new Uint8Array(x), new Uint8Array(y))
}

const invalid = (message = 'token invalid') => new CloudError('TOKEN_INVALID', message)

function collection(db: Database) {
  return db.collection<SessionRecord>(SESSIONS)
}

/** Sign an access token for a session, valid from `now` for accessTtlSeconds. */
async function signAccessToken(deps: SessionDeps, userId: string, sessionId: string): Promise<Pick<SessionGrant, 'accessToken' | 'accessTokenExpired'>> {
  ensureWebCrypto()
  const iat = Math.floor(deps.env.now() / 1000)
  const exp = iat + deps.token.accessTtlSeconds
  const token = await new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setSubject(userId)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(deriveKey(deps.token.secret, 'access-token'))
  return { accessToken: token, accessTokenExpired: exp * 1000 }
}

/** The grant for a session's current generation: a fresh access token and the current refresh token. */
export async function grantFor(deps: SessionDeps, session: SessionRecord): Promise<SessionGrant> {
  return {
    ...(await signAccessToken(deps, session.userId, session._id)),
    refreshToken: `${session._id}.${session.generation}.${refreshMac(deps.token.secret, session._id, session.generation, session.salt)}`,
    refreshTokenExpired: session.refreshExpiresAt,
  }
}

/** Open a session for a user and answer its first grant. */
export async function createSession(
  deps: SessionDeps,
  input: { userId: string; appid: string; clientIP?: string },
): Promise<{ session: SessionRecord; grant: SessionGrant }> {
  const now = deps.env.now()
  const session: SessionRecord = {
    _id: randomId(deps.env, 16),
    userId: input.userId,
    appid: input.appid,
    status: 'active',
    generation: 0,
    salt: randomId(deps.env, 16),
    createdAt: now,
    rotatedAt: now,
    refreshExpiresAt: now + deps.token.refreshTtlSeconds * 1000,
    ...(input.clientIP ? { clientIP: input.clientIP } : {}),
  }
  await collection(deps.db).add({ ...session })
  return { session, grant: await grantFor(deps, session) }
}

/** A session by id, if it exists. */
export async function getSession(db: Database, sessionId: string): Promise<SessionRecord | undefined> {
  const { data } = await collection(db).doc(sessionId).get()
  return data[0]
}

/** The claims of a verified access token. */
interface AccessClaims {
  userId: string
  sessionId: string
}

function claimsOf(payload: { sub?: unknown; sid?: unknown }): AccessClaims {
  if (typeof payload.sub !== 'string' || !payload.sub || typeof payload.sid !== 'string' || !payload.sid) throw invalid()
  return { userId: payload.sub, sessionId: payload.sid }
}

/**
 * Check an access token's signature and claims (no database). Forged,
 * tampered, wrongly signed or malformed → TOKEN_INVALID; authentic but past
 * `exp` → TOKEN_EXPIRED, or its claims when `allowExpired` (logout).
 */
export async function verifyAccessToken(
  deps: Pick<SessionDeps, 'token' | 'env'>,
  token: unknown,
  options: { allowExpired?: boolean } = {},
): Promise<AccessClaims> {
  if (token === undefined || token === null || token === '') throw new CloudError('TOKEN_MISSING', 'login required')
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw invalid()
  ensureWebCrypto()
  try {
    const { payload } = await jwtVerify(token, deriveKey(deps.token.secret, 'access-token'), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      requiredClaims: ['sub', 'sid', 'iat', 'exp'],
      currentDate: new Date(deps.env.now()),
    })
    return claimsOf(payload)
  } catch (error) {
    if (error instanceof CloudError) throw error
    // jose checks the signature before the claims, so an expired token here is authentic.
    const e = error as { code?: unknown; payload?: { sub?: unknown; sid?: unknown } }
    if (e?.code === 'ERR_JWT_EXPIRED' && e.payload) {
      if (options.allowExpired) return claimsOf(e.payload)
      throw new CloudError('TOKEN_EXPIRED', 'token expired')
    }
    throw invalid()
  }
}

function isLive(session: SessionRecord | undefined, now: number): session is SessionRecord {
  return !!session && session.status === 'active' && session.refreshExpiresAt > now
}

/**
 * Authenticate a caller from the kit's token of the call (`kitTokenOf`): a valid access token
 * whose session is still active. TOKEN_MISSING / TOKEN_INVALID / TOKEN_EXPIRED.
 */
export async function authenticate(deps: SessionDeps, token: unknown): Promise<SessionCaller> {
  const claims = await verifyAccessToken(deps, token)
  const session = await getSession(deps.db, claims.sessionId)
  if (!isLive(session, deps.env.now()) || session.userId !== claims.userId) throw invalid('session ended')
  return { userId: session.userId, sessionId: session._id, appid: session.appid }
}

function parseRefreshToken(token: unknown): { sessionId: string; generation: number; mac: string } {
  if (typeof token !== 'string' || token.length > 256) throw invalid('refresh token invalid')
  const match = /^([A-Za-z0-9_-]{16,64})\.(0|[1-9][0-9]{0,8})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!match) throw invalid('refresh token invalid')
  return { sessionId: match[1], generation: Number(match[2]), mac: match[3] }
}

/** Revoke an active session. True when this call ended it. */
export async function revokeSession(deps: Pick<SessionDeps, 'db' | 'env'>, sessionId: string, reason: RevokeReason): Promise<boolean> {
  const { updated } = await collection(deps.db)
    .where({ _id: sessionId, status: 'active' })
    .update({ status: 'revoked', revokedAt: deps.env.now(), revokedReason: reason })
  return updated > 0
}

/**
 * Trade a refresh token for a new grant, rotating the session. TOKEN_INVALID
 * for anything forged, revoked or reused (reuse revokes the session);
 * TOKEN_EXPIRED when the session's refresh lifetime is over.
 */
export async function refreshSession(
  deps: SessionDeps,
  refreshToken: unknown,
): Promise<{ session: SessionRecord; grant: SessionGrant; reuseDetected?: false }> {
  const presented = parseRefreshToken(refreshToken)
  const graceMs = (deps.token.refreshGraceSeconds ?? DEFAULT_REFRESH_GRACE_SECONDS) * 1000
  // Two rounds: a lost race re-reads once and is then either a duplicate within grace or a reuse.
  for (let round = 0; round < 2; round++) {
    const session = await getSession(deps.db, presented.sessionId)
    if (!session) throw invalid('refresh token invalid')
    const expected = refreshMac(deps.token.secret, session._id, presented.generation, session.salt)
    // A wrong MAC is a forgery: refuse it without touching the session, or anyone
    // who saw a session id could log its owner out.
    if (!safeEqual(expected, presented.mac) || presented.generation > session.generation) throw invalid('refresh token invalid')
    if (session.status !== 'active') throw invalid('session ended')
    const now = deps.env.now()
    if (session.refreshExpiresAt <= now) throw new CloudError('TOKEN_EXPIRED', 'refresh token expired')

    if (presented.generation === session.generation) {
      const next: Partial<SessionRecord> = {
        generation: session.generation + 1,
        rotatedAt: now,
        refreshExpiresAt: now + deps.token.refreshTtlSeconds * 1000,
      }
      const { updated } = await collection(deps.db)
        .where({ _id: session._id, generation: session.generation, status: 'active' })
        .update(next)
      if (updated === 1) {
        const rotated = { ...session, ...next }
        return { session: rotated, grant: await grantFor(deps, rotated) }
      }
      continue
    }
    if (presented.generation === session.generation - 1 && now - session.rotatedAt <= graceMs) {
      return { session, grant: await grantFor(deps, session) }
    }
    await revokeSession(deps, session._id, 'refresh_reuse')
    throw invalid('refresh token reused; session revoked')
  }
  throw invalid('refresh token invalid')
}

/** The live sessions of a user, newest first. */
export async function listActiveSessions(deps: Pick<SessionDeps, 'db' | 'env'>, userId: string): Promise<SessionSummary[]> {
  const { data } = await collection(deps.db)
    .where({ userId, status: 'active', refreshExpiresAt: commands(deps.db).gt(deps.env.now()) })
    .orderBy('createdAt', 'desc')
    .limit(100)
    .get()
  return data.map((s) => ({
    sessionId: s._id,
    appid: s.appid,
    createdAt: s.createdAt,
    rotatedAt: s.rotatedAt,
    refreshExpiresAt: s.refreshExpiresAt,
  }))
}

/** Delete sessions whose refresh lifetime ended more than `keepMs` ago. */
export async function purgeEndedSessions(deps: Pick<SessionDeps, 'db' | 'env'>, keepMs: number): Promise<number> {
  const { deleted } = await collection(deps.db)
    .where({ refreshExpiresAt: commands(deps.db).lt(deps.env.now() - keepMs) })
    .remove()
  return deleted
}
