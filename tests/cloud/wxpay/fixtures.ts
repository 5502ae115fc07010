/**
 * Test-only keys and a scripted WeChat Pay peer. Every key here is generated
 * at run time: nothing in this file is, or stands for, a real credential.
 * Signatures are made with node:crypto directly, never with the code under test.
 */
import { createSign, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto'
import forge from 'node-forge'
import type { HttpClient, HttpRequest, HttpResponse } from '../../../cloud/shared/http'

export interface TestKeyPair {
  privateKey: KeyObject
  publicKey: KeyObject
  privatePem: string
  publicPem: string
}

/** A fresh RSA-2048 key pair. */
export function testKeyPair(): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  }
}

/** base64 SHA256withRSA, straight from node:crypto. */
export function rsaSign(privateKey: KeyObject, message: string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64')
}

/** Verify base64 SHA256withRSA, straight from node:crypto. */
export function rsaVerify(publicKey: KeyObject, message: string, signature: string): boolean {
  return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signature, 'base64')
}

export const TEST_APIV3_KEY = 'TESTONLY0123456789abcdefghijklmn' // 32 ASCII bytes, test only
export const TEST_MCHID = '1900000109'
export const TEST_APPID = 'wxd678efh567hg6787'
export const MERCHANT_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1'
export const PUBLIC_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000'
export const PLATFORM_SERIAL = '3A1B5C7D9E0F11223344556677889900AABBCCDD'

/** WeChat Pay's signature headers over `TIMESTAMP\nNONCE\nBODY\n`, written out literally. */
export function signedHeaders(
  key: KeyObject,
  serial: string,
  body: string,
  timestamp: number,
  nonce = 'fdasflkja484w',
): Record<string, string> {
  return {
    'wechatpay-timestamp': String(timestamp),
    'wechatpay-nonce': nonce,
    'wechatpay-signature': rsaSign(key, `${timestamp}\n${nonce}\n${body}\n`),
    'wechatpay-serial': serial,
    'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    'request-id': '08F78BB5AF0610D302A2F9A20200000000',
  }
}

/** A response WeChat Pay would send, signed. */
export function signedResponse(key: KeyObject, serial: string, status: number, body: string, timestamp: number): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...signedHeaders(key, serial, body, timestamp) }, body }
}

export interface RecordedCall {
  url: string
  request: HttpRequest
}

/** An HttpClient answering from a script; each entry is a response or an error to throw. */
export function scriptedHttp(script: Array<HttpResponse | Error | ((call: RecordedCall) => HttpResponse)>): HttpClient & {
  calls: RecordedCall[]
} {
  const calls: RecordedCall[] = []
  return {
    calls,
    async request(url, request) {
      const call = { url, request }
      calls.push(call)
      const next = script.shift()
      if (next === undefined) throw new Error('script exhausted')
      if (next instanceof Error) throw next
      return typeof next === 'function' ? next(call) : next
    },
  }
}

/** Parse `WECHATPAY2-SHA256-RSA2048 k="v",…` into its fields. */
export function parseAuthorization(header: string): { schema: string; fields: Record<string, string> } {
  const space = header.indexOf(' ')
  const fields: Record<string, string> = {}
  for (const match of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g)) fields[match[1]] = match[2]
  return { schema: header.slice(0, space), fields }
}

/** A self-signed X.509 certificate over a test key, for platform-certificate mode (test only). */
export function selfSignedCertificate(keys: TestKeyPair, serialHex: string, notBefore: Date, notAfter: Date): string {
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicPem)
  cert.serialNumber = serialHex
  cert.validity.notBefore = notBefore
  cert.validity.notAfter = notAfter
  const attrs = [{ name: 'commonName', value: 'WeChat Pay platform certificate (TEST ONLY)' }]
  cert.setSubject(attrs)
  cert.setIssuer(attrs)
  cert.sign(forge.pki.privateKeyFromPem(keys.privatePem), forge.md.sha256.create())
  return forge.pki.certificateToPem(cert)
}
