/**
 * The local uniCloud (Aliyun) runtime: loads the cloud objects of a
 * project (its uniCloud-aliyun and its plugins' uniCloud folders) and serves them the way the cloud does, to the real
 * client SDK (`POST /client`), to URL-ized callers (`/<path>/<method>`), to
 * timers, and to tests in-process (`invoke`). See README.md beside this file.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCloudApi, createCloudConsole } from './cloud-api'
import { ClientProtocol, CLIENT_PATH } from './client-protocol'
import { normaliseRoots } from './cloud-roots'
import { createConfigCenter } from './config-center'
import { Database } from './database'
import { CONTROLS_PREFIX, handleControl } from './emulator-controls'
import { createHttpClient } from './httpclient'
import { BODY_LIMIT_BYTES, Invoker, type CallSource, type HttpInfo, type InvocationRecord } from './invoker'
import { ObjectLoader, type TimerTrigger } from './object-loader'
import { RuntimeServer, type Route } from './server'
import { CloudStorage, STORAGE_PREFIX } from './storage'
import { LOCAL_STORAGE_CORS_DOMAINS, storageCorsHeaders } from './storage-cors'
import { OSS_UPLOAD_PATH, UPLOAD_LIMIT_BYTES, UploadProtocol } from './storage-protocol'
import { TimerScheduler } from './timers'
import { matchUrlized, toHttpAnswer, toUrlizedCall } from './url-routing'

export { UniCloudSystemError, SystemErrorCodes } from './errors'
export { projectCloudRoots } from './cloud-roots'
export { serverlessSign } from './client-protocol'
export type { CallSource, HttpInfo, InvocationRecord } from './invoker'
export { DB_OPERATION_KINDS, formatCounts, type DbOperation, type DbOperationCounts, type DbOperationKind } from './db-operations'
export type { Database as Db, CollectionReference, DocumentReference, Query, Doc } from './database'

export interface UniCloudRuntimeOptions {
  /**
   * The uniCloud folder(s) holding cloudfunctions/ and database/: a project's are
   * `projectCloudRoots(projectRoot)` (its uniCloud-aliyun and each uni_modules plugin's uniCloud).
   */
  cloudRoot: string | readonly string[]
  /** nedb files go here (dev); undefined → in memory (tests). */
  dataDir?: string
  /** Cloud storage files; default <dataDir>/storage, or a fresh temp dir when in memory. */
  storageDir?: string
  /**
   * The space's 跨域配置 for storage: origins (`host[:port]`, port may be `*`)
   * whose pages may read files cross-origin; default `127.0.0.1:*`, `localhost:*`.
   */
  storageCorsDomains?: readonly string[]
  /** uni-config-center contents keyed by pluginId (tests); read at each config() call. */
  config?: Record<string, unknown>
  /** Else <configDir>/<pluginId>/config.json. */
  configDir?: string
  /** Default 'local-space'. */
  spaceId?: string
  /** Key of x-serverless-sign; default 'local-client-secret'. */
  clientSecret?: string
  /** Overrides every object's own timeout (package.json cloudfunction-config.timeout, default 60 s). */
  timeoutMs?: number
  /** Run timer triggers on their cron (dev); default false. */
  runTimers?: boolean
  /** Injected clock (ms). */
  now?: () => number
  /** Where cloud console output and runtime lines go; default stdout. */
  log?: (line: string) => void
  /** Told of every call once answered, with the database operations it made (see InvocationRecord). */
  onInvocation?: (record: InvocationRecord) => void
}

/** Context of an in-process call. */
export interface InvokeContext {
  clientInfo?: object
  uniIdToken?: string
  source?: CallSource
  httpInfo?: object
  /** What the gateway would report as the caller's address (default 127.0.0.1). */
  clientIP?: string
  /** The request's User-Agent header (default empty). */
  userAgent?: string
}

