/**
 * WeChat Pay (issue 5), four measurements:
 *
 * 1. Notifies handled per second in process: the domain path
 *    (`handleTransactionNotify`: verify the signature, decrypt AES-GCM, match
 *    the stored order, conditional update, fulfilment) on the local runtime's
 *    in-memory database, beside the crypto alone (RSA-SHA256 verify +
 *    AES-256-GCM decrypt of the same notifies, node:crypto, keys parsed once)
 *    and beside the protocol core's NotifyParser alone, in the same run; the
 *    database operations each notify makes (counted by the runtime), and a
 *    CPU profile of the same work summarised by self time.
 *    1b. One order update (the notify's transition) in the local store at
 *    100, 1000 and 10 000 orders stored, with the committed indexes and with
 *    the unique ones only, its requests counted and its time profiled.
 * 2. Notifies per second over HTTP: POST /pay/notify of the local runtime
 *    running the BUILT pay bundle, each notify for its own pre-created NOTPAY
 *    order (a real transition and fulfilment each), beside a bare echo
 *    served by the same runtime: a minimal URL-ized cloud object
 *    (`POST /echo/notify`, answering the body it got) placed in a temporary
 *    copy of uniCloud-aliyun/, so both go through the same server, router and
 *    invoker; and beside plain node:http answering the same way (no runtime).
 * 3. Request signing and notify verification per second: our protocol core
 *    beside wechatpay-node-v3 and wechatpay-axios-plugin doing the same work
 *    on the same inputs, interleaved in rounds, no network I/O.
 * 4. Each cloud object's bundle size (bytes, gzip) and the cost of loading it
 *    in a fresh Node process, beside wechatpay-node-v3 (and the axios plugin)
 *    loaded the same way: what a cold start pays.
 *
 * Keys are the WeChat emulator's freshly generated testing keys (public-key
 * mode); notifies are crafted with node:crypto as WeChat Pay would.
 */
import { spawnSync } from 'node:child_process'
import { createDecipheriv, createPrivateKey, createPublicKey, createVerify, type KeyObject } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { gzipSync } from 'node:zlib'
import Pay from 'wechatpay-node-v3'
import { Aes, Decorator, Formatter, Rsa } from 'wechatpay-axios-plugin'
import { CONFIG_PLUGIN_ID } from '../emulators/start'
import { createUniCloudRuntime, formatCounts, projectCloudRoots, type DbOperationCounts, type InvocationRecord, type UniCloudRuntime } from '../emulators/unicloud'
import { Database as LocalDatabase } from '../emulators/unicloud/database'
import { readIndexSpecs } from '../emulators/unicloud/db-collection-files'
import { createWechatEmulator, type WechatEmulator } from '../emulators/wechat'
import { systemEnv } from '../cloud/shared/env'
import { createDeliveryFulfiller, leasedOutbox } from '../cloud/pay/fulfilment'
import { transition } from '../cloud/pay/order-transitions'
import { ORDERS, type OrderRecord } from '../cloud/pay/orders'
import type { PayDeps, PayGateway, PayLog } from '../cloud/pay/pay-deps'
import { handleTransactionNotify } from '../cloud/pay/pay-notify'
import { placeOrder } from '../cloud/pay/payments'
import type { Database } from '../cloud/shared/database'
import type { HttpClient } from '../cloud/shared/http'
import { buildAuthorization, buildRequestMessage } from '../cloud/wxpay/messages'
import { RsaSigner } from '../cloud/wxpay/rsa-signer'
import { createWechatPay, type WechatPayCredentials } from '../cloud/wxpay/wechat-pay'
import {
  bytes,
  concurrent,
  machine,
  ms,
  percentile,
  perSecond,
  roundRobin,
  sequential,
  summarise,
  table,
  type Measured,
} from './support/stats'
import { profileSelfTime, type ProfileSummary } from './support/profile'
import { craftNotify, type CraftedNotify, type NotifyKeys } from '../tests/helpers/wechatpay-notify'

/** What WeChat Pay sends for a paid order (the fields the match checks, and the usual rest). */
function paidTransaction(order: { appid: string; mchid: string; outTradeNo: string; amount: number }, i: number): object {
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    transaction_id: `4200${String(Date.now()).slice(-10)}${String(i).padStart(8, '0')}`,
    trade_type: 'NATIVE',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: new Date().toISOString().slice(0, 19) + '+08:00',
    payer: { openid: 'o-bench-payer' },
    amount: { total: order.amount, payer_total: order.amount, currency: 'CNY', payer_currency: 'CNY' },
  }
}

const REPO_ROOT = path.resolve(__dirname, '..')
const CLOUD_ROOT = projectCloudRoots(REPO_ROOT)
/** The kit's cloud objects (the plugin's uniCloud folder). */
const FUNCTIONS_DIR = path.join(REPO_ROOT, 'uni_modules/wxkit-login-pay/uniCloud/cloudfunctions')
/** Nothing listens here: the notify path in public-key mode makes no WeChat Pay call. */
const NO_UPSTREAM = 'http://127.0.0.1:1'
const silent: PayLog = { info: () => {}, warn: () => {}, error: () => {} }
const noNetwork: HttpClient = {
  request: async () => {
    throw new Error('the bench makes no WeChat Pay calls')
  },
}

