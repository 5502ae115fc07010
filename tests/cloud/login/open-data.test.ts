/** Encrypted open data: AES-128-CBC/PKCS#7 under the session_key, the watermark's appid and window, WeRun's fields. */
import { createCipheriv, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { OPEN_DATA_FIELDS, OPEN_DATA_WATERMARK_WINDOW, openEncryptedData, weRunFields } from '../../../cloud/login/open-data'
import { rejection } from '../support'

const APPID = 'wx0123456789abcdef'
const NOW = 1_735_732_800 // seconds

/** What the phone hands over: JSON sealed as WeChat documents it (Node's own AES-128-CBC, PKCS#7). */
function seal(sessionKey: string, payload: unknown, iv = randomBytes(16)): { encryptedData: string; iv: string } {
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), iv)
  const body = Buffer.concat([cipher.update(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8'), cipher.final()])
  return { encryptedData: body.toString('base64'), iv: iv.toString('base64') }
}

const newKey = () => randomBytes(16).toString('base64')
const steps = [
  { timestamp: NOW - 86400, step: 4321 },
  { timestamp: NOW, step: 1234 },
]

function open(sessionKey: string, sealed: { encryptedData: string; iv: string }, nowSeconds = NOW) {
  return openEncryptedData({ sessionKey, ...sealed, appid: APPID, nowSeconds })
}

/** The error an opening throws (or a failed test when it does not). */
async function failure(run: () => unknown) {
  return rejection(Promise.resolve().then(run))
}

describe('openEncryptedData', () => {
  it('opens data sealed under the session_key and answers it without the watermark', () => {
    const key = newKey()
    const sealed = seal(key, { stepInfoList: steps, watermark: { appid: APPID, timestamp: NOW } })
    expect(open(key, sealed)).toEqual({ stepInfoList: steps })
  })

  it('another session_key (the user logged in again) is SESSION_KEY_STALE, never a crash or garbage', async () => {
    const sealed = seal(newKey(), { stepInfoList: steps, watermark: { appid: APPID, timestamp: NOW } })
    // Many keys: a wrong key usually fails the padding check, now and then it passes it and the bytes are not JSON.
    for (let i = 0; i < 200; i++) expect((await failure(() => open(newKey(), sealed))).code).toBe('SESSION_KEY_STALE')
  })

  it('bytes that decrypt but are not a JSON object are SESSION_KEY_STALE', async () => {
    const key = newKey()
    expect((await failure(() => open(key, seal(key, 'not json')))).code).toBe('SESSION_KEY_STALE')
    expect((await failure(() => open(key, seal(key, '[1,2]')))).code).toBe('SESSION_KEY_STALE')
    expect((await failure(() => open(key, seal(key, 'null')))).code).toBe('SESSION_KEY_STALE')
  })

  it('a stored key that is not 16 bytes is SESSION_KEY_STALE', async () => {
    const key = newKey()
    const sealed = seal(key, { watermark: { appid: APPID, timestamp: NOW } })
    expect((await failure(() => open(randomBytes(24).toString('base64'), sealed))).code).toBe('SESSION_KEY_STALE')
  })

  it('refuses an iv that is not 16 bytes and a body that is not whole blocks as PARAM_INVALID', async () => {
    const key = newKey()
    const sealed = seal(key, { watermark: { appid: APPID, timestamp: NOW } })
    expect((await failure(() => open(key, { ...sealed, iv: randomBytes(12).toString('base64') }))).code).toBe('PARAM_INVALID')
    const cut = Buffer.from(sealed.encryptedData, 'base64').subarray(0, 20).toString('base64')
    expect((await failure(() => open(key, { ...sealed, encryptedData: cut }))).code).toBe('PARAM_INVALID')
  })

  it("another mini program's watermark, or none, is OPEN_DATA_INVALID", async () => {
    const key = newKey()
    const other = seal(key, { stepInfoList: steps, watermark: { appid: 'wxffffffffffffffff', timestamp: NOW } })
    expect((await failure(() => open(key, other))).code).toBe('OPEN_DATA_INVALID')
    expect((await failure(() => open(key, seal(key, { stepInfoList: steps })))).code).toBe('OPEN_DATA_INVALID')
    expect((await failure(() => open(key, seal(key, { watermark: { appid: APPID, timestamp: '1' } })))).code).toBe('OPEN_DATA_INVALID')
  })

  it(`takes watermarks from ${OPEN_DATA_WATERMARK_WINDOW.maxAgeSeconds} s back to ${OPEN_DATA_WATERMARK_WINDOW.maxAheadSeconds} s ahead; outside is OPEN_DATA_EXPIRED`, async () => {
    const key = newKey()
    const at = (timestamp: number) => seal(key, { stepInfoList: steps, watermark: { appid: APPID, timestamp } })
    const { maxAgeSeconds, maxAheadSeconds } = OPEN_DATA_WATERMARK_WINDOW
    expect(open(key, at(NOW - maxAgeSeconds))).toEqual({ stepInfoList: steps })
    expect(open(key, at(NOW + maxAheadSeconds))).toEqual({ stepInfoList: steps })
    expect((await failure(() => open(key, at(NOW - maxAgeSeconds - 1)))).code).toBe('OPEN_DATA_EXPIRED')
    expect((await failure(() => open(key, at(NOW + maxAheadSeconds + 1)))).code).toBe('OPEN_DATA_EXPIRED')
  })

  it('no error message carries the data or the key', async () => {
    const key = newKey()
    const sealed = seal(key, { stepInfoList: steps, watermark: { appid: 'wxffffffffffffffff', timestamp: NOW } })
    for (const error of [await failure(() => open(key, sealed)), await failure(() => open(newKey(), sealed))]) {
      const text = JSON.stringify({ message: error.message, detail: error.detail })
      for (const secret of [key, sealed.encryptedData, sealed.iv, '4321']) expect(text).not.toContain(secret)
    }
  })
})

describe('weRunFields', () => {
  it('answers stepInfoList only, each day reduced to timestamp and step', () => {
    expect(weRunFields({ stepInfoList: [{ timestamp: NOW, step: 5, extra: 'x' }], other: 1 })).toEqual({ stepInfoList: [{ timestamp: NOW, step: 5 }] })
    expect(OPEN_DATA_FIELDS.werun).toBe(weRunFields)
  })

  it('refuses anything that is not WeRun data as OPEN_DATA_INVALID', async () => {
    for (const data of [{}, { stepInfoList: 'x' }, { stepInfoList: [{ timestamp: NOW, step: -1 }] }, { stepInfoList: [{ timestamp: 1.5, step: 1 }] }]) {
      expect((await failure(() => weRunFields(data))).code).toBe('OPEN_DATA_INVALID')
    }
  })
})
