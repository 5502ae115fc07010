/**
 * Production-shaped errors of the local uniCloud runtime.
 *
 * Three families, each shaped like what the real service answers:
 * - answers a cloud object gives (`{ errCode, errMsg }`), which the client SDK
 *   turns into a thrown UniCloudError;
 * - system errors of the platform (object missing, timeout, body too large),
 *   answered by the gateway as `{ success: false, error: { code, message } }`;
 * - database errors (`E11000 duplicate key error`, `code: 11000`), as MongoDB throws them.
 * None of them carries a request body, a token or a key.
 */

/** Codes the platform itself answers with. Codes marked (emulator) are this runtime's choice. */
export const SystemErrorCodes = {
  /** No cloud object of that name (same code the SDK formats as "function not found"). */
  FUNCTION_NOT_FOUND: 'FUNCTION_NOT_FOUND',
  /** The object's file failed to load (syntax error, missing module). (emulator) */
  FUNCTION_LOAD_FAILED: 'FUNCTION_LOAD_FAILED',
  /** The call ran longer than the object's timeout. (emulator) */
  FUNCTION_TIMEOUT: 'FUNCTION_TIMEOUT',
  /** Request body over 2 MB. (emulator) */
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  /** Response body over 2 MB. (emulator) */
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  /** The access token is missing, unknown or expired: the SDK re-authorizes on this exact code. */
  GATEWAY_INVALID_TOKEN: 'GATEWAY_INVALID_TOKEN',
  /** `x-serverless-sign` does not match. (emulator) */
  GATEWAY_INVALID_SIGN: 'GATEWAY_INVALID_SIGN',
  /** The request names another service space. (emulator) */
  GATEWAY_INVALID_SPACE: 'GATEWAY_INVALID_SPACE',
  /** Malformed request envelope. (emulator) */
  GATEWAY_INVALID_REQUEST: 'GATEWAY_INVALID_REQUEST',
  /** A `serverless.*` method this runtime does not implement. (emulator) */
  GATEWAY_METHOD_NOT_SUPPORTED: 'GATEWAY_METHOD_NOT_SUPPORTED',
  /** Upload policy, signature or key rejected by the storage stand-in. (emulator) */
  STORAGE_UPLOAD_REJECTED: 'STORAGE_UPLOAD_REJECTED',
  /** No route for this path. (emulator) */
  NOT_FOUND: 'NOT_FOUND',
  /** A fault of the runtime itself. (emulator) */
  SYSTEM_ERROR: 'SYSTEM_ERROR',
} as const

/** A platform error code. */
export type SystemErrorCode = (typeof SystemErrorCodes)[keyof typeof SystemErrorCodes]

const HTTP_STATUS: Record<SystemErrorCode, number> = {
  FUNCTION_NOT_FOUND: 404,
  FUNCTION_LOAD_FAILED: 500,
  FUNCTION_TIMEOUT: 504,
  REQUEST_TOO_LARGE: 413,
  RESPONSE_TOO_LARGE: 502,
  GATEWAY_INVALID_TOKEN: 401,
  GATEWAY_INVALID_SIGN: 403,
  GATEWAY_INVALID_SPACE: 403,
  GATEWAY_INVALID_REQUEST: 400,
  GATEWAY_METHOD_NOT_SUPPORTED: 400,
  STORAGE_UPLOAD_REJECTED: 403,
  NOT_FOUND: 404,
  SYSTEM_ERROR: 500,
}

/** An error of the platform, not of the cloud code. `invoke()` rejects with it. */
export class UniCloudSystemError extends Error {
  readonly code: SystemErrorCode
  /** Same as `code`, so callers used to UniCloudError can read `errCode`. */
  readonly errCode: SystemErrorCode
  readonly httpStatus: number

  constructor(code: SystemErrorCode, message: string) {
    super(message)
    this.name = 'UniCloudSystemError'
    this.code = code
    this.errCode = code
    this.httpStatus = HTTP_STATUS[code]
  }
}

/** The gateway's error envelope, as the client SDK reads it (`data.error.code/message`). */
export function gatewayErrorBody(error: UniCloudSystemError): { success: false; error: { code: string; message: string } } {
  return { success: false, error: { code: error.code, message: error.message } }
}

/** What a cloud object answers when a client names a private or missing method. */
export function methodNotFoundAnswer(method: string): { errCode: string; errMsg: string } {
  // The message is the one uniCloud gives; private methods get the same answer so
  // a client cannot probe which `_` helpers exist.
  return { errCode: 'FUNCTION_NOT_FOUND', errMsg: `Method[${method}] was not found in index.obj.js` }
}

/** What uniCloud answers when a method throws and the object has no `_after`. */
export function executeFailedAnswer(error: unknown): { errCode: string | number; errMsg: string; errSubject?: string } {
  const e = (error ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown; errSubject?: unknown }
  const errCode = typeof e.errCode === 'string' || typeof e.errCode === 'number' ? e.errCode : ''
  const answer: { errCode: string | number; errMsg: string; errSubject?: string } = {
    errCode: errCode || 'FUNCTION_EXECUTE_FAILED',
    errMsg: typeof e.errMsg === 'string' ? e.errMsg : typeof e.message === 'string' ? e.message : String(error),
  }
  if (typeof e.errSubject === 'string') answer.errSubject = e.errSubject
  return answer
}

/** A MongoDB-shaped duplicate key error. */
export interface DuplicateKeyError extends Error {
  code: 11000
  keyValue?: Record<string, unknown>
}

/** Build the error MongoDB throws on a unique index violation. */
export function duplicateKeyError(collection: string, indexName: string | undefined, keyValue: Record<string, unknown> | undefined): DuplicateKeyError {
  const index = indexName ? ` index: ${indexName}` : ''
  const dup = keyValue
    ? ` dup key: { ${Object.entries(keyValue)
        .map(([k, v]) => `${k}: ${JSON.stringify(v ?? null)}`)
        .join(', ')} }`
    : ''
  const error = new Error(`E11000 duplicate key error collection: ${collection}${index}${dup}`) as DuplicateKeyError
  error.name = 'MongoServerError'
  error.code = 11000
  if (keyValue) error.keyValue = keyValue
  return error
}