/** One local uniCloud. */
export interface UniCloudRuntime {
  /** Call a method; resolves to what uniCloud answers (a JSON copy), rejects with UniCloudSystemError. */
  invoke(name: string, method: string, params: unknown[], ctx?: InvokeContext): Promise<unknown>
  /** Serve HTTP on 127.0.0.1 (port 0 = any free port). */
  listen(port?: number): Promise<{ url: string }>
  /** Run the object's `_timing` now (`at`: the trigger time its param reports, default the runtime clock's now). */
  runTimer(name: string, at?: Date): Promise<unknown>
  /** Drop a loaded object (all when no name) so the next call loads its files anew. */
  reload(name?: string): void
  /** The database cloud code gets (for tests and seeding; `database().measure(fn)` counts fn's operations). */
  database(): Database
  /**
   * The call that answered last (a nested call answers before its caller, so
   * after `await invoke(...)` this is that call), with its database operations.
   */
  lastInvocation(): InvocationRecord | undefined
  /** Stop serving, stop timers, flush the database, remove a temporary storage dir. */
  close(): Promise<void>
}

function jsonCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}

/** Create a runtime for a project's cloud roots. */
export function createUniCloudRuntime(opts: UniCloudRuntimeOptions): UniCloudRuntime {
  const now = opts.now ?? Date.now
  const spaceId = opts.spaceId ?? 'local-space'
  const clientSecret = opts.clientSecret ?? 'local-client-secret'
  const log = opts.log ?? ((line: string) => void process.stdout.write(`${line}\n`))
  const cloudRoot = normaliseRoots(opts.cloudRoot)
  const tempStorage = !opts.storageDir && !opts.dataDir ? mkdtempSync(path.join(os.tmpdir(), 'unicloud-storage-')) : undefined
  const storageDir = opts.storageDir ?? tempStorage ?? path.join(opts.dataDir as string, 'storage')
  const storageCorsDomains = opts.storageCorsDomains ?? LOCAL_STORAGE_CORS_DOMAINS

  let baseUrl: string | undefined
  const db = new Database({ cloudRoot, dataDir: opts.dataDir, now })
  const storage = new CloudStorage({ dir: storageDir, spaceId, baseUrl: () => baseUrl })
  const upload = new UploadProtocol({ storage, spaceId, now, baseUrl: () => baseUrl })
  const configCenter = createConfigCenter({ config: opts.config, configDir: opts.configDir })
  const httpclient = createHttpClient()

  const callObject = async (name: string, method: string, params: unknown[]): Promise<unknown> =>
    jsonCopy(await invoker.call({ name, method, params: jsonCopy(params), source: 'function', clientInfo: {} }))

  const loader = new ObjectLoader({
    cloudRoot,
    configCenter,
    createUniCloud: (objectName) => createCloudApi({ objectName, db, storage, httpclient, callObject, log }),
    createConsole: (objectName) => createCloudConsole(objectName, log),
  })
  let last: InvocationRecord | undefined
  const onInvocation = (record: InvocationRecord) => {
    last = record
    opts.onInvocation?.(record)
  }
  const invoker = new Invoker({ loader, spaceId, timeoutMs: opts.timeoutMs, log, meter: db.meter, onInvocation })
  const clientProtocol = new ClientProtocol({ spaceId, clientSecret, now, upload, call: (r) => invoker.call(r).then(jsonCopy) })

  const runTimer = async (name: string, trigger?: TimerTrigger, at = new Date(now())): Promise<unknown> =>
    jsonCopy(await invoker.callTiming(name, { Time: at.toISOString(), TriggerName: trigger?.name ?? 'manual', Type: 'Timer' }))

  const invoke = async (name: string, method: string, params: unknown[], ctx: InvokeContext = {}): Promise<unknown> => {
    const result = await invoker.call({
      name,
      method,
      params: jsonCopy(Array.isArray(params) ? params : []),
      source: ctx.source ?? 'client',
      clientInfo: ctx.clientInfo ? jsonCopy(ctx.clientInfo as Record<string, unknown>) : {},
      uniIdToken: ctx.uniIdToken,
      httpInfo: ctx.httpInfo as HttpInfo | undefined,
      clientIP: ctx.clientIP,
      userAgent: ctx.userAgent,
    })
    return jsonCopy(result)
  }

  const scheduler = new TimerScheduler({ loader, now, log, fire: (name, trigger, at) => runTimer(name, trigger, at) })
  if (opts.runTimers) scheduler.start()

  const routes: Route[] = [
    {
      match: (m, p) => m === 'POST' && p === CLIENT_PATH,
      cors: true,
      bodyLimit: BODY_LIMIT_BYTES,
      handle: (req) => clientProtocol.handle(req),
    },
    {
      match: (m, p) => m === 'POST' && p === OSS_UPLOAD_PATH,
      cors: true,
      bodyLimit: UPLOAD_LIMIT_BYTES,
      handle: async (req) => {
        await upload.handleUpload(req.headers['content-type'], req.body)
        return { status: 200, body: '' }
      },
    },
    {
      // The CDN stand-in: Content-Type by extension, CORS by the 跨域配置 list, nothing else
      // (production documents no Content-Disposition and no exposed headers; see storage-cors.ts).
      match: (m, p) => (m === 'GET' || m === 'HEAD') && p.startsWith(`/${STORAGE_PREFIX}/`),
      cors: false,
      bodyLimit: 0,
      handle: async (req) => {
        const cors = storageCorsHeaders(req.headers.origin, storageCorsDomains)
        let ossPath: string | undefined
        try {
          ossPath = decodeURIComponent(req.url.pathname.slice(1))
        } catch {
          ossPath = undefined
        }
        const content = ossPath && storage.ossPathOf(`https://${storage.cdnDomain}/${ossPath}`) ? storage.read(ossPath) : undefined
        if (!content || !ossPath) return { status: 404, headers: { ...cors, 'content-type': 'text/plain' }, body: 'Not Found' }
        return { status: 200, headers: { ...cors, 'content-type': storage.contentType(ossPath) }, body: content }
      },
    },
    {
      match: (_m, p) => p === CONTROLS_PREFIX || p.startsWith(`${CONTROLS_PREFIX}/`),
      cors: true,
      bodyLimit: BODY_LIMIT_BYTES,
      handle: (req) =>
        handleControl(req, {
          health: () => ({ status: 'ok', spaceId, objects: loader.list() }),
          runTimer: (name) => runTimer(name),
          reload: (name) => loader.reload(name),
          revokeTokens: () => clientProtocol.revokeTokens(),
          invoke,
        }),
    },
    {
      match: (_m, p) => matchUrlized(loader, p) !== undefined,
      cors: false,
      bodyLimit: BODY_LIMIT_BYTES,
      handle: async (req) => {
        const match = matchUrlized(loader, req.url.pathname)
        if (!match) throw new Error('URL-ized route vanished')
        const requestId = randomUUID()
        const result = await invoker.call(toUrlizedCall(req, match, requestId))
        return toHttpAnswer(result, requestId)
      },
    },
  ]
  const server = new RuntimeServer(routes, log)
  let closed = false

  return {
    invoke,
    async listen(port = 0) {
      if (closed) throw new Error('runtime is closed')
      baseUrl = await server.listen(port)
      log(`[unicloud] space ${spaceId} serving ${cloudRoot.join(', ')} at ${baseUrl}`)
      return { url: baseUrl }
    },
    runTimer: (name, at) => runTimer(name, undefined, at),
    reload: (name) => loader.reload(name),
    database: () => db,
    lastInvocation: () => last,
    async close() {
      if (closed) return
      closed = true
      scheduler.stop()
      await server.close()
      baseUrl = undefined
      await db.close()
      if (tempStorage) rmSync(tempStorage, { recursive: true, force: true })
    },
  }
}
