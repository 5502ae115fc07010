import { createPrivateKey, createPublicKey } from 'node:crypto'
import * as v from 'valibot'
import { CloudError } from './errors'

/**
 * The server configuration of the kit, read from uni-config-center
 * (`wxkit-login-pay/config.json`, shaped like uni_modules/wxkit-login-pay/config.example.json) and checked
 * section by section. Every schema carries its own messages: valibot's default
 * messages quote the received value, and a config value may be a secret.
 */

/** The production hosts, used when `endpoints` (or one of its keys) is absent. */
export const DEFAULT_ENDPOINTS = {
  weixinApi: 'https://api.weixin.qq.com',
  weixinOpen: 'https://open.weixin.qq.com',
  wxpayApi: 'https://api.mch.weixin.qq.com',
} as const

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

const MUST_BE_STRING = 'must be a string'
const MUST_BE_OBJECT = 'must be an object'

/** True for https URLs, and for http on loopback only (the local emulators). */
function isServerUrl(value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  if (url.username || url.password) return false
  if (url.protocol === 'https:') return true
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)
}

/** True when the URL carries no query or fragment (WeChat Pay rejects notify URLs with a query). */
function hasNoQuery(value: string): boolean {
  try {
    const url = new URL(value)
    return url.search === '' && url.hash === ''
  } catch {
    return false
  }
}

/** Config files often hold PEMs with literal `\n` escapes: turn them into newlines. */
function normalisePem(value: string): string {
  return value.includes('\\n') ? value.replace(/\\n/g, '\n') : value
}

function isRsaPrivateKeyPem(value: string): boolean {
  try {
    return createPrivateKey(value).asymmetricKeyType === 'rsa'
  } catch {
    return false
  }
}

function isRsaPublicKeyPem(value: string): boolean {
  try {
    return createPublicKey(value).asymmetricKeyType === 'rsa'
  } catch {
    return false
  }
}

function isBase64Of32Bytes(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 && Buffer.from(value, 'base64').length === 32
}

const appId = v.pipe(v.string(MUST_BE_STRING), v.regex(/^wx[0-9A-Za-z]{16}$/, 'must be "wx" followed by 16 letters or digits'))

// WeChat AppSecrets are 32 hex characters; letters or digits is enough to reject placeholders.
const appSecret = v.pipe(v.string(MUST_BE_STRING), v.regex(/^[0-9A-Za-z]{32}$/, 'must be 32 letters or digits'))

const notifyUrl = v.pipe(
  v.string(MUST_BE_STRING),
  v.check(isServerUrl, 'must be an https URL (http only for localhost or 127.0.0.1)'),
  v.check(hasNoQuery, 'must not carry a query or fragment'),
  v.maxLength(255, 'must be at most 255 characters'),
)

const endpointUrl = v.pipe(
  v.string(MUST_BE_STRING),
  v.check(isServerUrl, 'must be an https URL (http only for localhost or 127.0.0.1)'),
  v.transform((value: string) => value.replace(/\/+$/, '')),
)

const positiveInteger = v.pipe(v.number('must be a number'), v.integer('must be an integer'), v.minValue(1, 'must be positive'))
const ttlSeconds = positiveInteger

const appSection = v.object({ appId, appSecret }, MUST_BE_OBJECT)

const tokenSection = v.pipe(
  v.object(
    {
      secret: v.pipe(
        v.string(MUST_BE_STRING),
        v.minLength(32, 'must be at least 32 characters'),
        // Random secrets have no spaces; the example's placeholder sentence does, and it is public.
        v.regex(/^\S+$/, 'must not contain whitespace (replace the example text with random characters)'),
      ),
      accessTtlSeconds: v.optional(ttlSeconds, 7200),
      refreshTtlSeconds: v.optional(ttlSeconds, 2_592_000),
    },
    MUST_BE_OBJECT,
  ),
  v.forward(
    v.partialCheck(
      [['accessTtlSeconds'], ['refreshTtlSeconds']],
      (token) => token.refreshTtlSeconds > token.accessTtlSeconds,
      'must be longer than accessTtlSeconds',
    ),
    ['refreshTtlSeconds'],
  ),
)

const sessionKeyEncryptionKeySection = v.pipe(v.string(MUST_BE_STRING), v.check(isBase64Of32Bytes, 'must be base64 of 32 bytes'))

