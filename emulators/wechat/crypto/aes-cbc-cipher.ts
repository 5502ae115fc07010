import { createCipheriv } from 'node:crypto'
import { u8 } from './bytes'

/**
 * AES-128-CBC with PKCS#7 padding, as WeChat encrypts mini-program open data
 * (开放数据校验与解密): key = base64-decoded session_key (16 bytes), iv = 16
 * bytes, result base64. Node's default padding is PKCS#7.
 */
export function aesCbcEncrypt(sessionKeyBase64: string, iv: Uint8Array, plaintext: string): string {
  const cipher = createCipheriv('aes-128-cbc', sessionKey(sessionKeyBase64), iv)
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()].map(u8)).toString('base64')
}

function sessionKey(base64: string): Uint8Array {
  const key = u8(Buffer.from(base64, 'base64'))
  if (key.length !== 16) throw new Error('session_key must decode to 16 bytes')
  return key
}
