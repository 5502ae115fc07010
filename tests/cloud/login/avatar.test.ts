/** Avatar uploads: small PNG / JPEG / WebP only, checked by content. */
import { describe, expect, it } from 'vitest'
import { AVATAR_MAX_BYTES, prepareAvatar } from '../../../cloud/login/avatar'
import { testEnv } from '../support'

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)])
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32)])
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP'), Buffer.alloc(32)])

function reason(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    const e = error as { code: string; message: string }
    return `${e.code}: ${e.message}`
  }
  return undefined
}

describe('prepareAvatar', () => {
  it.each([
    ['png', PNG, 'png'],
    ['jpg', JPEG, 'jpg'],
    ['jpeg', JPEG, 'jpg'],
    ['webp', WEBP, 'webp'],
  ] as const)('accepts a %s', (ext, bytes, type) => {
    const file = prepareAvatar('user-1', { base64: bytes.toString('base64'), ext }, testEnv())
    expect(file.type).toBe(type)
    expect(file.cloudPath).toMatch(new RegExp(`^avatars/user-1/[A-Za-z0-9_-]{16}\\.${type}$`))
    expect(Buffer.from(file.content).equals(bytes)).toBe(true)
  })

  it('refuses content that is not what ext says, non-images, non-base64 and oversized files', () => {
    const env = testEnv()
    expect(reason(() => prepareAvatar('u', { base64: PNG.toString('base64'), ext: 'jpg' }, env))).toMatch(/PARAM_INVALID.*content is png/)
    expect(reason(() => prepareAvatar('u', { base64: Buffer.from('<svg/>').toString('base64'), ext: 'png' }, env))).toMatch(/not a PNG/)
    expect(reason(() => prepareAvatar('u', { base64: 'not base64!', ext: 'png' }, env))).toMatch(/not base64/)
    const big = Buffer.concat([PNG, Buffer.alloc(AVATAR_MAX_BYTES)])
    expect(reason(() => prepareAvatar('u', { base64: big.toString('base64'), ext: 'png' }, env))).toMatch(/512 KiB/)
  })
})
