/**
 * Login through the local uniCloud runtime (issue 4): the BUILT weixinLogin
 * bundle (uni_modules/wxkit-login-pay/uniCloud/cloudfunctions/weixinLogin/index.obj.js, rebuild
 * with `npm run build:cloud`) invoked in process the way the integration
 * tests do (runtime.invoke, clientInfo mp-weixin), for distinct simulated
 * users whose wx.login codes come from the WeChat emulator's control.
 *
 * Server time apart from the emulator's: the cloud config points
 * `endpoints.weixinApi` at a timing proxy on 127.0.0.1 that forwards to the
 * emulator and records, per js_code, the time from the request reaching the
 * proxy to the emulator's whole answer being back. That is the emulator's
 * jscode2session handling plus one loopback hop; server time per login is
 * the login's latency minus that, computed login by login. As a cross-check
 * the same logins run against a stub upstream answering jscode2session from
 * memory (its own handling is timed the same way), with no emulator work in
 * the login. The runtime counts each login's database operations (its
 * invocation records); they are printed per phase.
 *
 * Rate limits: every in-process call comes from client IP 127.0.0.1, and
 * login allows 300 per minute per IP (60 per openid). Each phase makes at
 * most 250 logins, with each user logging in at most twice; before a phase,
 * the ended window's counters are removed from `wxkit-rate-limits` (what the next
 * minute does), so the bench need not wait a minute. Nothing in the
 * production code is raised or bypassed: every login still counts against
 * both limits.
 */
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { CONFIG_PLUGIN_ID } from '../emulators/start'
import { createUniCloudRuntime, formatCounts, projectCloudRoots, type DbOperationCounts, type InvocationRecord, type UniCloudRuntime } from '../emulators/unicloud'
import { createWechatEmulator } from '../emulators/wechat'
import { DEFAULT_LOGIN_LIMITS } from '../cloud/login/weixin-login'
import { concurrent, machine, merge, ms, percentile, perSecond, sequential, table, type Measured } from './support/stats'

const CLOUD_ROOT = projectCloudRoots(path.resolve(__dirname, '..'))
/** Logins per rate-limit window: under the 300/min per-IP limit with room to spare. */
const PHASE_MAX = 240
/** Windows per measured phase. */
const WINDOWS = 3
const CONCURRENCY = 8

/** An upstream in front of which login is measured: it records its own handling time per js_code. */
interface TimedUpstream {
  url: string
  /** js_code → ms spent upstream. */
  timings: Map<string, number>
  close(): Promise<void>
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))
  })
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

function readBody(stream: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => resolve(Buffer.concat(chunks as unknown as Uint8Array[])))
    stream.on('error', reject)
  })
}

function jsCodeOf(url: string | undefined): string | undefined {
  return new URL(url ?? '/', 'http://x').searchParams.get('js_code') ?? undefined
}

/** A loopback proxy to the emulator that times each forwarded call (request in → whole answer back). */
async function startTimingProxy(targetUrl: string): Promise<TimedUpstream> {
  const target = new URL(targetUrl)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
  const timings = new Map<string, number>()
  const server = http.createServer((req, res) => {
    const started = performance.now()
    void (async () => {
      const body = await readBody(req)
      const upstream = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        const out = http.request(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host }, agent },
          (answer) => readBody(answer).then((b) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: b }), reject),
        )
        out.on('error', reject)
        out.end(body)
      })
      const code = jsCodeOf(req.url)
      if (code) timings.set(code, performance.now() - started)
      const headers = { ...upstream.headers }
      delete headers['transfer-encoding']
      delete headers.connection
      res.writeHead(upstream.status, { ...headers, 'content-length': upstream.body.length })
      res.end(upstream.body)
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502).end()
    })
  })
  const url = await listen(server)
  return {
    url,
    timings,
    async close() {
      await closeServer(server)
      agent.destroy()
    },
  }
}

/** A jscode2session that answers at once: openid derived from the user named in the code (`<user>.<n>`). */
async function startStubUpstream(): Promise<TimedUpstream> {
  const timings = new Map<string, number>()
  const server = http.createServer((req, res) => {
    const started = performance.now()
    const code = jsCodeOf(req.url)
    req.resume()
    if (!req.url?.startsWith('/sns/jscode2session') || !code) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"errcode":-1,"errmsg":"not stubbed"}')
      return
    }
    const user = code.slice(0, code.lastIndexOf('.'))
    const openid = `o${createHash('sha256').update(user).digest('base64url').slice(0, 27)}`
    const body = JSON.stringify({ openid, session_key: randomBytes(16).toString('base64') })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body)
    timings.set(code, performance.now() - started)
  })
  const url = await listen(server)
  return { url, timings, close: () => closeServer(server) }
}

