import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { u8, utf8 } from './bytes'

const keyCache = new Map<string, KeyObject>()

function privateKey(pem: string): KeyObject {
  let key = keyCache.get(pem)
  if (!key) keyCache.set(pem, (key = createPrivateKey(pem)))
  return key
}

function publicKey(pem: string): KeyObject {
  let key = keyCache.get(pem)
  if (!key) keyCache.set(pem, (key = createPublicKey(pem)))
  return key
}

/** SHA256withRSA (PKCS#1 v1.5) of a UTF-8 message, base64. */
export function rsaSign(privateKeyPem: string, message: string): string {
  return sign('sha256', utf8(message), privateKey(privateKeyPem)).toString('base64')
}

/** Check a base64 SHA256withRSA signature; never throws. */
export function rsaVerify(publicKeyPem: string, message: string, signatureBase64: string): boolean {
  try {
    const signature = Buffer.from(signatureBase64, 'base64')
    if (signature.length === 0) return false
    return verify('sha256', utf8(message), publicKey(publicKeyPem), u8(signature))
  } catch {
    return false
  }
}
