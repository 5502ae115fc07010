import { AUTH_SCHEME, SIGNTEST_PREFIX, WechatpayHeaders } from '../constants'
import { randomBytes } from 'node:crypto'
import { responseSigningMessage } from '../crypto/sign-messages'
import { rsaSign } from '../crypto/rsa-signer'
import type { Identity } from '../identity'
import { randomHex } from '../random'

/** How WeChat Pay signs responses and notifies. */
export type PayKeyMode = 'publicKey' | 'certificate' | 'mixed'
/** Which platform key signed one message. */
export type SigningKeyKind = 'publicKey' | 'certificate'

/** A platform signing key and the serial that names it in `Wechatpay-Serial`. */
export interface SigningKey {
  kind: SigningKeyKind
  serial: string
  privateKey: string
}

/** The platform key of a kind: the WeChat Pay public key or the platform certificate's key. */
export function signingKey(identity: Identity, kind: SigningKeyKind): SigningKey {
  return kind === 'publicKey'
    ? { kind, serial: identity.platformPublicKey.id, privateKey: identity.platformPublicKey.privateKey }
    : { kind, serial: identity.platformCertificate.serialNo, privateKey: identity.platformCertificate.privateKey }
}

/** Deviations a notify fault asks for when signing. */
export interface SigningTwists {
  skewSeconds?: number
  signtest?: boolean
  unknownSerial?: boolean
}

/**
 * The `Wechatpay-*` headers for a raw body, signed over `TIMESTAMP\nNONCE\nBODY\n`
 * (a skewed timestamp is signed as sent, so only the window check catches it).
 */
export function signedHeaders(
  key: SigningKey,
  wallSeconds: number,
  body: string,
  twists: SigningTwists = {},
): Record<string, string> {
  const timestamp = String(wallSeconds + (twists.skewSeconds ?? 0))
  const nonce = randomHex(32).toUpperCase()
  const signature = twists.signtest
    ? SIGNTEST_PREFIX + randomBytes(256).toString('base64')
    : rsaSign(key.privateKey, responseSigningMessage(timestamp, nonce, body))
  return {
    [WechatpayHeaders.timestamp]: timestamp,
    [WechatpayHeaders.nonce]: nonce,
    [WechatpayHeaders.signature]: signature,
    [WechatpayHeaders.serial]: twists.unknownSerial ? randomHex(40).toUpperCase() : key.serial,
    [WechatpayHeaders.signatureType]: AUTH_SCHEME,
  }
}