/** The merchant and WeChat Pay keys of one run. */
interface Keys {
  emulator: WechatEmulator
  /** The cloud config (`uni-wx-kit`) for a runtime at `runtimeUrl`. */
  devConfig(runtimeUrl: string): Record<string, unknown>
  wxpay: WechatPayCredentials & { publicKeyId: string; publicKey: string; merchantPrivateKey: string }
  notifyKeys: NotifyKeys
}

async function loadKeys(): Promise<Keys> {
  const emulator = await createWechatEmulator({ log: () => {} }) // fresh testing keys; it never listens
  const devConfig = (runtimeUrl: string) => emulator.devConfig({ emulatorUrl: NO_UPSTREAM, runtimeUrl }) as Record<string, unknown>
  const wxpay = devConfig(NO_UPSTREAM).wxpay as Keys['wxpay']
  const creds = emulator.credentials()
  return {
    emulator,
    devConfig,
    wxpay,
    notifyKeys: { apiV3Key: creds.apiV3Key, platformPrivateKey: createPrivateKey(creds.platformPublicKey.privateKey), serial: creds.platformPublicKey.id },
  }
}

/** Pre-create NOTPAY orders through the domain (as createOrder stores them), WeChat Pay's side stubbed. */
async function placeOrders(db: Database, wxpay: Keys['wxpay'], count: number): Promise<OrderRecord[]> {
  const gateway = { mchId: wxpay.mchId, createNativeOrder: async () => ({ code_url: 'weixin://wxpay/bizpayurl?pr=bench' }) } as unknown as PayGateway
  const deps: PayDeps = { db, gateway, env: systemEnv, fulfiller: createDeliveryFulfiller({ db, env: systemEnv }), log: silent }
  const orders: OrderRecord[] = []
  for (let i = 0; i < count; i++) {
    const { order } = await placeOrder(deps, { userId: 'bench-user', lines: [{ productId: 'p-mug', quantity: 1 }], channel: 'native', appid: wxpay.appId })
    orders.push(order)
  }
  return orders
}

function craftFor(keys: Keys, orders: readonly OrderRecord[], offset = 0): CraftedNotify[] {
  return orders.map((order, i) => craftNotify(keys.notifyKeys, paidTransaction(order, offset + i)))
}

/** PAID orders whose fulfilment is done, and deliveries recorded. */
async function applied(db: Database): Promise<{ paid: number; deliveries: number }> {
  const paid = (await db.collection('wxkit-orders').where({ status: 'PAID', 'fulfilment.status': 'done' }).count()).total
  const deliveries = (await db.collection('wxkit-deliveries').count()).total
  return { paid, deliveries }
}

function row(label: string, m: Measured, extra: Array<string | number> = []): Array<string | number> {
  const s = summarise(m)
  return [label, ...extra, s.n, ms(m.elapsedMs), perSecond(s.opsPerSecond), ms(s.p50), ms(s.p99)]
}

// ---------------------------------------------------------------- 1. in process

/** What the crypto-only contender needs, taken out of a notify beforehand. */
interface CryptoParts {
  message: string
  signature: string
  iv: Uint8Array
  aad: Uint8Array
  sealed: Buffer
}

function cryptoParts(n: CraftedNotify): CryptoParts {
  const resource = (JSON.parse(n.body) as { resource: { nonce: string; associated_data: string; ciphertext: string } }).resource
  const h = n.headers
  return {
    message: `${h['wechatpay-timestamp']}\n${h['wechatpay-nonce']}\n${n.body}\n`,
    signature: h['wechatpay-signature'],
    iv: new Uint8Array(Buffer.from(resource.nonce, 'utf8')),
    aad: new Uint8Array(Buffer.from(resource.associated_data, 'utf8')),
    sealed: Buffer.from(resource.ciphertext, 'base64'),
  }
}

/** RSA-SHA256 verify + AES-256-GCM decrypt (tag checked), nothing else. */
function verifyAndDecrypt(parts: CryptoParts, publicKey: KeyObject, apiV3Key: Uint8Array): string {
  if (!createVerify('RSA-SHA256').update(parts.message, 'utf8').verify(publicKey, parts.signature, 'base64')) throw new Error('signature')
  const sealed = new Uint8Array(parts.sealed.buffer, parts.sealed.byteOffset, parts.sealed.byteLength)
  const decipher = createDecipheriv('aes-256-gcm', apiV3Key, parts.iv, { authTagLength: 16 })
  decipher.setAuthTag(sealed.subarray(sealed.length - 16))
  decipher.setAAD(parts.aad)
  return decipher.update(sealed.subarray(0, sealed.length - 16), undefined, 'utf8') + decipher.final('utf8')
}

/** A runtime's in-memory database with `count` NOTPAY orders, their notifies and the wired protocol core. */
async function notifyFixture(keys: Keys, count: number) {
  const runtime = createUniCloudRuntime({ cloudRoot: CLOUD_ROOT, log: () => {} })
  const db = runtime.database() as unknown as Database
  const wechatPay = createWechatPay({ credentials: keys.wxpay, http: noNetwork })
  const deps: PayDeps = { db, gateway: wechatPay.client, env: systemEnv, fulfiller: createDeliveryFulfiller({ db, env: systemEnv }), log: silent }
  const orders = await placeOrders(db, keys.wxpay, count)
  const notifies = craftFor(keys, orders)
  const handle = async (n: CraftedNotify) => {
    const answer = await handleTransactionNotify(deps, wechatPay.notifyParser, { httpMethod: 'POST', headers: n.headers, body: n.body })
    if (answer.status !== 204) throw new Error(`notify answered ${answer.status} ${answer.body}`)
  }
  return { runtime, db, wechatPay, orders, notifies, handle }
}

