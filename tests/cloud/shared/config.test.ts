import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_ENDPOINTS, DEFAULT_MERCHANT_NAME, getConfig, loadConfig, resetConfigCache, type SectionName } from '../../../cloud/shared/config'
import { CloudError } from '../../../cloud/shared/errors'
import { testKeyPair } from '../wxpay/fixtures'

const merchant = testKeyPair()
const wechatPublicKey = testKeyPair()
const ALL: SectionName[] = ['mp', 'officialAccount', 'website', 'token', 'sessionKeyEncryptionKey', 'wxpay', 'endpoints']

/** A complete, valid config of test values. */
function validConfig() {
  return {
    mp: { appId: 'wx1111111111111111', appSecret: 'a'.repeat(32) },
    officialAccount: { appId: 'wx2222222222222222', appSecret: 'b'.repeat(32) },
    website: { appId: 'wx3333333333333333', appSecret: 'c'.repeat(32) },
    token: { secret: 'S'.repeat(40), accessTtlSeconds: 3600, refreshTtlSeconds: 86400 },
    sessionKeyEncryptionKey: randomBytes(32).toString('base64'),
    wxpay: {
      mchId: '1900000109',
      appId: 'wx1111111111111111',
      apiV3Key: 'TESTONLY0123456789abcdefghijklmn',
      merchantSerialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      merchantPrivateKey: merchant.privatePem,
      publicKeyId: 'PUB_KEY_ID_0114232134912410000000000000',
      publicKey: wechatPublicKey.publicPem,
      notifyUrl: 'https://shop.example.test/pay/notify',
      refundNotifyUrl: 'https://shop.example.test/pay/refundNotify',
    },
    endpoints: { weixinApi: 'http://127.0.0.1:9301/', weixinOpen: 'http://localhost:9301', wxpayApi: 'http://127.0.0.1:9302' },
  }
}

function configError(raw: unknown, sections: SectionName[] = ALL): CloudError {
  try {
    loadConfig(raw, sections)
  } catch (error) {
    expect(error).toBeInstanceOf(CloudError)
    expect((error as CloudError).code).toBe('CONFIG_INVALID')
    return error as CloudError
  }
  throw new Error('expected CONFIG_INVALID')
}

