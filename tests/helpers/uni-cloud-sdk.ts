/**
 * Drives the REAL client SDK (`@dcloudio/uni-cloud` from node_modules, not a
 * copy) in Node, as a uni-app build would run it, against a local runtime.
 *
 * How the SDK is configured in an app build: the uni-cloud vite plugin
 * (`@dcloudio/uni-cloud/lib/uni.plugin.js`) turns `UNI_CLOUD_SPACES`
 * (`[{ provider, id, name, clientSecret, apiEndpoint }]`) into
 * `UNI_CLOUD_PROVIDER` (`[{ provider, spaceName, spaceId, clientSecret, endpoint }]`),
 * and the build defines `process.env.UNI_CLOUD_PROVIDER` (and UNI_PLATFORM, …)
 * as literals in the bundle. With exactly one space the SDK initialises it as
 * the default `uniCloud` at load. This helper does the same: it runs the real
 * plugin in a child process to get UNI_CLOUD_PROVIDER, then evaluates the SDK's
 * published bundle with `process`, `uni` and `wx` passed in as parameters
 * (shims: `uni.request` over fetch, `uni.uploadFile` over fetch + FormData,
 * storage in a Map, system info), so no global is touched and each load is a
 * fresh SDK with its own token storage.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import vm from 'node:vm'

/** A space as `UNI_CLOUD_SPACES` lists it (the dev script's shape). */
export interface UniCloudSpace {
  provider: 'aliyun'
  id: string
  name?: string
  clientSecret: string
  apiEndpoint: string
}

/** An answer of a cloud object method (the SDK throws when errCode is truthy). */
export type CloudAnswer = { errCode: number | string; errMsg?: string } & Record<string, unknown>

/** The default client view of a cloud object. */
export type CloudObjectProxy = Record<string, (...params: unknown[]) => Promise<CloudAnswer>>

/** The parts of the SDK's `uniCloud` the tests use. */
export interface UniCloudClient {
  importObject<T = CloudObjectProxy>(name: string, options?: { customUI?: boolean; errorOptions?: { type?: 'modal' | 'toast' } }): T
  callFunction(options: { name: string; data?: unknown }): Promise<{ result: unknown; requestId?: string }>
  uploadFile(options: { filePath: string; cloudPath: string; cloudPathAsRealPath?: boolean }): Promise<{ fileID: string }>
  getTempFileURL(options: { fileList: string[] }): Promise<{ fileList: Array<{ fileID: string; tempFileURL: string }> }>
  addInterceptor(name: string, interceptor: Record<string, (...args: unknown[]) => unknown>): void
  onRefreshToken?(listener: (info: { token: string; tokenExpired: number }) => void): void
  config: Record<string, unknown>
}

/** The SDK's error class. */
export type UniCloudErrorLike = Error & { errCode: string | number; errMsg: string; requestId?: string; detail?: unknown }

export interface LoadSdkOptions {
  space: UniCloudSpace
  /** 'mp-weixin' (default) or 'h5' (the SDK calls it web). */
  platform?: 'mp-weixin' | 'h5'
  /** Merged over the default system info of the platform. */
  systemInfo?: Record<string, unknown>
  /** Pass the storage of an earlier load to simulate an app restart. */
  storage?: Map<string, unknown>
  /**
   * The SDK posts uploads to `https://<host>`; a dev build rewrites loopback
   * https to http with a `uni.addInterceptor('uploadFile')`. Default true.
   */
  rewriteLoopbackHttps?: boolean
}

/** A recorded `uni.request`. */
export interface RecordedRequest {
  url: string
  method: string
  header: Record<string, string>
  data: unknown
  statusCode?: number
}

export interface LoadedSdk {
  uniCloud: UniCloudClient
  UniCloudError: new (options: Record<string, unknown>) => UniCloudErrorLike
  /** What `uni.setStorageSync` holds (uni_id_token lands here). */
  storage: Map<string, unknown>
  requests: RecordedRequest[]
  /** showLoading / hideLoading / showModal / showToast calls. */
  ui: Array<{ api: string; options: unknown }>
}