/** `get 1, add 1, updateAndReturn 2`, or each distinct count with how many notifies made it. */
function describeCounts(all: readonly DbOperationCounts[]): string {
  const seen = new Map<string, number>()
  for (const c of all) seen.set(formatCounts(c), (seen.get(formatCounts(c)) ?? 0) + 1)
  if (seen.size === 1) return `${[...seen.keys()][0]} (${all.length} of ${all.length} alike)`
  return [...seen].map(([text, n]) => `${n} × ${text}`).join('; ')
}

function share(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)}%`
}

/** Print a profile summary: areas, then the functions with the most self time, then the time under the named functions. */
function printProfile(summary: ProfileSummary, topFunctions = 10): void {
  console.log(
    table(
      ['self time by where the code lives', 'self', 'share'],
      summary.areas.slice(0, 8).map((a) => [a.area, ms(a.selfMs), share(a.selfMs, summary.totalMs)]),
    ),
  )
  console.log(
    table(
      ['function (self time)', 'where', 'self', 'share'],
      summary.functions.slice(0, topFunctions).map((f) => [f.name, f.where, ms(f.selfMs), share(f.selfMs, summary.totalMs)]),
    ),
  )
  for (const [name, under] of summary.under) {
    const callees = under.top.map((f) => `${f.name} ${ms(f.selfMs)}`).join(', ')
    console.log(`  under ${name} (inclusive): ${ms(under.ms)}, ${share(under.ms, summary.totalMs)} of the profile${callees ? `; largest self time there: ${callees}` : ''}`)
  }
}

/** nedb's function that updates every index of a collection for each changed document. */
const NEDB_UPDATE_INDEXES = '_updateIndexes'

async function benchInProcess(keys: Keys): Promise<void> {
  const SEQUENTIAL = 600
  const CONCURRENT = 400
  const CONCURRENCY = 16
  const SMALL = 100
  const PROFILED = 300
  const big = await notifyFixture(keys, SEQUENTIAL + CONCURRENT)
  const small = await notifyFixture(keys, SMALL)
  const profiled = await notifyFixture(keys, SEQUENTIAL + CONCURRENT)
  try {
    const { notifies, wechatPay } = big
    const parts = notifies.map(cryptoParts)
    const publicKey = createPublicKey(keys.wxpay.publicKey)
    const apiV3Key = new Uint8Array(Buffer.from(keys.wxpay.apiV3Key, 'utf8'))

    // The crypto and the parser leave no state: they cycle over the same notifies the domain path then applies.
    const alone = await roundRobin(
      [
        { name: 'crypto', op: (i) => verifyAndDecrypt(parts[i % parts.length], publicKey, apiV3Key) },
        { name: 'parser', op: (i) => wechatPay.notifyParser.parseTransaction(notifies[i % notifies.length].headers, notifies[i % notifies.length].body) },
      ],
      3,
      { maxCount: 1500, maxMs: 500 },
    )
    const seq = await sequential((i) => big.handle(notifies[i]), { maxCount: SEQUENTIAL, maxMs: 8_000 })
    const rest = notifies.slice(seq.samples.length)
    const conc = await concurrent((i) => big.handle(rest[i]), { maxCount: Math.min(CONCURRENT, rest.length), maxMs: 8_000, concurrency: CONCURRENCY })
    const smallSeq = await sequential((i) => small.handle(small.notifies[i]), { maxCount: SMALL, maxMs: 4_000 })
    const done = await applied(big.db)
    const smallDone = await applied(small.db)
    const handled = seq.samples.length + conc.samples.length

    // Apart from the timed loops (the profiler and the counting cost time of their own): the same work, counted and profiled.
    const counted: DbOperationCounts[] = []
    const { summary } = await profileSelfTime(
      async () => {
        for (let i = 0; i < PROFILED; i++) counted.push((await profiled.runtime.database().measure(() => profiled.handle(profiled.notifies[i]))).counts)
      },
      { under: [NEDB_UPDATE_INDEXES] },
    )

    const crypto = alone.get('crypto') as Measured
    const parser = alone.get('parser') as Measured
    console.log('### 1. Notifies handled in process (one process, no HTTP)')
    console.log(
      table(
        ['path', 'orders stored', 'n', 'elapsed', 'per second', 'p50', 'p99'],
        [
          row('crypto alone: RSA-SHA256 verify + AES-256-GCM decrypt (node:crypto)', crypto, ['']),
          row('protocol core: NotifyParser.parseTransaction (headers, window, verify, decrypt, JSON)', parser, ['']),
          row('domain: handleTransactionNotify, sequential', seq, [big.orders.length]),
          row(`domain: handleTransactionNotify, ${CONCURRENCY} in flight`, conc, [big.orders.length]),
          row('domain: handleTransactionNotify, sequential', smallSeq, [small.orders.length]),
        ],
      ),
    )
    console.log("  domain = handleTransactionNotify with the kit's delivery fulfiller on the runtime's in-memory database, each notify for its own NOTPAY order.")
    console.log(`  database operations per notify (counted by the runtime, ${PROFILED} notifies at ${profiled.orders.length} stored): ${describeCounts(counted)}`)
    console.log(
      `  crypto alone is ${share(percentile(crypto.samples, 50), percentile(seq.samples, 50))} of the domain p50 at ${big.orders.length} orders stored, ` +
        `${share(percentile(crypto.samples, 50), percentile(smallSeq.samples, 50))} at ${small.orders.length}.`,
    )
    console.log(
      `  applied: ${done.paid + smallDone.paid} orders PAID and fulfilled, ${done.deliveries + smallDone.deliveries} deliveries, for ${handled + smallSeq.samples.length} notifies answered 204.`,
    )
    console.log('')
    console.log(`  Where the time of ${PROFILED} sequential notifies at ${profiled.orders.length} orders stored goes (CPU profile, node:inspector, 100 µs sampling, ${ms(summary.totalMs)} sampled):`)
    printProfile(summary)
  } finally {
    await Promise.all([big.runtime.close(), small.runtime.close(), profiled.runtime.close()])
  }
}

/** An order as placeOrder stores it, the i-th of a shop's: distinct times, one of 50 users. */
function storedOrderDoc(i: number, base: number, appid: string, mchid: string): Record<string, unknown> {
  return {
    userId: `bench-user-${i % 50}`,
    outTradeNo: `BENCH${String(base).slice(-8)}${String(i).padStart(8, '0')}`,
    channel: 'native',
    appid,
    mchid,
    description: '陶瓷马克杯 ×1',
    items: [{ productId: 'p-mug', name: '陶瓷马克杯', price: 4500, quantity: 1 }],
    amount: 4500,
    currency: 'CNY',
    status: 'NOTPAY',
    timeExpire: base + i + 15 * 60_000,
    createdAt: base + i,
    updatedAt: base + i,
    lastQueriedAt: 0,
    fulfilment: { status: 'none', attempts: 0, leaseUntil: 0 },
    history: [],
  }
}

/** A cloud root whose wxkit-orders keeps only the unique indexes of the real one. */
function uniqueIndexesOnlyRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bench-indexes-'))
  mkdirSync(path.join(root, 'database'))
  const file = path.join(REPO_ROOT, 'uni_modules/wxkit-login-pay/uniCloud/database/wxkit-orders.index.json')
  const unique = (JSON.parse(readFileSync(file, 'utf8')) as Array<{ MgoKeySchema: { MgoIsUnique?: boolean } }>).filter((i) => i.MgoKeySchema.MgoIsUnique)
  writeFileSync(path.join(root, 'database', 'wxkit-orders.index.json'), JSON.stringify(unique))
  return root
}

/** The most documents sharing one key of a non-unique index, per index. */
function largestKeyGroups(docs: readonly Record<string, unknown>[]): Array<{ index: string; largest: number }> {
  const get = (doc: Record<string, unknown>, field: string) => field.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], doc)
  return readIndexSpecs(CLOUD_ROOT, ORDERS)
    .filter((spec) => !spec.unique)
    .map((spec) => {
      const groups = new Map<string, number>()
      for (const doc of docs) {
        const key = JSON.stringify(spec.fields.map((f) => get(doc, f)))
        groups.set(key, (groups.get(key) ?? 0) + 1)
      }
      return { index: spec.name, largest: Math.max(...groups.values()) }
    })
}

/**
 * 1b. What one order update costs the local store as orders grow: transition()
 * NOTPAY → PAID (the notify's own update, leased outbox included) on a
 * database holding `stored` orders, with the committed indexes of wxkit-orders
 * and with its unique ones only. Each update is of its own order.
 */
async function benchStoreUpdates(keys: Keys): Promise<void> {
  const SIZES = [100, 1000, 10_000]
  const ROUNDS = 3
  const WARM = 10
  const PROFILED = 200
  const largest = SIZES[SIZES.length - 1]
  const onlyUnique = uniqueIndexesOnlyRoot()
  const variants = [
    { label: 'all of wxkit-orders.index.json', cloudRoot: CLOUD_ROOT },
    { label: 'unique indexes only', cloudRoot: [onlyUnique] },
  ]
  const [ALL, UNIQUE] = variants.map((v) => v.label)
  const rows: Array<Array<string | number>> = []
  const p50 = new Map<string, number>()
  const requests = new Set<number>()
  let groups: Array<{ index: string; largest: number }> = []
  let profile: ProfileSummary | undefined
  try {
    for (const stored of SIZES) {
      const base = Date.now()
      const docs = Array.from({ length: stored }, (_, i) => storedOrderDoc(i, base, keys.wxpay.appId, keys.wxpay.mchId))
      if (stored === largest) groups = largestKeyGroups(docs)
      const stores = await Promise.all(
        variants.map(async (variant) => {
          const db = new LocalDatabase({ cloudRoot: variant.cloudRoot, now: Date.now })
          const kit = db as unknown as Database
          const { ids } = (await kit.collection(ORDERS).add(structuredClone(docs) as never)) as unknown as { ids: string[] }
          let next = 0
          // Each update is of the next order, still NOTPAY: the transition wins, as a first notify's does.
          const update = () =>
            transition(
              { db: kit, env: systemEnv },
              { orderId: ids[next++], from: 'NOTPAY', to: 'PAID', by: 'notify', set: { paidAt: Date.now(), fulfilment: leasedOutbox({ env: systemEnv }).entry } },
            )
          return { variant, db, update, requests: NaN }
        }),
      )
      try {
        for (const store of stores) {
          const { counts } = await store.db.measure(async () => {
            for (let i = 0; i < WARM; i++) await store.update()
          })
          store.requests = counts.total / WARM
          requests.add(store.requests)
        }
        // Interleaved rounds, so load from elsewhere falls on both alike.
        const perRound = Math.min(70, Math.floor((stored - WARM - (stored === largest ? PROFILED : 0)) / ROUNDS))
        const measured = await roundRobin(
          stores.map((st) => ({ name: st.variant.label, op: () => st.update() })),
          ROUNDS,
          { maxCount: perRound, maxMs: 3_000, warmup: 0 },
        )
        for (const store of stores) {
          const m = measured.get(store.variant.label) as Measured
          p50.set(`${store.variant.label}|${stored}`, percentile(m.samples, 50))
          rows.push([store.variant.label, stored, store.requests, m.samples.length, ms(percentile(m.samples, 50)), ms(percentile(m.samples, 99))])
        }
        if (stored === largest) {
          const all = stores[0]
          profile = (await profileSelfTime(() => sequential(() => all.update(), { maxCount: PROFILED, maxMs: 10_000 }), { under: [NEDB_UPDATE_INDEXES] })).summary
        }
      } finally {
        await Promise.all(stores.map((st) => st.db.close()))
      }
    }
  } finally {
    rmSync(onlyUnique, { recursive: true, force: true })
  }
  console.log('')
  console.log(`### 1b. One order update in the local store as orders grow (transition() NOTPAY → PAID, the notify's own update; each of its own order; ${ROUNDS} interleaved rounds)`)
  console.log(table(['indexes on wxkit-orders', 'orders stored', 'requests per update', 'n', 'p50', 'p99'], rows))
  const added = SIZES.map((n) => (p50.get(`${ALL}|${n}`) ?? NaN) - (p50.get(`${UNIQUE}|${n}`) ?? NaN))
  console.log(`  p50 added by the non-unique indexes (all − unique only): ${SIZES.map((n, i) => `${ms(added[i])} at ${n}`).join(', ')}.`)
  console.log(`  documents sharing one key of each non-unique index at ${largest} unpaid orders: ${groups.map((g) => `${g.index} ${g.largest}`).join(', ')}`)
  if (profile) {
    console.log(`  CPU profile of ${PROFILED} updates at ${largest} stored, all the indexes (${ms(profile.totalMs)} sampled):`)
    printProfile(profile, 6)
  }
  if (added[added.length - 1] > 2 * added[0] && requests.size === 1) {
    console.log(
      `  The time the non-unique indexes add grows with the orders stored, while the requests stay ${[...requests][0]} per update at every size:`,
    )
    console.log("  the requests (here and in db-operations) are what production's database is asked; this growth is the local store's (nedb).")
  }
}

