import { X509Certificate, type KeyObject } from 'node:crypto'
import type { HttpResponse } from '../shared/http'
import { decryptAesGcm } from './aes-gcm-cipher'
import { AES_GCM_ALGORITHM, Paths } from './constants'
import { WxpayError, upstreamError } from './errors'
import { RsaVerifier, normaliseSerial, type PublicKeySource } from './rsa-verifier'
import type { Clock, EncryptedResource } from './types'
import { WechatPayValidator } from './validator'

/** One entry of `GET /v3/certificates`. */
interface CertificateEntry {
  serial_no: string
  effective_time?: string
  expire_time?: string
  encrypt_certificate: EncryptedResource
}

/** What downloading needs. */
export interface CertificateDownloadOptions {
  /** Send a signed GET for `path` and return the raw, not yet verified, response. */
  send: (path: string) => Promise<HttpResponse>
  apiV3Key: string | Buffer
  /**
   * WeChat Pay public keys by id (`PUB_KEY_ID_…`), also accepted for the
   * list's own signature: during a migration WeChat Pay signs API answers,
   * this one included, with its public key.
   */
  publicKeys?: Record<string, PublicKeySource>
  now?: Clock
}

function parseEntries(body: string): CertificateEntry[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    throw new WxpayError('RESPONSE_MALFORMED', 'certificate list is not JSON')
  }
  const data = (parsed as { data?: unknown } | null)?.data
  if (!Array.isArray(data)) throw new WxpayError('RESPONSE_MALFORMED', 'certificate list lacks data')
  for (const entry of data) {
    const ok =
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.serial_no === 'string' &&
      typeof entry.encrypt_certificate === 'object' &&
      entry.encrypt_certificate !== null
    if (!ok) throw new WxpayError('RESPONSE_MALFORMED', 'certificate entry lacks serial_no or encrypt_certificate')
  }
  return data as CertificateEntry[]
}

// Node prints serials in upper-case hex and may keep or drop leading zeros.
function sameSerial(a: string, b: string): boolean {
  const strip = (s: string) => normaliseSerial(s).replace(/^0+/, '')
  return strip(a) === strip(b)
}

/**
 * Download the platform certificates: signed `GET /v3/certificates`, decrypt
 * each `encrypt_certificate` with the APIv3 key, drop expired ones, then check
 * the response signature against the set just downloaded (the only keys there
 * can be on a first download). That is sound because only WeChat Pay can
 * produce ciphertexts that authenticate under the merchant's APIv3 key.
 * Resolves serial → public key.
 */
export async function downloadCertificates({ send, apiV3Key, publicKeys, now = Date.now }: CertificateDownloadOptions): Promise<Map<string, KeyObject>> {
  const response = await send(Paths.certificates)
  if (response.status < 200 || response.status >= 300) throw upstreamError(response)

  const certificates = new Map<string, KeyObject>()
  for (const entry of parseEntries(response.body)) {
    const encrypted = entry.encrypt_certificate
    if (encrypted.algorithm !== AES_GCM_ALGORITHM) {
      throw new WxpayError('ALGORITHM_UNSUPPORTED', 'certificate algorithm is not AEAD_AES_256_GCM')
    }
    const pem = decryptAesGcm({
      key: apiV3Key,
      nonce: encrypted.nonce,
      associatedData: encrypted.associated_data ?? '',
      ciphertext: encrypted.ciphertext,
    })
    let certificate: X509Certificate
    try {
      certificate = new X509Certificate(pem)
    } catch {
      throw new WxpayError('RESPONSE_MALFORMED', 'downloaded certificate does not parse')
    }
    if (!sameSerial(certificate.serialNumber, entry.serial_no)) {
      throw new WxpayError('RESPONSE_MALFORMED', 'downloaded certificate serial does not match serial_no')
    }
    if (Date.parse(certificate.validTo) < now()) continue
    certificates.set(normaliseSerial(entry.serial_no), certificate.publicKey)
  }

  const validator = new WechatPayValidator({ verifier: new RsaVerifier({ certificates, publicKeys }), now })
  await validator.validate(response.headers, response.body)
  return certificates
}