const localRequire = createRequire(import.meta.url)
const defineCache = new Map<string, string>()

/**
 * The `process.env.UNI_CLOUD_PROVIDER` an app build defines for these spaces,
 * computed by the real uni-cloud build plugin in a child process (it reads and
 * writes process.env at import time, so it must not run in the test process).
 */
export function uniCloudProviderDefine(spaces: UniCloudSpace[]): string {
  const spacesJson = JSON.stringify(spaces)
  const cached = defineCache.get(spacesJson)
  if (cached) return cached
  const plugin = localRequire.resolve('@dcloudio/uni-cloud/lib/uni.plugin.js')
  const env: NodeJS.ProcessEnv = { ...process.env, UNI_CLOUD_SPACES: spacesJson, UNI_INPUT_DIR: process.cwd(), UNI_CLI_CONTEXT: process.cwd() }
  delete env.UNI_CLOUD_PROVIDER
  const out = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(plugin)}); process.stdout.write('\\n@@' + process.env.UNI_CLOUD_PROVIDER)`], {
    env,
    encoding: 'utf8',
  })
  const value = out.slice(out.lastIndexOf('\n@@') + 3)
  defineCache.set(spacesJson, value)
  return value
}

function defaultSystemInfo(platform: 'mp-weixin' | 'h5'): Record<string, unknown> {
  const common = { appId: '__UNI__LOCALKIT', appName: 'uni-wx-kit', appVersion: '0.1.0', appVersionCode: '100', appLanguage: 'zh-Hans', deviceId: 'test-device-0001', uniRuntimeVersion: '4.0', uniCompilerVersion: '4.0' }
  return platform === 'mp-weixin'
    ? { ...common, uniPlatform: 'mp-weixin', osName: 'ios', osVersion: '17.0', deviceBrand: 'apple', deviceModel: 'iPhone 15', deviceType: 'phone', hostName: 'WeChat', hostVersion: '8.0.50' }
    : { ...common, uniPlatform: 'web', osName: 'linux', osVersion: '', browserName: 'chrome', browserVersion: '120', deviceType: 'pc', ua: 'Mozilla/5.0 (test)' }
}

type Callbacks = { success?: (r: unknown) => void; fail?: (r: unknown) => void; complete?: (r: unknown) => void }

function settle<T>(options: Callbacks, run: () => Promise<T>, failPrefix: string): Promise<T> | undefined {
  const promise = run().then(
    (res) => {
      options.success?.(res)
      options.complete?.(res)
      return res
    },
    (error: Error) => {
      const res = { errMsg: `${failPrefix}:fail ${error.message}` }
      options.fail?.(res)
      options.complete?.(res)
      throw res
    },
  )
  if (options.success || options.fail || options.complete) {
    promise.catch(() => undefined)
    return undefined
  }
  return promise
}

/** Load a fresh copy of the real SDK pointed at one space. */
export function loadUniCloudSdk(options: LoadSdkOptions): LoadedSdk {
  const platform = options.platform ?? 'mp-weixin'
  const storage = options.storage ?? new Map<string, unknown>()
  const requests: RecordedRequest[] = []
  const ui: LoadedSdk['ui'] = []
  const systemInfo = { ...defaultSystemInfo(platform), ...(options.systemInfo ?? {}) }
  const rewrite = options.rewriteLoopbackHttps ?? true

  const uni = {
    request(o: Callbacks & { url: string; method?: string; data?: unknown; header?: Record<string, string>; dataType?: string; timeout?: number }) {
      const method = (o.method ?? 'GET').toUpperCase()
      const record: RecordedRequest = { url: o.url, method, header: { ...(o.header ?? {}) }, data: o.data }
      requests.push(record)
      const result = settle(
        o,
        async () => {
          let url = o.url
          let body: string | undefined
          if (method === 'GET' && o.data && typeof o.data === 'object') {
            url += (url.includes('?') ? '&' : '?') + new URLSearchParams(o.data as Record<string, string>).toString()
          } else if (o.data !== undefined) {
            body = typeof o.data === 'string' ? o.data : JSON.stringify(o.data)
          }
          const response = await fetch(url, {
            method,
            headers: o.header,
            body,
            signal: o.timeout ? AbortSignal.timeout(o.timeout) : undefined,
          })
          const text = await response.text()
          let data: unknown = text
          if ((o.dataType ?? 'json') === 'json') {
            try {
              data = JSON.parse(text)
            } catch {
              data = text
            }
          }
          const header: Record<string, string> = {}
          response.headers.forEach((v, k) => {
            header[k] = v
          })
          record.statusCode = response.status
          return { statusCode: response.status, data, header, cookies: [], errMsg: 'request:ok' }
        },
        'request',
      )
      return result ?? { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} }
    },
    uploadFile(o: Callbacks & { url: string; filePath: string; name: string; formData?: Record<string, unknown>; header?: Record<string, string> }) {
      settle(
        o,
        async () => {
          const url = rewrite ? o.url.replace(/^https:\/\/(127\.0\.0\.1|localhost)([:/])/, 'http://$1$2') : o.url
          const form = new FormData()
          for (const [k, v] of Object.entries(o.formData ?? {})) form.append(k, String(v))
          form.append(o.name, new Blob([new Uint8Array(readFileSync(o.filePath))]), path.basename(o.filePath))
          const response = await fetch(url, { method: 'POST', headers: o.header, body: form })
          return { statusCode: response.status, data: await response.text(), errMsg: 'uploadFile:ok' }
        },
        'uploadFile',
      )
      return { onProgressUpdate() {}, abort() {} }
    },
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    clearStorageSync: () => storage.clear(),
    getSystemInfoSync: () => ({ ...systemInfo }),
    getAppBaseInfo: () => ({ ...systemInfo }),
    getDeviceInfo: () => ({}),
    getLocale: () => 'zh-Hans',
    getLaunchOptionsSync: () => (platform === 'mp-weixin' ? { scene: 1001, path: 'pages/index/index', query: {} } : { path: 'pages/index/index', query: {} }),
    showLoading: (o: unknown) => void ui.push({ api: 'showLoading', options: o }),
    hideLoading: () => void ui.push({ api: 'hideLoading', options: undefined }),
    showToast: (o: unknown) => void ui.push({ api: 'showToast', options: o }),
    showModal: (o: { success?: (r: { confirm: boolean; cancel: boolean }) => void }) => {
      ui.push({ api: 'showModal', options: o })
      setTimeout(() => o.success?.({ confirm: false, cancel: true }), 0)
    },
  }
  const wx = { canIUse: (api: string) => api === 'getAppBaseInfo' || api === 'getDeviceInfo' }

  // The literals an app build defines (see uni-cli-shared env/define.js and the uni-cloud plugin).
  const env: Record<string, unknown> = {
    NODE_ENV: 'development',
    UNI_PLATFORM: platform,
    UNI_APP_ID: systemInfo.appId,
    UNI_CLOUD_PROVIDER: uniCloudProviderDefine([options.space]),
    UNICLOUD_DEBUG: '',
    UNI_SECURE_NETWORK_ENABLE: false,
    UNI_SECURE_NETWORK_CONFIG: '[]',
    RUN_BY_HBUILDERX: false,
  }
  const sandboxGlobal: Record<string, unknown> = {}
  const file = localRequire.resolve('@dcloudio/uni-cloud')
  const source = readFileSync(file, 'utf8')
  const run = vm.compileFunction(source, ['exports', 'module', 'require', 'process', 'uni', 'wx', 'getCurrentPages', 'globalThis', 'self', 'window'], {
    filename: file,
  })
  const module = { exports: {} as Record<string, unknown> }
  const noRequire = (id: string) => {
    throw new Error(`the uni-cloud bundle unexpectedly required ${id}`)
  }
  run(module.exports, module, noRequire, { env }, uni, wx, () => [{ route: 'pages/index/index' }], sandboxGlobal, sandboxGlobal, sandboxGlobal)
  const exported = module.exports as { uniCloud: UniCloudClient; UniCloudError: LoadedSdk['UniCloudError'] }
  return { uniCloud: exported.uniCloud, UniCloudError: exported.UniCloudError, storage, requests, ui }
}
