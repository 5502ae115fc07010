/** How the runtime runs a cloud object method: context, hooks, refusals, limits, isolation. */
import { afterEach, describe, expect, it } from 'vitest'
import { UniCloudSystemError, type InvocationRecord, type UniCloudRuntime } from '../../../emulators/unicloud'
import { fixtureRuntime } from './support'

const open: UniCloudRuntime[] = []
function start(options: Parameters<typeof fixtureRuntime>[0] = {}) {
  const started = fixtureRuntime(options)
  open.push(started.runtime)
  return started
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()))
})

async function systemError(promise: Promise<unknown>): Promise<UniCloudSystemError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(UniCloudSystemError)
    return error as UniCloudSystemError
  }
  throw new Error('expected a system error')
}

describe('the this context', () => {
  it('answers getClientInfo, getCloudInfo, getUniIdToken, getMethodName, getParams', async () => {
    const { runtime } = start()
    const answer = (await runtime.invoke('echo', 'context', ['a', { b: 1 }], {
      clientInfo: { uniPlatform: 'mp-weixin', appId: '__UNI__X' },
      uniIdToken: 'tok',
    })) as Record<string, unknown>
    expect(answer.clientInfo).toEqual({
      uniPlatform: 'mp-weixin',
      appId: '__UNI__X',
      clientIP: '127.0.0.1',
      userAgent: '',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      source: 'client',
    })
    expect(answer.cloudInfo).toEqual({ provider: 'aliyun', spaceId: 'local-space', functionName: 'echo', functionType: 'cloudobject' })
    expect(answer).toMatchObject({ token: 'tok', method: 'context', params: ['a', { b: 1 }], httpInfo: null })
  })

  it('takes the source from the call context', async () => {
    const { runtime } = start()
    const answer = (await runtime.invoke('echo', 'context', [], { source: 'server' })) as { clientInfo: { source: string } }
    expect(answer.clientInfo.source).toBe('server')
  })

  it('lets _before set per-call properties that the method and _after see', async () => {
    const { runtime } = start()
    expect(await runtime.invoke('hooks', 'ok', [])).toEqual({ errCode: 0, seenUser: 'user-1', user: { id: 'user-1' }, after: true })
    expect(await runtime.invoke('echo', 'hello', ['x'])).toMatchObject({ startedBy: 'hello' })
  })

  it('keeps module state between calls (warm) until reload', async () => {
    const { runtime } = start()
    expect(await runtime.invoke('echo', 'hello', ['a'])).toMatchObject({ greeting: 'hello, a', warmCalls: 1 })
    expect(await runtime.invoke('echo', 'hello', ['b'])).toMatchObject({ warmCalls: 2 })
    runtime.reload('echo')
    expect(await runtime.invoke('echo', 'hello', ['c'])).toMatchObject({ warmCalls: 1 })
  })

  it('sends the cloud console to the log with the object prefix', async () => {
    const { runtime, logs } = start()
    await runtime.invoke('hooks', 'ok', [])
    expect(logs).toContain('[cloud:hooks] ok called for user-1')
  })
})

describe('errors and _after', () => {
  it('turns a thrown error into { errCode, errMsg } when there is no _after', async () => {
    const { runtime, logs } = start()
    expect(await runtime.invoke('echo', 'fail', [])).toEqual({ errCode: 'DEMO_FAILED', errMsg: 'it failed on purpose' })
    expect(await runtime.invoke('echo', 'crash', [])).toEqual({
      errCode: 'FUNCTION_EXECUTE_FAILED',
      errMsg: expect.stringContaining('Cannot read properties of null'),
    })
    // The stack goes to the log, never into the answer.
    expect(logs.some((l) => l.startsWith('[cloud:echo] crash threw: TypeError'))).toBe(true)
  })

  it('runs _before first: its error answers without running the method', async () => {
    const { runtime } = start()
    expect(await runtime.invoke('echo', 'guarded', [])).toEqual({ errCode: 'TOKEN_MISSING', errMsg: 'token required' })
    expect(await runtime.invoke('echo', 'guarded', [], { uniIdToken: 't' })).toEqual({ errCode: 0, ok: true })
  })

  it('passes errors and results through _after', async () => {
    const { runtime } = start()
    expect(await runtime.invoke('hooks', 'boom', [])).toEqual({ errCode: 'HOOKED', errMsg: 'wrapped: raw failure' })
    expect(await runtime.invoke('hooks', 'rethrow', [])).toEqual({ errCode: 'FUNCTION_EXECUTE_FAILED', errMsg: 'after failed' })
  })

  it.each(['_secret', '_before', '_after', '_timing', 'nope', 'toString', 'constructor', 'hasOwnProperty', '__proto__'])(
    'refuses %s with an answer and no stack',
    async (method) => {
      const { runtime } = start()
      expect(await runtime.invoke('echo', method, [])).toEqual({
        errCode: 'FUNCTION_NOT_FOUND',
        errMsg: `Method[${method}] was not found in index.obj.js`,
      })
    },
  )

  it('rejects an unknown object and an object that fails to load with system errors', async () => {
    const { runtime, logs } = start()
    expect((await systemError(runtime.invoke('missing', 'x', []))).code).toBe('FUNCTION_NOT_FOUND')
    expect((await systemError(runtime.invoke('../echo', 'hello', []))).code).toBe('FUNCTION_NOT_FOUND')
    const broken = await systemError(runtime.invoke('broken', 'x', []))
    expect(broken.code).toBe('FUNCTION_LOAD_FAILED')
    expect(broken.message).not.toContain('broken on load')
    expect(logs.some((l) => l.includes('broken on load'))).toBe(true)
  })
})

