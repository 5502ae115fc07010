/**
 * The exact texts WeChat signs and verifies, as pure functions kept apart from
 * the crypto, so golden tests can pin them character for character.
 */

/** Merchant → WeChat Pay: `METHOD\nPATH_WITH_QUERY\nTIMESTAMP\nNONCE\nBODY\n` (empty body for GET). */
export function requestSigningMessage(
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`
}

/** WeChat Pay → merchant (responses and notifies): `TIMESTAMP\nNONCE\nBODY\n` over the raw body. */
export function responseSigningMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`
}

/** requestPayment's paySign: `appId\ntimeStamp\nnonceStr\npackage\n`. */
export function paySignMessage(appId: string, timeStamp: string, nonceStr: string, pkg: string): string {
  return `${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`
}

/** JS-SDK wx.config signature input: keys in ASCII order, raw values, url without its fragment. */
export function jssdkSigningString(args: {
  jsapiTicket: string
  nonceStr: string
  timestamp: string
  url: string
}): string {
  const url = args.url.split('#')[0]
  return `jsapi_ticket=${args.jsapiTicket}&noncestr=${args.nonceStr}&timestamp=${args.timestamp}&url=${url}`
}

/** The fields of an APIv3 `Authorization` header. */
export interface AuthorizationFields {
  mchid: string
  nonce_str: string
  signature: string
  timestamp: string
  serial_no: string
}

/**
 * Parse `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",…`; undefined when
 * the scheme is wrong or a field is missing. Field order does not matter.
 */
export function parseAuthorization(header: string, scheme: string): AuthorizationFields | undefined {
  const trimmed = header.trim()
  if (!trimmed.startsWith(scheme + ' ')) return undefined
  const rest = trimmed.slice(scheme.length + 1)
  const fields = new Map<string, string>()
  const leftover = rest.replace(/([a-z_]+)="([^"]*)"/g, (_all, name: string, value: string) => {
    fields.set(name, value)
    return ''
  })
  if (!/^[\s,]*$/.test(leftover)) return undefined
  const names = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'] as const
  if (names.some((name) => !fields.get(name))) return undefined
  return {
    mchid: fields.get('mchid')!,
    nonce_str: fields.get('nonce_str')!,
    signature: fields.get('signature')!,
    timestamp: fields.get('timestamp')!,
    serial_no: fields.get('serial_no')!,
  }
}
