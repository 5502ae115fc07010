import { CloudError } from '../shared/errors'
import { authenticate, type SessionCaller, type SessionDeps } from './sessions'

// Who is calling, remembered for the length of one call. uniCloud gives every
// call its own `this`, which serves as the key: nothing outlives the call.
const callers = new WeakMap<object, SessionCaller>()

/**
 * Authenticate a call's access token (`kitTokenOf(this)`) and remember
 * the caller under `call`. Throws TOKEN_MISSING, TOKEN_INVALID or TOKEN_EXPIRED
 * as every object does, so the client's refresh-and-replay works the same everywhere.
 */
export async function authenticateCall(call: object, deps: SessionDeps, token: unknown): Promise<SessionCaller> {
  const caller = await authenticate(deps, token)
  callers.set(call, caller)
  return caller
}

/** The caller `authenticateCall` remembered for this call; TOKEN_MISSING when the call was not authenticated. */
export function callerOf(call: object): SessionCaller {
  const caller = callers.get(call)
  if (!caller) throw new CloudError('TOKEN_MISSING', 'login required')
  return caller
}