const wxpaySection = v.pipe(
  v.object(
    {
      mchId: v.pipe(v.string(MUST_BE_STRING), v.regex(/^[0-9]{6,32}$/, 'must be the digits of the merchant id')),
      appId,
      // AES-256 needs exactly 32 bytes; WeChat Pay's key is 32 ASCII characters.
      apiV3Key: v.pipe(
        v.string(MUST_BE_STRING),
        v.check((key) => Buffer.byteLength(key, 'utf8') === 32, 'must be 32 characters'),
      ),
      merchantSerialNo: v.pipe(
        v.string(MUST_BE_STRING),
        v.regex(/^[0-9A-Fa-f]{8,64}$/, 'must be the hex serial number of the merchant certificate'),
      ),
      merchantPrivateKey: v.pipe(
        v.string(MUST_BE_STRING),
        v.transform(normalisePem),
        v.check(isRsaPrivateKeyPem, 'must be an RSA private key in PEM'),
      ),
      publicKeyId: v.optional(
        v.pipe(v.string(MUST_BE_STRING), v.regex(/^PUB_KEY_ID_[0-9A-Za-z]+$/, 'must look like PUB_KEY_ID_…')),
      ),
      publicKey: v.optional(
        v.pipe(v.string(MUST_BE_STRING), v.transform(normalisePem), v.check(isRsaPublicKeyPem, 'must be an RSA public key in PEM')),
      ),
      notifyUrl,
      refundNotifyUrl: v.optional(notifyUrl),
    },
    MUST_BE_OBJECT,
  ),
  v.forward(
    v.partialCheck(
      [['publicKeyId'], ['publicKey']],
      (wxpay) => wxpay.publicKeyId === undefined || wxpay.publicKey !== undefined,
      'missing (required when publicKeyId is set)',
    ),
    ['publicKey'],
  ),
  v.forward(
    v.partialCheck(
      [['publicKeyId'], ['publicKey']],
      (wxpay) => wxpay.publicKey === undefined || wxpay.publicKeyId !== undefined,
      'missing (required when publicKey is set)',
    ),
    ['publicKeyId'],
  ),
)

const endpointsSection = v.optional(
  v.object(
    {
      weixinApi: v.optional(endpointUrl, DEFAULT_ENDPOINTS.weixinApi),
      weixinOpen: v.optional(endpointUrl, DEFAULT_ENDPOINTS.weixinOpen),
      wxpayApi: v.optional(endpointUrl, DEFAULT_ENDPOINTS.wxpayApi),
    },
    MUST_BE_OBJECT,
  ),
  {},
)

/**
 * The merchant's fulfilment hook: a cloud object of theirs that the pay object
 * calls (server to server) once an order is paid. Absent: the kit records a
 * delivery in `wxkit-deliveries`.
 */