/** Every string value of an object, deeply. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf)
  return []
}

describe('loadConfig', () => {
  afterEach(() => resetConfigCache())

  it('returns every section typed, trims endpoint slashes, keeps loopback http for the emulators', () => {
    const config = loadConfig(validConfig(), ALL)
    expect(config.mp.appId).toBe('wx1111111111111111')
    expect(config.token.accessTtlSeconds).toBe(3600)
    expect(config.wxpay.publicKeyId).toBe('PUB_KEY_ID_0114232134912410000000000000')
    expect(config.endpoints).toEqual({ weixinApi: 'http://127.0.0.1:9301', weixinOpen: 'http://localhost:9301', wxpayApi: 'http://127.0.0.1:9302' })
  })

  it('checks only the sections asked for, and always gives endpoints with production defaults', () => {
    const { wxpay } = validConfig()
    const config = loadConfig({ wxpay }, ['wxpay'])
    expect(config.endpoints).toEqual(DEFAULT_ENDPOINTS)
    expect(config.wxpay.mchId).toBe('1900000109')
    expect(config).not.toHaveProperty('mp')
    expect(loadConfig({ endpoints: { wxpayApi: 'http://127.0.0.1:1' } }, []).endpoints).toEqual({ ...DEFAULT_ENDPOINTS, wxpayApi: 'http://127.0.0.1:1' })
  })

  it('defaults token lifetimes', () => {
    expect(loadConfig({ token: { secret: 'S'.repeat(32) } }, ['token']).token).toEqual({
      secret: 'S'.repeat(32),
      accessTtlSeconds: 7200,
      refreshTtlSeconds: 2_592_000,
    })
  })

  it('accepts platform-certificate mode (no public key at all)', () => {
    const raw = validConfig()
    delete (raw.wxpay as Partial<typeof raw.wxpay>).publicKeyId
    delete (raw.wxpay as Partial<typeof raw.wxpay>).publicKey
    expect(loadConfig(raw, ['wxpay']).wxpay.publicKey).toBeUndefined()
  })

  it('accepts PEMs pasted with literal \\n escapes', () => {
    const raw = validConfig()
    raw.wxpay.merchantPrivateKey = merchant.privatePem.replace(/\n/g, '\\n')
    expect(loadConfig(raw, ['wxpay']).wxpay.merchantPrivateKey).toBe(merchant.privatePem)
  })

  it('names every problem of the shipped example at once, and quotes none of its values', () => {
    const example = JSON.parse(
      readFileSync('uni_modules/wxkit-login-pay/config.example.json', 'utf8'),
    ) as Record<string, unknown>
    const error = configError(example)
    const fields = (error.detail as { fields: Array<{ field: string }> }).fields.map((f) => f.field)
    expect(fields).toEqual([
      'mp.appSecret',
      'officialAccount.appSecret',
      'website.appSecret',
      'token.secret',
      'sessionKeyEncryptionKey',
      'wxpay.apiV3Key',
      'wxpay.merchantSerialNo',
      'wxpay.merchantPrivateKey',
      'wxpay.publicKeyId',
      'wxpay.publicKey',
      'wxpay.notifyUrl',
      'wxpay.refundNotifyUrl',
    ])
    const exposed = error.message + JSON.stringify(error.detail)
    for (const value of stringsOf(example)) expect(exposed).not.toContain(value)
  })

  it('names missing and malformed keys together, with the message format of the contract', () => {
    const raw = validConfig() as Record<string, unknown> & ReturnType<typeof validConfig>
    raw.wxpay = { ...raw.wxpay, apiV3Key: 'short-key-31-characters-long!!!' }
    raw.mp = { appId: raw.mp.appId } as typeof raw.mp
    const error = configError(raw, ['mp', 'wxpay'])
    expect(error.message).toBe('config invalid: mp.appSecret: missing; wxpay.apiV3Key: must be 32 characters')
    expect(error.message).not.toContain('short-key')
  })

  it('names a missing section, and every missing key of an empty one', () => {
    expect(configError({}, ['mp', 'token']).message).toBe('config invalid: mp: missing; token: missing')
    expect(configError({ wxpay: {} }, ['wxpay']).message).toBe(
      'config invalid: wxpay.mchId: missing; wxpay.appId: missing; wxpay.apiV3Key: missing; wxpay.merchantSerialNo: missing; wxpay.merchantPrivateKey: missing; wxpay.notifyUrl: missing',
    )
  })

  const secretish = 'SECRET-VALUE-0123456789-SECRET-VALUE'
  it.each<[string, (c: ReturnType<typeof validConfig>) => void, string, string]>([
    ['appId without the wx prefix', (c) => (c.mp.appId = 'xx1111111111111111'), 'mp.appId', 'must be "wx" followed by 16 letters or digits'],
    ['appId too short', (c) => (c.officialAccount.appId = 'wx111'), 'officialAccount.appId', 'must be "wx" followed by 16 letters or digits'],
    ['appSecret of the wrong length', (c) => (c.website.appSecret = secretish), 'website.appSecret', 'must be 32 letters or digits'],
    ['appSecret as a number', (c) => ((c.mp as Record<string, unknown>).appSecret = 12345), 'mp.appSecret', 'must be a string'],
    ['apiV3Key of 31 bytes', (c) => (c.wxpay.apiV3Key = 'k'.repeat(31)), 'wxpay.apiV3Key', 'must be 32 characters'],
    ['apiV3Key of 32 characters but 96 bytes', (c) => (c.wxpay.apiV3Key = '密'.repeat(32)), 'wxpay.apiV3Key', 'must be 32 characters'],
    ['a private key that does not parse', (c) => (c.wxpay.merchantPrivateKey = `-----BEGIN PRIVATE KEY-----\n${secretish}\n-----END PRIVATE KEY-----`), 'wxpay.merchantPrivateKey', 'must be an RSA private key in PEM'],
    ['a public key given as the private key', (c) => (c.wxpay.merchantPrivateKey = wechatPublicKey.publicPem), 'wxpay.merchantPrivateKey', 'must be an RSA private key in PEM'],
    ['a public key that does not parse', (c) => (c.wxpay.publicKey = secretish), 'wxpay.publicKey', 'must be an RSA public key in PEM'],
    ['a publicKeyId without the prefix', (c) => (c.wxpay.publicKeyId = '0114232134912410000000000000'), 'wxpay.publicKeyId', 'must look like PUB_KEY_ID_…'],
    ['publicKeyId without publicKey', (c) => delete (c.wxpay as Partial<typeof c.wxpay>).publicKey, 'wxpay.publicKey', 'missing (required when publicKeyId is set)'],
    ['publicKey without publicKeyId', (c) => delete (c.wxpay as Partial<typeof c.wxpay>).publicKeyId, 'wxpay.publicKeyId', 'missing (required when publicKey is set)'],
    ['a non-digit mchId', (c) => (c.wxpay.mchId = 'mch-1900000109'), 'wxpay.mchId', 'must be the digits of the merchant id'],
    ['a plain-http notify URL', (c) => (c.wxpay.notifyUrl = 'http://shop.example.test/pay/notify'), 'wxpay.notifyUrl', 'must be an https URL (http only for localhost or 127.0.0.1)'],
    ['a notify URL with a query', (c) => (c.wxpay.notifyUrl = 'https://shop.example.test/pay/notify?token=abc'), 'wxpay.notifyUrl', 'must not carry a query or fragment'],
    ['a notify URL that is not a URL', (c) => (c.wxpay.refundNotifyUrl = secretish), 'wxpay.refundNotifyUrl', 'must be an https URL (http only for localhost or 127.0.0.1)'],
    ['a plain-http endpoint off loopback', (c) => (c.endpoints.wxpayApi = 'http://10.0.0.1:9302'), 'endpoints.wxpayApi', 'must be an https URL (http only for localhost or 127.0.0.1)'],
    ['a token secret of 31 characters', (c) => (c.token.secret = 's'.repeat(31)), 'token.secret', 'must be at least 32 characters'],
    ['a fractional TTL', (c) => (c.token.accessTtlSeconds = 1.5), 'token.accessTtlSeconds', 'must be an integer'],
    ['a refresh TTL shorter than the access TTL', (c) => (c.token.refreshTtlSeconds = 60), 'token.refreshTtlSeconds', 'must be longer than accessTtlSeconds'],
    ['a session key of 16 bytes', (c) => (c.sessionKeyEncryptionKey = randomBytes(16).toString('base64')), 'sessionKeyEncryptionKey', 'must be base64 of 32 bytes'],
    ['a session key that is not base64', (c) => (c.sessionKeyEncryptionKey = `${secretish}!!`), 'sessionKeyEncryptionKey', 'must be base64 of 32 bytes'],
    ['a section that is not an object', (c) => ((c as Record<string, unknown>).website = secretish), 'website', 'must be an object'],
  ])('rejects %s, naming the key and not the value', (_name, spoil, field, reason) => {
    const raw = validConfig()
    spoil(raw)
    const error = configError(raw)
    expect(error.message).toBe(`config invalid: ${field}: ${reason}`)
    const exposed = error.message + JSON.stringify(error.detail)
    expect(exposed).not.toContain(secretish)
    expect(exposed).not.toContain('BEGIN')
  })

  it('rejects a root that is not an object', () => {
    expect(configError(undefined).message).toBe('config invalid: (root): must be an object')
    expect(configError([]).message).toBe('config invalid: (root): must be an object')
  })

  it('merchant: the name on receipts, trimmed; the default when the section or the name is absent', () => {
    expect(loadConfig({ ...validConfig(), merchant: { name: ' 示例小店 ' } }, ['merchant']).merchant.name).toBe('示例小店')
    expect(loadConfig(validConfig(), ['merchant']).merchant.name).toBe(DEFAULT_MERCHANT_NAME)
    expect(loadConfig({ ...validConfig(), merchant: {} }, ['merchant']).merchant.name).toBe(DEFAULT_MERCHANT_NAME)
    expect(configError({ merchant: { name: '   ' } }, ['merchant']).message).toBe('config invalid: merchant.name: must not be empty')
    expect(configError({ merchant: { name: '店'.repeat(41) } }, ['merchant']).message).toBe('config invalid: merchant.name: must be at most 40 characters')
    expect(configError({ merchant: { name: 7 } }, ['merchant']).message).toBe('config invalid: merchant.name: must be a string')
  })
})

describe('getConfig', () => {
  afterEach(() => resetConfigCache())

  it('reads and checks once per warm instance', () => {
    const read = vi.fn(() => validConfig())
    const first = getConfig(['wxpay', 'mp'], read)
    const second = getConfig(['mp', 'wxpay'], read)
    expect(second).toBe(first)
    expect(read).toHaveBeenCalledTimes(1)
    resetConfigCache()
    getConfig(['wxpay', 'mp'], read)
    expect(read).toHaveBeenCalledTimes(2)
  })

  it('does not cache a failure, so a fixed config is picked up', () => {
    const read = vi.fn<() => unknown>(() => ({}))
    expect(() => getConfig(['mp'], read)).toThrow(CloudError)
    read.mockImplementation(() => validConfig())
    expect(getConfig(['mp'], read).mp.appId).toBe('wx1111111111111111')
  })
})