// ---------------------------------------------------------------- 2. over HTTP

const ECHO_SOURCE = `'use strict'
// Bench-only: the cheapest URL-ized cloud object. It answers the body it got.
module.exports = {
  notify() {
    const http = this.getHttpInfo()
    return { mpserverlessComposedResponse: true, statusCode: 200, headers: { 'content-type': 'application/json' }, body: http.body }
  },
}
`

/** The project's cloud roots (the built bundles as they are) plus a temporary root holding the echo object at /echo. */
function cloudRootWithEcho(): string[] {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bench-cloud-'))
  const echo = path.join(root, 'cloudfunctions', 'echo')
  mkdirSync(echo, { recursive: true })
  writeFileSync(path.join(echo, 'index.obj.js'), ECHO_SOURCE)
  writeFileSync(path.join(echo, 'package.json'), JSON.stringify({ name: 'echo', main: 'index.obj.js', 'cloudfunction-config': { timeout: 30, path: '/echo' } }))
  return [...CLOUD_ROOT, root]
}

/** POST over a keep-alive agent; resolves the status once the answer is read. */
function post(agent: http.Agent, base: URL, pathname: string, notify: CraftedNotify): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: pathname,
        method: 'POST',
        agent,
        headers: { ...notify.headers, 'content-length': Buffer.byteLength(notify.body) },
      },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(notify.body)
  })
}

