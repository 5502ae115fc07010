import { generateKeyPair } from 'node:crypto'
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { PUBLIC_KEY_ID_PREFIX } from './constants'
import { createPlatformCertificate } from './crypto/platform-certificate'
import { randomAlnum, randomBase64Url, randomDigits, randomHex } from './random'

/** What kind of WeChat application an appid belongs to. */
export type AppKind = 'miniProgram' | 'officialAccount' | 'website'

/** A simulated WeChat application. */
export interface AppIdentity {
  kind: AppKind
  name: string
  appid: string
  secret: string
}

/** An RSA key pair in PEM (PKCS#8 private, SPKI public). */
export interface KeyPairPem {
  privateKey: string
  publicKey: string
}

/**
 * Everything generated once per emulator home: apps, the merchant, WeChat Pay's
 * own keys (distinct from the merchant's), and the cloud objects' secrets.
 * Testing material only: never real credentials.
 */
export interface Identity {
  version: 1
  /** Derives openids and unionids, so they stay stable across restarts. */
  seed: string
  apps: { mp: AppIdentity; officialAccount: AppIdentity; website: AppIdentity }
  merchant: KeyPairPem & { mchid: string; name: string; apiV3Key: string; serialNo: string }
  platformPublicKey: KeyPairPem & { id: string }
  platformCertificate: KeyPairPem & {
    serialNo: string
    certificate: string
    effectiveTime: string
    expireTime: string
  }
  cloud: { tokenSecret: string; sessionKeyEncryptionKey: string }
}

const FILE_NAME = 'identity.json'

function rsaKeyPair(): Promise<KeyPairPem> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      },
      (error, publicKey, privateKey) => (error ? reject(error) : resolve({ publicKey, privateKey })),
    )
  })
}

function app(kind: AppKind, name: string): AppIdentity {
  return { kind, name, appid: 'wx' + randomHex(16), secret: randomHex(32) }
}

/** A certificate serial: 20 bytes, positive, uppercase hex as WeChat Pay prints it. */
function certificateSerial(): string {
  const bytes = randomBytes(20)
  bytes[0] = (bytes[0] & 0x7f) | 0x10
  return bytes.toString('hex').toUpperCase()
}

/** Generate a fresh identity (three RSA-2048 key pairs). */
export async function generateIdentity(now: number): Promise<Identity> {
  const [merchantKeys, publicKeyKeys, certificateKeys] = await Promise.all([rsaKeyPair(), rsaKeyPair(), rsaKeyPair()])
  const mchid = '19' + randomDigits(8)
  const certificateSerialNo = certificateSerial()
  const notBefore = new Date(now - 86400_000)
  const notAfter = new Date(now + 5 * 365 * 86400_000)
  return {
    version: 1,
    seed: randomHex(64),
    apps: {
      mp: app('miniProgram', 'Emulated mini program'),
      officialAccount: app('officialAccount', 'Emulated official account'),
      website: app('website', 'Emulated website app'),
    },
    merchant: {
      ...merchantKeys,
      mchid,
      name: 'Emulated merchant',
      apiV3Key: randomAlnum(32),
      serialNo: certificateSerial(),
    },
    platformPublicKey: { ...publicKeyKeys, id: PUBLIC_KEY_ID_PREFIX + '01' + mchid + randomDigits(16) },
    platformCertificate: {
      ...certificateKeys,
      serialNo: certificateSerialNo,
      certificate: createPlatformCertificate({
        privateKeyPem: certificateKeys.privateKey,
        publicKeyPem: certificateKeys.publicKey,
        serialHex: certificateSerialNo,
        notBefore,
        notAfter,
      }),
      effectiveTime: notBefore.toISOString(),
      expireTime: notAfter.toISOString(),
    },
    cloud: {
      tokenSecret: randomBase64Url(36),
      sessionKeyEncryptionKey: randomBytes(32).toString('base64'),
    },
  }
}

function looksLikeIdentity(value: unknown): value is Identity {
  const id = value as Identity
  return (
    !!id &&
    id.version === 1 &&
    typeof id.seed === 'string' &&
    typeof id.apps?.mp?.appid === 'string' &&
    typeof id.apps?.officialAccount?.appid === 'string' &&
    typeof id.apps?.website?.appid === 'string' &&
    typeof id.merchant?.privateKey === 'string' &&
    typeof id.platformPublicKey?.privateKey === 'string' &&
    typeof id.platformCertificate?.certificate === 'string' &&
    typeof id.cloud?.tokenSecret === 'string'
  )
}

/** The identity file holds every testing key and secret: the owner's only, its folder too. */
const FILE_MODE = 0o600
const DIR_MODE = 0o700

/** Tighten the state folder and an existing identity file that an older run (or a copy) left readable to others. */
async function tightenModes(stateDir: string, file: string): Promise<void> {
  if (((await stat(stateDir)).mode & 0o777) !== DIR_MODE) await chmod(stateDir, DIR_MODE)
  if (((await stat(file)).mode & 0o777) !== FILE_MODE) await chmod(file, FILE_MODE)
}

/**
 * Load the identity from `stateDir`, or generate and save it there (mode 0600,
 * the folder 0700). Without a stateDir a fresh identity lives in memory only.
 */
export async function loadOrCreateIdentity(stateDir: string | undefined, now: number): Promise<Identity> {
  if (!stateDir) return generateIdentity(now)
  const file = join(stateDir, FILE_NAME)
  let text: string | undefined
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  if (text !== undefined) {
    const parsed: unknown = JSON.parse(text)
    if (!looksLikeIdentity(parsed)) {
      throw new Error(`WeChat emulator: ${file} is not a version 1 identity; delete it to generate a new one`)
    }
    await tightenModes(stateDir, file)
    return parsed
  }
  const identity = await generateIdentity(now)
  await mkdir(stateDir, { recursive: true, mode: DIR_MODE })
  try {
    // flag wx: never write the keys into a file another start created meanwhile (with its mode); use that one.
    await writeFile(file, JSON.stringify(identity, null, 2) + '\n', { mode: FILE_MODE, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateIdentity(stateDir, now)
    throw error
  }
  await tightenModes(stateDir, file)
  return identity
}