describe('limits', () => {
  it('times out after the package.json timeout (1 s for echo)', async () => {
    const { runtime } = start()
    const started = Date.now()
    const error = await systemError(runtime.invoke('echo', 'slow', [1500]))
    expect(error.code).toBe('FUNCTION_TIMEOUT')
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(await runtime.invoke('echo', 'slow', [10])).toEqual({ errCode: 0, waited: 10 })
  })

  it('lets timeoutMs override the object timeout', async () => {
    const { runtime } = start({ timeoutMs: 50 })
    expect((await systemError(runtime.invoke('echo', 'slow', [300]))).code).toBe('FUNCTION_TIMEOUT')
  })

  it('refuses request and response bodies over 2 MB', async () => {
    const { runtime } = start()
    const big = 'y'.repeat(2 * 1024 * 1024)
    expect((await systemError(runtime.invoke('echo', 'hello', [big]))).code).toBe('REQUEST_TOO_LARGE')
    expect((await systemError(runtime.invoke('echo', 'big', []))).code).toBe('RESPONSE_TOO_LARGE')
  })
})

describe('cloud-to-cloud and isolation', () => {
  it('calls another object in-process with importObject, as source function', async () => {
    const { runtime } = start()
    expect(await runtime.invoke('hooks', 'viaImport', [])).toMatchObject({ errCode: 0, source: 'function', refused: 'FUNCTION_NOT_FOUND' })
  })

  it('gives each runtime its own uniCloud (two in one process do not share a database)', async () => {
    const a = start().runtime
    const b = start().runtime
    expect(await a.invoke('echo', 'common', ['isolation'])).toMatchObject({ errCode: 0, space: 'has-db' })
    expect(await a.database().collection('isolation').count()).toMatchObject({ total: 1 })
    expect(await b.database().collection('isolation').count()).toMatchObject({ total: 0 })
  })

  it('answers JSON copies: params and results do not share objects with the caller', async () => {
    const { runtime } = start()
    const param = { nested: { n: 1 } }
    const answer = (await runtime.invoke('echo', 'context', [param])) as { params: unknown[] }
    expect(answer.params[0]).toEqual(param)
    expect(answer.params[0]).not.toBe(param)
  })
})

describe('the record of each invocation: database operations by kind', () => {
  it('records what a call itself asked of the database, and its nested calls apart', async () => {
    const records: InvocationRecord[] = []
    const { runtime } = start({ onInvocation: (r) => records.push(r) })
    await runtime.database().collection('orders').add({ out_trade_no: 'S1', status: 'NOTPAY' })
    expect(await runtime.invoke('orders', 'settle', ['S1'])).toEqual({ errCode: 0, updated: 1, status: 'PAID' })
    const last = runtime.lastInvocation()
    expect(last).toMatchObject({ name: 'orders', method: 'settle', source: 'client', ok: true })
    expect(last?.db.byKind).toEqual({ updateAndReturn: 1, update: 1, get: 1 })
    expect(last?.db.operations.map((o) => `${o.kind} ${o.collection}`)).toEqual(['updateAndReturn orders', 'update orders', 'get orders'])
    expect(last?.calls).toHaveLength(1)
    expect(last?.calls[0]).toMatchObject({ name: 'orders', method: 'markPaid', source: 'function', db: { total: 1, byKind: { update: 1 } }, calls: [] })
    // The nested call answers first; the seeding outside any call counts nowhere.
    expect(records.map((r) => `${r.method}:${r.db.total}`)).toEqual(['markPaid:1', 'settle:3'])
  })

  it('keeps concurrent invocations apart', async () => {
    const records: InvocationRecord[] = []
    const { runtime } = start({ onInvocation: (r) => records.push(r) })
    await runtime.database().collection('orders').add(Array.from({ length: 5 }, (_, i) => ({ out_trade_no: `C${i}`, status: 'NOTPAY' })))
    await Promise.all(Array.from({ length: 5 }, (_, i) => runtime.invoke('orders', 'markPaid', [`C${i}`])))
    expect(records.map((r) => r.db.byKind)).toEqual(Array.from({ length: 5 }, () => ({ update: 1 })))
  })

  it('records a call that timed out as not ok, and a method without database work as none', async () => {
    const { runtime } = start({ timeoutMs: 50 })
    await runtime.invoke('echo', 'context', [])
    expect(runtime.lastInvocation()).toMatchObject({ name: 'echo', method: 'context', ok: true, db: { total: 0, byKind: {}, operations: [] } })
    await systemError(runtime.invoke('echo', 'slow', [300]))
    expect(runtime.lastInvocation()).toMatchObject({ name: 'echo', method: 'slow', ok: false })
  })
})