/** Plain node:http answering the body it got: the floor under any runtime. */
async function plainEchoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.concat(chunks as unknown as Uint8Array[])))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

async function benchHttp(keys: Keys): Promise<void> {
  const ROUNDS = 3
  const SEQUENTIAL = 100
  const CONCURRENT = 150
  const CONCURRENCY = 8
  const WARM = 30
  const root = cloudRootWithEcho()
  const config: Record<string, unknown> = {}
  let runtime: UniCloudRuntime | undefined
  const plain = await plainEchoServer()
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const invocations: InvocationRecord[] = []
  try {
    runtime = createUniCloudRuntime({ cloudRoot: root, config, log: () => {}, onInvocation: (r) => r.name === 'pay' && r.method === 'notify' && invocations.push(r) })
    const { url } = await runtime.listen(0)
    config[CONFIG_PLUGIN_ID] = keys.devConfig(url)
    const base = new URL(url)
    const plainBase = new URL(plain.url)
    const db = runtime.database() as unknown as Database
    const orders = await placeOrders(db, keys.wxpay, WARM + ROUNDS * (SEQUENTIAL + CONCURRENT))
    const notifies = craftFor(keys, orders)
    let used = 0
    const expect = (status: number, wanted: number, what: string) => {
      if (status !== wanted) throw new Error(`${what} answered ${status}`)
    }
    const sample = notifies[0]
    const contenders = [
      {
        name: 'notify',
        op: async () => {
          if (used >= notifies.length) throw new Error('out of pre-created orders')
          expect(await post(agent, base, '/pay/notify', notifies[used++]), 204, '/pay/notify')
        },
      },
      { name: 'echo', op: async () => expect(await post(agent, base, '/echo/notify', sample), 200, '/echo/notify') },
      { name: 'plain', op: async () => expect(await post(agent, plainBase, '/echo', sample), 200, 'node:http') },
    ]
    const seq = await roundRobin(contenders, ROUNDS, { maxCount: SEQUENTIAL, maxMs: 2_000, warmup: WARM })
    const conc = await roundRobin(contenders, ROUNDS, { maxCount: CONCURRENT, maxMs: 2_000, concurrency: CONCURRENCY, warmup: 0 })
    const done = await applied(db)
    const labels: Record<string, string> = {
      notify: 'POST /pay/notify (built pay bundle, own NOTPAY order each)',
      echo: 'POST /echo/notify (echo object, same runtime)',
      plain: 'plain node:http echo (no runtime)',
    }
    const rows = [
      ...contenders.map((c) => row(labels[c.name], seq.get(c.name) as Measured, ['sequential'])),
      ...contenders.map((c) => row(labels[c.name], conc.get(c.name) as Measured, [`${CONCURRENCY} in flight`])),
    ]
    const measured = [seq, conc].reduce((n, m) => n + (m.get('notify') as Measured).samples.length, 0)

    console.log('')
    console.log(`### 2. Notifies over HTTP through the local uniCloud runtime (interleaved, ${ROUNDS} rounds; client and server in this process, keep-alive)`)
    console.log(table(['route', 'mode', 'n', 'elapsed', 'per second', 'p50', 'p99'], rows))
    const stack = percentile((seq.get('echo') as Measured).samples, 50)
    const objects = readdirSync(FUNCTIONS_DIR).filter((name) => name !== 'common').length + 1
    console.log(
      `  echo = a URL-ized cloud object placed beside the project's ${objects - 1} built objects (${objects} served), answering the body it got;`,
    )
    console.log(
      `  sequential p50: echo ${ms(stack)}, /pay/notify ${ms(percentile((seq.get('notify') as Measured).samples, 50))} (difference ${ms(
        percentile((seq.get('notify') as Measured).samples, 50) - stack,
      )}).`,
    )
    console.log(`  database operations per /pay/notify invocation (the runtime's records): ${describeCounts(invocations.map((r) => r.db))}`)
    console.log(
      `  applied: ${done.paid} orders PAID and fulfilled, ${done.deliveries} deliveries, for ${used} notifies answered 204 (${measured} measured, ${used - measured} warm-up); ${orders.length} orders in the collection.`,
    )
  } finally {
    agent.destroy()
    await runtime?.close()
    await plain.close()
    rmSync(root[root.length - 1], { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------- 3. against the community SDKs

/** What a library did with the checks a notify needs (probed with a bad notify each). */
interface Checks {
  staleTimestamp: boolean
  tamperedTag: boolean
}

async function rejects(work: () => unknown): Promise<boolean> {
  try {
    const result = await work()
    return result === false
  } catch {
    return true
  }
}

async function benchAgainstLibraries(keys: Keys, orders: readonly OrderRecord[]): Promise<void> {
  const { wxpay } = keys
  // --- request signing: the same request, timestamp and nonce for all three
  const method = 'POST'
  const pathWithQuery = '/v3/pay/transactions/jsapi'
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = 'Q3XNRmN2pLq9XKxYzKnPYbqHdZWkb3Tx'
  const body = JSON.stringify({
    appid: wxpay.appId,
    mchid: wxpay.mchId,
    description: '陶瓷马克杯 ×1',
    out_trade_no: 'BENCH20250101120000000001',
    time_expire: '2025-01-01T20:15:00+08:00',
    notify_url: 'https://example.invalid/pay/notify',
    amount: { total: 4500, currency: 'CNY' },
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  })
  const signer = new RsaSigner({ privateKey: wxpay.merchantPrivateKey, serialNo: wxpay.merchantSerialNo })
  // As its README configures it: PEM buffers, serial given (so no certificate parsing), APIv3 key.
  const nodeV3 = new Pay({
    appid: wxpay.appId,
    mchid: wxpay.mchId,
    serial_no: wxpay.merchantSerialNo,
    publicKey: Buffer.from(wxpay.publicKey),
    privateKey: Buffer.from(wxpay.merchantPrivateKey),
    key: wxpay.apiV3Key,
  })
  // As Decorator.jsonBased prepares it: the key parsed once into a KeyObject.
  const axiosKey = Rsa.from(wxpay.merchantPrivateKey, 'private')
  const sign = {
    ours: () =>
      buildAuthorization({
        mchId: wxpay.mchId,
        nonce,
        timestamp,
        serialNo: signer.serialNo,
        signature: signer.sign(buildRequestMessage({ method, pathWithQuery, timestamp, nonce, body })),
      }),
    nodeV3: () => nodeV3.getAuthorization(nonce, timestamp, nodeV3.getSignature(method, nonce, timestamp, pathWithQuery, body)),
    axios: () =>
      Formatter.authorization(wxpay.mchId, nonce, Rsa.sign(Formatter.request(method, pathWithQuery, timestamp, nonce, body), axiosKey), timestamp, wxpay.merchantSerialNo),
  }
  const signatureOf = (authorization: string) => /signature="([^"]+)"/.exec(authorization)?.[1]
  const signatures = new Set(Object.values(sign).map((f) => signatureOf(f())))
  if (signatures.size !== 1) throw new Error('the three signers disagree on the same request')

  // --- notify verification: the same notifies for all three, public key by serial
  const notifies = craftFor(keys, orders.slice(0, 200))
  const publicKeyPem = wxpay.publicKey
  ;(Pay as unknown as { certificates: Record<string, string> }).certificates[keys.notifyKeys.serial] = publicKeyPem
  const axiosVerifier = Decorator.responseVerifier({ [keys.notifyKeys.serial]: Rsa.from(publicKeyPem, 'public') }) as (
    this: { url: string },
    data: string,
    headers: Record<string, string>,
    status: number,
  ) => unknown
  const wechatPay = createWechatPay({ credentials: wxpay, http: noNetwork })
  type Envelope = { resource: { ciphertext: string; associated_data: string; nonce: string } }
  const verify = {
    ours: (n: CraftedNotify) => wechatPay.notifyParser.parseTransaction(n.headers, n.body),
    nodeV3: async (n: CraftedNotify) => {
      const h = n.headers
      const ok = await nodeV3.verifySign({
        timestamp: h['wechatpay-timestamp'],
        nonce: h['wechatpay-nonce'],
        body: n.body,
        serial: h['wechatpay-serial'],
        signature: h['wechatpay-signature'],
      })
      if (!ok) return false
      const { resource } = JSON.parse(n.body) as Envelope
      return nodeV3.decipher_gcm<object>(resource.ciphertext, resource.associated_data, resource.nonce)
    },
    axios: (n: CraftedNotify) => {
      const verified = axiosVerifier.call({ url: '/pay/notify' }, n.body, n.headers, 200)
      if (verified !== n.body) return false
      const { resource } = JSON.parse(n.body) as Envelope
      return JSON.parse(Aes.AesGcm.decrypt(resource.ciphertext, wxpay.apiV3Key, resource.nonce, resource.associated_data)) as object
    },
  }
  for (const [name, f] of Object.entries(verify)) {
    if (await rejects(() => f(notifies[0]))) throw new Error(`${name} refused a valid notify`)
  }
  const [order] = orders
  const stale = craftNotify(keys.notifyKeys, paidTransaction(order, 0), { timestamp: Math.floor(Date.now() / 1000) - 600 })
  const tampered = craftNotify(keys.notifyKeys, paidTransaction(order, 0), { tamperTag: true })
  const checks: Record<string, Checks> = {}
  for (const [name, f] of Object.entries(verify)) {
    checks[name] = { staleTimestamp: await rejects(() => f(stale)), tamperedTag: await rejects(() => f(tampered)) }
  }

  const rounds = 3
  const bounds = { maxCount: 1500, maxMs: 400 }
  const signing = await roundRobin(
    [
      { name: 'ours', op: sign.ours },
      { name: 'nodeV3', op: sign.nodeV3 },
      { name: 'axios', op: sign.axios },
    ],
    rounds,
    bounds,
  )
  const verifying = await roundRobin(
    [
      { name: 'ours', op: (i) => verify.ours(notifies[i % notifies.length]) },
      { name: 'nodeV3', op: (i) => verify.nodeV3(notifies[i % notifies.length]) },
      { name: 'axios', op: (i) => verify.axios(notifies[i % notifies.length]) },
    ],
    rounds,
    bounds,
  )

  const names: Record<string, string> = {
    ours: 'ours (cloud/wxpay)',
    nodeV3: 'wechatpay-node-v3@2.2.1',
    axios: 'wechatpay-axios-plugin@0.9.6',
  }
  const yes = (b: boolean) => (b ? 'yes' : 'NO')
  console.log('')
  console.log(`### 3. Request signing and notify verification beside the community SDKs (interleaved, ${rounds} rounds, no network)`)
  console.log('  Request signing: Authorization for POST /v3/pay/transactions/jsapi (message → SHA256withRSA → header), same inputs;')
  console.log(`  distinct signatures produced by the three: ${signatures.size}.`)
  console.log(
    table(
      ['library', 'n', 'elapsed', 'per second', 'p50', 'p99', 'private key handed over as'],
      Object.keys(names).map((k) => [
        ...row(names[k], signing.get(k) as Measured),
        { ours: 'KeyObject (RsaSigner)', nodeV3: 'PEM Buffer (new Pay)', axios: 'KeyObject (Rsa.from)' }[k] as string,
      ]),
    ),
  )
  console.log('')
  console.log('  Notify verification: the same signed, encrypted TRANSACTION.SUCCESS notifies → verified, decrypted, parsed resource.')
  console.log('  ours = NotifyParser.parseTransaction; node-v3 = verifySign + decipher_gcm; axios = Decorator.responseVerifier + Aes.AesGcm.decrypt.')
  console.log(
    table(
      ['library', 'n', 'elapsed', 'per second', 'p50', 'p99', 'rejects stale timestamp', 'rejects tampered GCM tag'],
      Object.keys(names).map((k) => [...row(names[k], verifying.get(k) as Measured), yes(checks[k].staleTimestamp), yes(checks[k].tamperedTag)]),
    ),
  )
}

// ---------------------------------------------------------------- 4. bundle sizes and cold loads

/** Runs in the fresh process: time require(argv[1]) and count the files it loaded. */
const CHILD = [
  'const t = process.hrtime.bigint()',
  'if (process.argv[1]) require(process.argv[1])',
  'const ms = Number(process.hrtime.bigint() - t) / 1e6',
  "const fs = require('fs')",
  'const files = Object.keys(require.cache)',
  'let bytes = 0',
  'for (const f of files) { try { bytes += fs.statSync(f).size } catch {} }',
  'process.stdout.write(JSON.stringify({ ms, modules: files.length, bytes }))',
].join('\n')

interface LoadTarget {
  name: string
  /** Absolute path to require; '' = require nothing (the process baseline). */
  file: string
}

async function benchColdLoads(): Promise<void> {
  const RUNS = 15
  const bundles = readdirSync(FUNCTIONS_DIR)
    .filter((name) => name !== 'common' && existsSync(path.join(FUNCTIONS_DIR, name, 'index.obj.js')))
    .sort()
  const targets: LoadTarget[] = [
    { name: '(empty node -e: process baseline)', file: '' },
    ...bundles.map((name) => ({ name, file: path.join(FUNCTIONS_DIR, name, 'index.obj.js') })),
    { name: 'wechatpay-node-v3@2.2.1', file: require.resolve('wechatpay-node-v3') },
    { name: 'wechatpay-axios-plugin@0.9.6', file: require.resolve('wechatpay-axios-plugin') },
  ]
  // uni-config-center is external to the bundles: uniCloud provides it as a common module; so does NODE_PATH here.
  const env = { ...process.env, NODE_PATH: path.join(FUNCTIONS_DIR, 'common'), NODE_OPTIONS: '' }
  const results = new Map<string, { wall: number[]; require: number[]; modules: number; bytes: number }>(
    targets.map((t) => [t.name, { wall: [], require: [], modules: 0, bytes: 0 }]),
  )
  const deadline = performance.now() + 30_000
  let runs = 0
  // Interleaved: run r of every target, then run r + 1, so noise falls on all alike.
  for (; runs < RUNS && performance.now() < deadline; runs++) {
    for (const target of targets) {
      const t = performance.now()
      const child = spawnSync(process.execPath, ['-e', CHILD, target.file], { env, encoding: 'utf8', cwd: os.tmpdir() })
      const wall = performance.now() - t
      if (child.status !== 0) throw new Error(`loading ${target.name} failed: ${child.stderr.slice(0, 300)}`)
      const report = JSON.parse(child.stdout) as { ms: number; modules: number; bytes: number }
      const r = results.get(target.name)
      if (!r) continue
      r.wall.push(wall)
      r.require.push(report.ms)
      r.modules = report.modules
      r.bytes = report.bytes
    }
  }
  const baseline = percentile(results.get(targets[0].name)?.wall ?? [], 50)
  const sizeOf = (file: string) => {
    if (!file || !bundles.some((b) => file === path.join(FUNCTIONS_DIR, b, 'index.obj.js'))) return ['', '']
    const content = readFileSync(file)
    return [bytes(content.length), bytes(gzipSync(new Uint8Array(content.buffer, content.byteOffset, content.byteLength)).length)]
  }
  console.log('')
  console.log(`### 4. Cloud object bundles: size, and loading each in a fresh Node process (${runs} runs each, interleaved)`)
  console.log(
    table(
      ['module', 'bundle', 'gzip', 'require p50', 'require p99', 'process p50', 'process p99', 'over baseline', 'files loaded', 'bytes loaded'],
      targets.map((t) => {
        const r = results.get(t.name) as { wall: number[]; require: number[]; modules: number; bytes: number }
        const [size, gzip] = sizeOf(t.file)
        return [
          t.name,
          size,
          gzip,
          t.file ? ms(percentile(r.require, 50)) : '',
          t.file ? ms(percentile(r.require, 99)) : '',
          ms(percentile(r.wall, 50)),
          ms(percentile(r.wall, 99)),
          t.file ? ms(percentile(r.wall, 50) - baseline) : '',
          t.file ? r.modules : '',
          t.file ? bytes(r.bytes) : '',
        ]
      }),
    ),
  )
  const onlyItself = bundles.filter((name) => results.get(name)?.modules === 1).length
  console.log('  require = require() timed inside the child (hrtime); process = spawn to exit as seen from here; over baseline = process p50 − baseline p50.')
  console.log(`  files/bytes loaded = the child's require.cache after the require; bundles that loaded no file but their own: ${onlyItself} of ${bundles.length}.`)
}

/** Print the four measurements. */
export async function run(): Promise<void> {
  console.log(machine())
  const keys = await loadKeys()
  try {
    await benchInProcess(keys)
    await benchStoreUpdates(keys)
    await benchHttp(keys)
    const scratch = createUniCloudRuntime({ cloudRoot: CLOUD_ROOT, log: () => {} })
    try {
      // Orders only give the notifies real contents here; nothing is applied.
      const orders = await placeOrders(scratch.database() as unknown as Database, keys.wxpay, 200)
      await benchAgainstLibraries(keys, orders)
    } finally {
      await scratch.close()
    }
    await benchColdLoads()
  } finally {
    await keys.emulator.close()
  }
}
