import { createPublicKey, createVerify, type KeyObject } from 'node:crypto'
import { CERTIFICATE_REFRESH_INTERVAL_MS, PUBLIC_KEY_ID_PREFIX } from './constants'
import { WxpayError, isWxpayError } from './errors'
import type { Clock } from './types'

/** Checks a WeChat Pay signature with the key named by the serial it came with. */
export interface Verifier {
  /** Resolve when `signature` (base64) over `message` verifies with the key for `serial`; else throw. */
  verify(serial: string, message: string, signature: string): Promise<void>
}

/** Downloads the current platform certificates: serial → public key. */
export type CertificateFetcher = () => Promise<Map<string, KeyObject>>

/** A public key as a KeyObject or a PEM (SPKI public key or X.509 certificate). */
export type PublicKeySource = KeyObject | string

/** Parse a PEM public key or certificate, or throw KEY_INVALID. */
export function toRsaPublicKey(key: PublicKeySource): KeyObject {
  let parsed: KeyObject
  try {
    parsed = typeof key === 'string' ? createPublicKey(key) : key
  } catch {
    throw new WxpayError('KEY_INVALID', 'WeChat Pay public key does not parse')
  }
  if (parsed.type !== 'public' || parsed.asymmetricKeyType !== 'rsa') {
    throw new WxpayError('KEY_INVALID', 'WeChat Pay public key must be an RSA public key')
  }
  return parsed
}

/** Serials are hex (certificates) or PUB_KEY_ID_ digits; compare them case-insensitively. */
export function normaliseSerial(serial: string): string {
  return serial.trim().toUpperCase()
}

// A serial comes from a request header: keep only what a serial can contain before quoting it.
function printable(serial: string): string {
  return serial.replace(/[^0-9A-Za-z_]/g, '').slice(0, 64)
}

/** Options of RsaVerifier. */
export interface RsaVerifierOptions {
  /** WeChat Pay public keys by id (`PUB_KEY_ID_…`). */
  publicKeys?: Record<string, PublicKeySource>
  /** Platform certificates already known, by serial. */
  certificates?: Map<string, PublicKeySource> | Record<string, PublicKeySource>
  /** Called for an unknown certificate serial, at most once per `refreshIntervalMs`. */
  fetchCertificates?: CertificateFetcher
  refreshIntervalMs?: number
  now?: Clock
}

/**
 * SHA256withRSA verifier holding both kinds of WeChat Pay keys at once: the
 * public key (by `PUB_KEY_ID_…`) and platform certificates (by serial), since
 * during a migration notifies arrive signed by either. The serial header picks
 * the key; nothing is assumed.
 */
export class RsaVerifier implements Verifier {
  readonly #publicKeys = new Map<string, KeyObject>()
  #certificates = new Map<string, KeyObject>()
  readonly #fetchCertificates?: CertificateFetcher
  readonly #refreshIntervalMs: number
  readonly #now: Clock
  #lastRefreshAt?: number
  #refreshing?: Promise<boolean>

  constructor(options: RsaVerifierOptions = {}) {
    for (const [id, key] of Object.entries(options.publicKeys ?? {})) {
      this.#publicKeys.set(normaliseSerial(id), toRsaPublicKey(key))
    }
    if (options.certificates) this.setCertificates(options.certificates)
    this.#fetchCertificates = options.fetchCertificates
    this.#refreshIntervalMs = options.refreshIntervalMs ?? CERTIFICATE_REFRESH_INTERVAL_MS
    this.#now = options.now ?? Date.now
  }

  /** Replace the platform certificates (the public keys stay). */
  setCertificates(certificates: Map<string, PublicKeySource> | Record<string, PublicKeySource>): void {
    const entries = certificates instanceof Map ? [...certificates] : Object.entries(certificates)
    this.#certificates = new Map(entries.map(([serial, key]) => [normaliseSerial(serial), toRsaPublicKey(key)]))
  }

  /** The serials and key ids currently usable. */
  knownSerials(): string[] {
    return [...this.#publicKeys.keys(), ...this.#certificates.keys()]
  }

  /**
   * Download the platform certificates, unless a download started less than
   * the refresh interval ago. Concurrent callers share one download. Resolves
   * true when the set was replaced.
   */
  refreshCertificates(): Promise<boolean> {
    const fetchCertificates = this.#fetchCertificates
    if (!fetchCertificates) return Promise.resolve(false)
    if (this.#refreshing) return this.#refreshing
    const now = this.#now()
    // Failed downloads count too: an attacker sending random serials must not make us hammer the API.
    if (this.#lastRefreshAt !== undefined && now - this.#lastRefreshAt < this.#refreshIntervalMs) return Promise.resolve(false)
    this.#lastRefreshAt = now
    this.#refreshing = (async () => {
      try {
        this.setCertificates(await fetchCertificates())
        return true
      } finally {
        this.#refreshing = undefined
      }
    })()
    return this.#refreshing
  }

  /** Verify, refreshing certificates once for an unknown certificate serial. */
  async verify(serial: string, message: string, signature: string): Promise<void> {
    const key = await this.#keyFor(serial)
    let valid = false
    try {
      valid = createVerify('RSA-SHA256').update(message, 'utf8').verify(key, signature, 'base64')
    } catch {
      valid = false
    }
    if (!valid) throw new WxpayError('SIGNATURE_INVALID', 'WeChat Pay signature does not verify')
  }

  #lookup(id: string): KeyObject | undefined {
    return this.#publicKeys.get(id) ?? this.#certificates.get(id)
  }

  async #keyFor(serial: string): Promise<KeyObject> {
    const id = normaliseSerial(serial)
    const known = this.#lookup(id)
    if (known) return known
    // Public keys cannot be downloaded: only certificate serials are worth a refresh.
    if (!id.startsWith(PUBLIC_KEY_ID_PREFIX) && this.#fetchCertificates) {
      try {
        await this.refreshCertificates()
      } catch (error) {
        const why = isWxpayError(error) ? error.code : 'error'
        throw new WxpayError('SERIAL_UNKNOWN', `no key for serial ${printable(serial)} (certificate refresh failed: ${why})`)
      }
      const fetched = this.#lookup(id)
      if (fetched) return fetched
    }
    throw new WxpayError('SERIAL_UNKNOWN', `no key for serial ${printable(serial)}`)
  }
}
