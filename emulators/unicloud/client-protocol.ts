/**
 * `POST /client`: the Aliyun client protocol as @dcloudio/uni-cloud speaks it.
 *
 * Every request is JSON `{ method, params: '<json>', spaceId, timestamp, token? }`
 * with `x-serverless-sign` = HMAC-MD5 (hex) of `k=v` pairs of the non-empty
 * fields sorted by name and joined by `&`, keyed by the clientSecret; after
 * `serverless.auth.user.anonymousAuthorize` the access token travels both as
 * `token` and as `x-basement-token`. Answers are `{ success: true, data }` or
 * `{ success: false, error: { code, message } }` with a `request-id` header.
 * An unknown or expired token answers GATEWAY_INVALID_TOKEN, on which the SDK
 * authorizes again and retries once.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import { sameText } from './bytes'
import { SystemErrorCodes, UniCloudSystemError } from './errors'
import type { CallRequest } from './invoker'
import { errorAnswer, jsonAnswer, type HttpAnswer, type IncomingRequest } from './server'
import type { UploadProtocol } from './storage-protocol'

/** Path of the client protocol. */
export const CLIENT_PATH = '/client'
const TOKEN_TTL_SECONDS = 24 * 3600

/** The SDK's signature: HMAC-MD5 hex of the sorted, non-empty `k=v` pairs. */
export function serverlessSign(data: Record<string, unknown>, clientSecret: string): string {
  const text = Object.keys(data)
    .sort()
    .filter((k) => data[k])
    .map((k) => `${k}=${String(data[k])}`)
    .join('&')
  return createHmac('md5', clientSecret).update(text).digest('hex')
}

export interface ClientProtocolOptions {
  spaceId: string
  clientSecret: string
  now: () => number
  call(request: CallRequest): Promise<unknown>
  upload: UploadProtocol
}

function invalid(message: string): UniCloudSystemError {
  return new UniCloudSystemError(SystemErrorCodes.GATEWAY_INVALID_REQUEST, message)
}

/** Serves `/client` for one runtime. */
export class ClientProtocol {
  private readonly tokens = new Map<string, number>()

  constructor(private readonly options: ClientProtocolOptions) {}

  /** Forget every access token (clients must authorize again). */
  revokeTokens(): void {
    this.tokens.clear()
  }

  /** Answer one `/client` request. */
  async handle(request: IncomingRequest): Promise<HttpAnswer> {
    const requestId = randomUUID()
    try {
      const data = await this.dispatch(request, requestId)
      return jsonAnswer(200, { success: true, data }, { 'request-id': requestId })
    } catch (error) {
      const answer = errorAnswer(error)
      answer.headers = { ...answer.headers, 'request-id': requestId }
      return answer
    }
  }

  private async dispatch(request: IncomingRequest, requestId: string): Promise<unknown> {
    let envelope: Record<string, unknown>
    try {
      envelope = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>
    } catch {
      throw invalid('request body is not JSON')
    }
    if (!envelope || typeof envelope !== 'object' || typeof envelope.method !== 'string') throw invalid('missing method')
    if (envelope.spaceId !== this.options.spaceId) {
      throw new UniCloudSystemError(SystemErrorCodes.GATEWAY_INVALID_SPACE, 'spaceId does not name this space')
    }
    const sign = request.headers['x-serverless-sign'] ?? ''
    if (!sameText(sign, serverlessSign(envelope, this.options.clientSecret))) {
      throw new UniCloudSystemError(SystemErrorCodes.GATEWAY_INVALID_SIGN, 'x-serverless-sign does not match')
    }
    let params: Record<string, unknown> = {}
    if (envelope.params !== undefined) {
      try {
        params = JSON.parse(String(envelope.params)) as Record<string, unknown>
      } catch {
        throw invalid('params is not JSON')
      }
    }

    if (envelope.method === 'serverless.auth.user.anonymousAuthorize') return this.authorize()
    this.checkToken(envelope.token, request.headers['x-basement-token'])

    switch (envelope.method) {
      case 'serverless.function.runtime.invoke':
        return this.invoke(params, request, requestId)
      case 'serverless.file.resource.generateProximalSign':
        return this.options.upload.generateProximalSign(params)
      case 'serverless.file.resource.report':
        return this.options.upload.report(params)
      case 'serverless.file.resource.info':
        return this.options.upload.info(params)
      default:
        throw new UniCloudSystemError(SystemErrorCodes.GATEWAY_METHOD_NOT_SUPPORTED, `${envelope.method} is not supported by the local runtime`)
    }
  }

  private authorize(): { accessToken: string; expiresInSecond: number } {
    const accessToken = randomBytes(24).toString('hex')
    this.tokens.set(accessToken, this.options.now() + TOKEN_TTL_SECONDS * 1000)
    return { accessToken, expiresInSecond: TOKEN_TTL_SECONDS }
  }

  private checkToken(bodyToken: unknown, headerToken: string | undefined): void {
    const expiresAt = typeof bodyToken === 'string' ? this.tokens.get(bodyToken) : undefined
    if (!expiresAt || bodyToken !== headerToken || this.options.now() > expiresAt) {
      if (typeof bodyToken === 'string') this.tokens.delete(bodyToken)
      throw new UniCloudSystemError(SystemErrorCodes.GATEWAY_INVALID_TOKEN, 'access token is missing, unknown or expired')
    }
  }

  private async invoke(params: Record<string, unknown>, request: IncomingRequest, requestId: string): Promise<unknown> {
    const name = params.functionTarget
    if (typeof name !== 'string' || !name) throw invalid('functionTarget missing')
    const args = (params.functionArgs ?? {}) as Record<string, unknown>
    const result = await this.options.call({
      name,
      method: typeof args.method === 'string' ? args.method : '',
      params: Array.isArray(args.params) ? args.params : [],
      source: 'client',
      clientInfo: args.clientInfo && typeof args.clientInfo === 'object' ? (args.clientInfo as Record<string, unknown>) : {},
      uniIdToken: typeof args.uniIdToken === 'string' ? args.uniIdToken : undefined,
      requestId,
      clientIP: request.clientIP,
      userAgent: request.headers['user-agent'] ?? '',
    })
    return result
  }
}