/** A runtime serving the real uniCloud-aliyun folder, its weixinApi pointed at `upstreamUrl`; each login's record goes to `logins`. */
function startRuntime(devConfig: Record<string, Record<string, unknown>>, upstreamUrl: string, logins: InvocationRecord[]): UniCloudRuntime {
  const config: Record<string, unknown> = {
    [CONFIG_PLUGIN_ID]: { ...devConfig, endpoints: { ...devConfig.endpoints, weixinApi: upstreamUrl } },
  }
  const onInvocation = (record: InvocationRecord) => {
    if (record.name === 'weixinLogin' && record.method === 'login') logins.push(record)
  }
  return createUniCloudRuntime({ cloudRoot: CLOUD_ROOT, config, log: () => {}, onInvocation })
}

/** One mini-program login; throws with the errCode unless it answers errCode 0. */
async function login(runtime: UniCloudRuntime, code: string): Promise<void> {
  const answer = (await runtime.invoke('weixinLogin', 'login', [{ code }], { clientInfo: { uniPlatform: 'mp-weixin' } })) as {
    errCode: number | string
  }
  if (answer.errCode !== 0) throw new Error(`login answered ${String(answer.errCode)}`)
}

/** Start a new rate-limit window: drop the counters of the last one (see the file header). */
async function newWindow(runtime: UniCloudRuntime): Promise<void> {
  const limits = runtime.database().collection('wxkit-rate-limits')
  for (const rule of [DEFAULT_LOGIN_LIMITS.perIp.name, DEFAULT_LOGIN_LIMITS.perOpenid.name]) await limits.where({ rule }).remove()
}

/** One login to make: a simulated user and a code for them. */
interface Login {
  user: string
  code: string
}

