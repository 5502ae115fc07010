/**
 * Emulator-only controls, apart from every production path, under `/__emulator/v1/`:
 *   GET  /__emulator/v1/health                 → { status: 'ok', spaceId, objects }
 *   POST /__emulator/v1/timers/<name>          → run the object's _timing now → { result }
 *   POST /__emulator/v1/reload[/<name>]        → drop loaded objects (after a rebuild)
 *   POST /__emulator/v1/auth/revoke            → forget client access tokens (the SDK re-authorizes)
 *   POST /__emulator/v1/invoke/<name>/<method> → body { params?, clientInfo?, uniIdToken? } → { result }
 */
import { SystemErrorCodes, UniCloudSystemError } from './errors'
import { jsonAnswer, type HttpAnswer, type IncomingRequest } from './server'

/** Path prefix of the controls. */
export const CONTROLS_PREFIX = '/__emulator/v1'

export interface EmulatorControlsOptions {
  health(): Record<string, unknown>
  runTimer(name: string): Promise<unknown>
  reload(name?: string): void
  revokeTokens(): void
  invoke(name: string, method: string, params: unknown[], ctx: { clientInfo?: object; uniIdToken?: string; source: 'server' }): Promise<unknown>
}

function notFound(path: string): UniCloudSystemError {
  return new UniCloudSystemError(SystemErrorCodes.NOT_FOUND, `no emulator control at ${path}`)
}

/** Answer one control request. */
export async function handleControl(request: IncomingRequest, options: EmulatorControlsOptions): Promise<HttpAnswer> {
  const rest = request.url.pathname.slice(CONTROLS_PREFIX.length)
  let parts: string[]
  try {
    parts = rest.split('/').filter(Boolean).map(decodeURIComponent)
  } catch {
    throw notFound(request.url.pathname)
  }
  if (request.method === 'GET' && rest === '/health') return jsonAnswer(200, options.health())
  if (request.method !== 'POST') throw notFound(request.url.pathname)

  if (parts[0] === 'timers' && parts.length === 2) return jsonAnswer(200, { result: await options.runTimer(parts[1]) })
  if (parts[0] === 'reload' && parts.length <= 2) {
    options.reload(parts[1])
    return jsonAnswer(200, { reloaded: parts[1] ?? '*' })
  }
  if (parts[0] === 'auth' && parts[1] === 'revoke' && parts.length === 2) {
    options.revokeTokens()
    return jsonAnswer(200, { revoked: true })
  }
  if (parts[0] === 'invoke' && parts.length === 3) {
    let body: { params?: unknown; clientInfo?: object; uniIdToken?: string } = {}
    if (request.body.length) {
      try {
        body = JSON.parse(request.body.toString('utf8'))
      } catch {
        throw new UniCloudSystemError(SystemErrorCodes.GATEWAY_INVALID_REQUEST, 'body is not JSON')
      }
    }
    const params = Array.isArray(body.params) ? body.params : []
    const result = await options.invoke(parts[1], parts[2], params, { clientInfo: body.clientInfo, uniIdToken: body.uniIdToken, source: 'server' })
    return jsonAnswer(200, { result })
  }
  throw notFound(request.url.pathname)
}