const fulfilmentSection = v.optional(
  v.object(
    {
      cloudObject: v.pipe(v.string(MUST_BE_STRING), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a cloud object name')),
      method: v.optional(v.pipe(v.string(MUST_BE_STRING), v.regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be a method name (no leading _)')), 'fulfil'),
    },
    MUST_BE_OBJECT,
  ),
)

/**
 * Per-user limits of createOrder, each a stable error when reached: every
 * order placed is a WeChat Pay order, so a script with one login must not be
 * able to place thousands.
 */
export const DEFAULT_ORDER_LIMITS = { maxUnpaidPerUser: 10, createPerUserPerMinute: 10 } as const

const orderLimitsSection = v.optional(
  v.object(
    {
      /** Open unpaid orders (NOTPAY, not yet expired) a user may have: TOO_MANY_UNPAID_ORDERS beyond. */
      maxUnpaidPerUser: v.optional(positiveInteger, DEFAULT_ORDER_LIMITS.maxUnpaidPerUser),
      /** Orders a user may create per minute: RATE_LIMITED beyond. */
      createPerUserPerMinute: v.optional(positiveInteger, DEFAULT_ORDER_LIMITS.createPerUserPerMinute),
    },
    MUST_BE_OBJECT,
  ),
  {},
)

/**
 * The merchant's side: who may operate the shop (refund review, shipments, the
 * console). An operator is named by a WeChat identity (`appid` + `openid`, as the
 * uniCloud console shows in wxkit-users) or by the kit's `userId`; the server
 * decides, a client never claims it.
 */
const operatorEntry = v.pipe(
  v.object(
    {
      appid: v.optional(appId),
      openid: v.optional(v.pipe(v.string(MUST_BE_STRING), v.regex(/^[0-9A-Za-z_-]{6,64}$/, 'must be an openid'))),
      userId: v.optional(v.pipe(v.string(MUST_BE_STRING), v.regex(/^[0-9A-Za-z_-]{6,64}$/, 'must be a user id'))),
      name: v.optional(v.pipe(v.string(MUST_BE_STRING), v.maxLength(32, 'must be at most 32 characters'))),
    },
    MUST_BE_OBJECT,
  ),
  v.check((entry) => !!entry.userId || (!!entry.appid && !!entry.openid), 'needs userId, or appid and openid'),
)

/** The merchant name receipts carry when the config names none. */
export const DEFAULT_MERCHANT_NAME = 'uni-wx-kit'

/** How the merchant appears to buyers (the heading of every receipt), and who operates the shop. */
const merchantSection = v.optional(
  v.object(
    {
      name: v.optional(
        v.pipe(
          v.string(MUST_BE_STRING),
          v.transform((name: string) => name.trim()),
          v.minLength(1, 'must not be empty'),
          v.maxLength(40, 'must be at most 40 characters'),
        ),
        DEFAULT_MERCHANT_NAME,
      ),
      operators: v.optional(v.pipe(v.array(operatorEntry, 'must be a list'), v.maxLength(50, 'at most 50 operators')), []),
    },
    MUST_BE_OBJECT,
  ),
  { name: DEFAULT_MERCHANT_NAME, operators: [] },
)

/**
 * When a buyer's refund request is approved without the merchant's review.
 * Absent (the default): every request waits for review. `autoApprove` present:
 * approved at once when every condition it gives holds.
 */
const refundPolicySection = v.optional(
  v.object(
    {
      autoApprove: v.optional(
        v.object(
          {
            unfulfilledOnly: v.optional(v.boolean('must be true or false')),
            maxAmount: v.optional(v.pipe(v.number('must be a number'), v.integer('must be an integer'), v.minValue(1, 'must be positive'))),
          },
          MUST_BE_OBJECT,
        ),
      ),
    },
    MUST_BE_OBJECT,
  ),
  {},
)

/** The schema of each config section, by its key in config.json. */
export const configSchemas = {
  mp: appSection,
  officialAccount: appSection,
  website: appSection,
  token: tokenSection,
  sessionKeyEncryptionKey: sessionKeyEncryptionKeySection,
  wxpay: wxpaySection,
  endpoints: endpointsSection,
  fulfilment: fulfilmentSection,
  orderLimits: orderLimitsSection,
  merchant: merchantSection,
  refundPolicy: refundPolicySection,
} as const

/** A top-level key of config.json. */
export type SectionName = keyof typeof configSchemas

/** The whole checked configuration. */
export type WxKitConfig = { [K in SectionName]: v.InferOutput<(typeof configSchemas)[K]> }

/** The checked sections asked for; `endpoints` is always there (production hosts by default). */
export type LoadedConfig<S extends SectionName> = Pick<WxKitConfig, S | 'endpoints'>

export type AppConfig = WxKitConfig['mp']
export type TokenConfig = WxKitConfig['token']
export type WxpayConfig = WxKitConfig['wxpay']
export type EndpointsConfig = WxKitConfig['endpoints']
export type FulfilmentConfig = WxKitConfig['fulfilment']
export type OrderLimitsConfig = WxKitConfig['orderLimits']
export type MerchantConfig = WxKitConfig['merchant']

/** One failing key, as named in CONFIG_INVALID's message and detail. */
export interface ConfigIssue {
  field: string
  reason: string
}

// Valibot's built-in messages read "… but received <value>": never let one through.
function safeReason(issue: v.BaseIssue<unknown>): string {
  if (issue.input === undefined) return 'missing'
  if (/received/i.test(issue.message)) return 'is invalid'
  return issue.message
}

/**
 * Check the given sections of a raw config object. Returns them typed, or
 * throws CONFIG_INVALID naming every missing or malformed key at once, without
 * ever quoting a value.
 */
export function loadConfig<S extends SectionName>(raw: unknown, sections: readonly S[]): LoadedConfig<S> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CloudError('CONFIG_INVALID', 'config invalid: (root): must be an object', {
      fields: [{ field: '(root)', reason: 'must be an object' }],
    })
  }
  const source = raw as Record<string, unknown>
  const wanted = new Set<SectionName>([...sections, 'endpoints'])
  const output: Record<string, unknown> = {}
  const issues: ConfigIssue[] = []
  for (const section of wanted) {
    const result = v.safeParse(configSchemas[section], source[section], { abortPipeEarly: true })
    if (result.success) {
      output[section] = result.output
      continue
    }
    for (const issue of result.issues) {
      const path = v.getDotPath(issue)
      const field = path ? `${section}.${path}` : section
      if (!issues.some((known) => known.field === field)) issues.push({ field, reason: safeReason(issue) })
    }
  }
  if (issues.length > 0) {
    const list = issues.map((issue) => `${issue.field}: ${issue.reason}`).join('; ')
    throw new CloudError('CONFIG_INVALID', `config invalid: ${list}`, { fields: issues })
  }
  return output as LoadedConfig<S>
}

const rawConfigs = new Map<string, unknown>()
const loadedConfigs = new Map<string, unknown>()

/** Read the raw config of a plugin from uni-config-center, once per warm instance. */
export function readConfigCenter(pluginId = 'wxkit-login-pay'): unknown {
  if (!rawConfigs.has(pluginId)) {
    // Kept literal: the bundler leaves it external and uniCloud resolves the common module.
    const raw: unknown = require('uni-config-center')({ pluginId }).config()
    rawConfigs.set(pluginId, raw)
  }
  return rawConfigs.get(pluginId)
}

/**
 * The checked sections from uni-config-center, cached per warm instance (PEM
 * parsing is not free). `read` is injectable for tests and local runs.
 */
export function getConfig<S extends SectionName>(
  sections: readonly S[],
  read: () => unknown = () => readConfigCenter(),
): LoadedConfig<S> {
  const key = [...sections].sort().join(',')
  let config = loadedConfigs.get(key) as LoadedConfig<S> | undefined
  if (!config) {
    config = loadConfig(read(), sections)
    loadedConfigs.set(key, config)
  }
  return config
}

/** Forget cached configs (tests, or after the config center changed). */
export function resetConfigCache(): void {
  rawConfigs.clear()
  loadedConfigs.clear()
}