/** wx.login codes from the emulator's control, a few requests at a time. */
async function emulatorLogins(emulatorUrl: string, users: readonly string[]): Promise<Login[]> {
  const codes: string[] = new Array(users.length)
  let next = 0
  const worker = async () => {
    while (next < users.length) {
      const i = next++
      const response = await fetch(`${emulatorUrl}/__emulator/v1/login/code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: users[i] }),
      })
      if (!response.ok) throw new Error(`emulator /login/code answered ${response.status}`)
      codes[i] = ((await response.json()) as { code: string }).code
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
  return users.map((user, i) => ({ user, code: codes[i] }))
}

/** Codes the stub upstream accepts: `<user>.<n>` (n keeps a user's codes distinct). */
function stubLogins(users: readonly string[], n: number): Login[] {
  return users.map((user) => ({ user, code: `${user}.${n}` }))
}

/** A phase's result: per-login latency and upstream time, and the loop's wall time. */
interface Phase {
  label: string
  upstream: string
  mode: string
  measured: Measured
  /** Rate-limit windows the phase ran in. */
  windows: number
  /** The users who logged in. */
  users: string[]
  /** Users stored before and after the phase (the local store slows as they grow, see the output). */
  usersBefore: number
  usersAfter: number
  upstreamMs: number[]
  serverMs: number[]
  /** The database operations of each login, as the runtime recorded them. */
  operations: DbOperationCounts[]
}

/**
 * Make `logins` in rate-limit windows of at most PHASE_MAX logins each
 * (a fresh window before each, outside the timed loops), and merge the windows.
 */
async function runPhase(args: {
  label: string
  upstream: string
  runtime: UniCloudRuntime
  timed: TimedUpstream
  /** Where the runtime puts its login records. */
  records: InvocationRecord[]
  logins: ReadonlyArray<Login>
  concurrency: number
  /** Time limit of each window. */
  maxMs: number
}): Promise<Phase> {
  const { runtime, timed, logins } = args
  const usersBefore = await countUsers(runtime)
  const firstRecord = args.records.length
  const latencies = new Map<string, number>()
  const users: string[] = []
  const windows: Measured[] = []
  for (let offset = 0; offset < logins.length; offset += PHASE_MAX) {
    const slice = logins.slice(offset, offset + PHASE_MAX)
    await newWindow(runtime)
    const op = async (i: number) => {
      const t = performance.now()
      await login(runtime, slice[i].code)
      latencies.set(slice[i].code, performance.now() - t)
      users.push(slice[i].user)
    }
    const bounds = { maxCount: slice.length, maxMs: args.maxMs }
    windows.push(args.concurrency > 1 ? await concurrent(op, { ...bounds, concurrency: args.concurrency }) : await sequential(op, bounds))
  }
  const upstreamMs: number[] = []
  const serverMs: number[] = []
  for (const [code, latency] of latencies) {
    const upstream = timed.timings.get(code)
    if (upstream === undefined) throw new Error('a login reached no upstream: the code cache answered it?')
    upstreamMs.push(upstream)
    serverMs.push(latency - upstream)
  }
  return {
    label: args.label,
    upstream: args.upstream,
    mode: args.concurrency > 1 ? `${args.concurrency} in flight` : 'sequential',
    measured: merge(windows),
    windows: windows.length,
    users,
    usersBefore,
    usersAfter: await countUsers(runtime),
    upstreamMs,
    serverMs,
    operations: args.records.slice(firstRecord).map((r) => r.db),
  }
}

/** `8` when all are alike, else `min–max`. */
function spread(values: readonly number[]): string {
  if (values.length === 0) return '–'
  const [min, max] = [Math.min(...values), Math.max(...values)]
  return min === max ? String(min) : `${min}–${max}`
}

/** Each distinct set of counts with how many logins made it, most common first. */
function operationMix(all: readonly DbOperationCounts[]): string {
  const seen = new Map<string, number>()
  for (const c of all) {
    const text = `${c.total} (${formatCounts(c)})`
    seen.set(text, (seen.get(text) ?? 0) + 1)
  }
  return [...seen].sort((a, b) => b[1] - a[1]).map(([text, n]) => `${n} × ${text}`).join('; ')
}

function userNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`)
}

async function countUsers(runtime: UniCloudRuntime): Promise<number> {
  return (await runtime.database().collection('wxkit-users').count()).total
}

/** Print: server time per login, apart from the upstream's, and logins per second. */
export async function run(): Promise<void> {
  const emulator = await createWechatEmulator({ log: () => {} })
  const { url: emulatorUrl } = await emulator.listen(0)
  const proxy = await startTimingProxy(emulatorUrl)
  const stub = await startStubUpstream()
  const devConfig = emulator.devConfig({ emulatorUrl, runtimeUrl: 'http://127.0.0.1:1' }) as Record<string, Record<string, unknown>>
  const emulatorRecords: InvocationRecord[] = []
  const stubRecords: InvocationRecord[] = []
  const viaEmulator = startRuntime(devConfig, proxy.url, emulatorRecords)
  const viaStub = startRuntime(devConfig, stub.url, stubRecords)
  try {
    const phases: Phase[] = []
    const emulatorPhase = async (label: string, users: readonly string[], concurrency: number) =>
      runPhase({ label, upstream: 'emulator', runtime: viaEmulator, timed: proxy, records: emulatorRecords, logins: await emulatorLogins(emulatorUrl, users), concurrency, maxMs: 8_000 })
    const stubPhase = (label: string, logins: Login[], concurrency: number) =>
      runPhase({ label, upstream: 'stub', runtime: viaStub, timed: stub, records: stubRecords, logins, concurrency, maxMs: 6_000 })

    // Warm-up (loads the bundle, JIT, connections); not reported.
    const warm = [await emulatorPhase('warm-up', userNames('warm', 40), 1), await stubPhase('warm-up', stubLogins(userNames('warm', 40), 0), 1)]

    // Returning logins are by the users the first-login phase got through (a window may stop at its time limit).
    const seqUsers = userNames('seq', PHASE_MAX * WINDOWS)
    const concUsers = userNames('conc', PHASE_MAX * WINDOWS)
    const firstEmulator = await emulatorPhase('first login', seqUsers, 1)
    phases.push(firstEmulator)
    phases.push(await emulatorPhase('returning login', firstEmulator.users, 1))
    phases.push(await emulatorPhase('first login', concUsers, CONCURRENCY))
    const firstStub = await stubPhase('first login', stubLogins(seqUsers, 1), 1)
    phases.push(firstStub)
    phases.push(await stubPhase('returning login', stubLogins(firstStub.users, 2), 1))
    phases.push(await stubPhase('first login', stubLogins(concUsers, 1), CONCURRENCY))

    const firstLogins = (upstream: string) =>
      [...warm, ...phases].filter((p) => p.upstream === upstream && p.label !== 'returning login').reduce((n, p) => n + p.measured.samples.length, 0)
    const [usersEmulator, usersStub] = [await countUsers(viaEmulator), await countUsers(viaStub)]

    console.log('Login through the local uniCloud runtime: the built weixinLogin bundle, runtime.invoke(login) as the tests call it,')
    console.log('distinct simulated users (codes from the emulator control; the stub takes any code).')
    console.log('Server time = login latency − upstream time, per login. Upstream time is measured at a timing proxy in front of')
    console.log("the emulator (request in → the emulator's whole answer back: its jscode2session handling + one loopback hop), or")
    console.log('inside the stub upstream, which answers from memory (its own handling is timed the same way: the upstream columns).')
    console.log('One process hosts runtime, emulator, proxy and stub.')
    console.log(machine())
    console.log('')
    console.log('Server time per login (sequential; the upstream time subtracted login by login):')
    const sequentialPhases = phases.filter((p) => p.mode === 'sequential')
    console.log(
      table(
        ['phase', 'upstream', 'users stored', 'n', 'db ops per login', 'login p50', 'login p99', 'upstream p50', 'upstream p99', 'server p50', 'server p99'],
        sequentialPhases.map((p) => [
          p.label,
          p.upstream,
          `${p.usersBefore}→${p.usersAfter}`,
          p.measured.samples.length,
          spread(p.operations.map((o) => o.total)),
          ms(percentile(p.measured.samples, 50)),
          ms(percentile(p.measured.samples, 99)),
          ms(percentile(p.upstreamMs, 50)),
          ms(percentile(p.upstreamMs, 99)),
          ms(percentile(p.serverMs, 50)),
          ms(percentile(p.serverMs, 99)),
        ]),
      ),
    )
    const serverP50 = (upstream: string, label: string) =>
      percentile(sequentialPhases.find((p) => p.upstream === upstream && p.label === label)?.serverMs ?? [], 50)
    console.log(
      `server p50 via the emulator − via the stub: first login ${ms(serverP50('emulator', 'first login') - serverP50('stub', 'first login'))}, ` +
        `returning login ${ms(serverP50('emulator', 'returning login') - serverP50('stub', 'returning login'))}.`,
    )
    console.log('Database operations per login (the runtime records each invocation; one line per phase, each distinct count with how many logins made it):')
    for (const p of phases) console.log(`  ${p.label}, ${p.upstream}, ${p.mode}: ${operationMix(p.operations)}`)
    console.log('')
    console.log(`Logins per second (sequential and ${CONCURRENCY} in flight; server = latency − upstream):`)
    console.log(
      table(
        ['phase', 'upstream', 'mode', 'users stored', 'windows', 'n', 'elapsed', 'logins/s', 'latency p50', 'latency p99', 'server p50', 'server p99'],
        phases.map((p) => [
          p.label,
          p.upstream,
          p.mode,
          `${p.usersBefore}→${p.usersAfter}`,
          p.windows,
          p.measured.samples.length,
          ms(p.measured.elapsedMs),
          perSecond((p.measured.samples.length * 1000) / p.measured.elapsedMs),
          ms(percentile(p.measured.samples, 50)),
          ms(percentile(p.measured.samples, 99)),
          ms(percentile(p.serverMs, 50)),
          ms(percentile(p.serverMs, 99)),
        ]),
      ),
    )
    console.log('')
    console.log(
      `Rate limits: every login counts against them. ≤ ${PHASE_MAX} logins per window from one IP (limit ${DEFAULT_LOGIN_LIMITS.perIp.limit}/min), ≤ 2 per user`,
    )
    console.log(
      `(limit ${DEFAULT_LOGIN_LIMITS.perOpenid.limit}/min); each window starts by removing the previous window's counters (untimed), as the next minute would.`,
    )
    console.log('No login was refused (any refusal aborts the bench). elapsed and logins/s are summed over the windows.')
    console.log(`Users created: ${usersEmulator} via the emulator (${firstLogins('emulator')} first logins), ${usersStub} via the stub (${firstLogins('stub')} first logins): one per simulated user.`)
  } finally {
    await Promise.allSettled([viaEmulator.close(), viaStub.close()])
    await Promise.allSettled([proxy.close(), stub.close(), emulator.close()])
  }
}
