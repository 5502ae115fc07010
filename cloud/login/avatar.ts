import { CloudError } from '../shared/errors'
import { randomId, type Env } from '../shared/env'

/**
 * Avatar uploads: the client sends the picked image as `{ base64, ext }` (the
 * mini program's chooseAvatar yields a temporary file the client reads; see
 * src/utils/avatar-file.ts) and the server stores it in cloud storage. The
 * server does not trust `ext`: the bytes must be a PNG, JPEG or WebP of at
 * most 512 KiB, and the stored extension is the detected one.
 */

export const AVATAR_MAX_BYTES = 512 * 1024
export const AVATAR_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp'] as const
export type AvatarExtension = (typeof AVATAR_EXTENSIONS)[number]

type ImageType = 'png' | 'jpg' | 'webp'

function detect(bytes: Buffer): ImageType | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg'
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp'
  return undefined
}

function refuse(reason: string): CloudError {
  return new CloudError('PARAM_INVALID', `invalid parameter: avatar (${reason})`, { fields: [{ field: 'avatar', reason }] })
}

/** A checked avatar, ready for uniCloud.uploadFile. */
export interface AvatarFile {
  cloudPath: string
  content: Uint8Array
  type: ImageType
}

/** Decode and check an uploaded avatar; PARAM_INVALID when it is not a small PNG/JPEG/WebP. */
export function prepareAvatar(userId: string, input: { base64: string; ext: AvatarExtension }, env: Pick<Env, 'randomBytes'>): AvatarFile {
  // 4 base64 characters carry 3 bytes: refuse oversized input before decoding it.
  if (input.base64.length > Math.ceil(AVATAR_MAX_BYTES / 3) * 4 + 4) throw refuse('larger than 512 KiB')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.base64)) throw refuse('not base64')
  const bytes = Buffer.from(input.base64, 'base64')
  if (bytes.length === 0) throw refuse('empty')
  if (bytes.length > AVATAR_MAX_BYTES) throw refuse('larger than 512 KiB')
  const type = detect(bytes)
  if (!type) throw refuse('not a PNG, JPEG or WebP image')
  const claimed: ImageType = input.ext === 'jpeg' ? 'jpg' : input.ext
  if (claimed !== type) throw refuse(`content is ${type}, not ${input.ext}`)
  return {
    cloudPath: `avatars/${userId}/${randomId(env, 12)}.${type}`,
    content: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    type,
  }
}
