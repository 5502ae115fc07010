/**
 * The `wx` object of the simulated client: the APIs the kit's mini program
 * uses (and the privacy family), each with WeChat's calling convention —
 * `success` / `fail` / `complete` callbacks, or a Promise when none is given;
 * answers carry `errMsg: "<api>:ok"`, failures `"<api>:fail …"`.
 *
 * Network APIs really go over HTTP (wx.request to the local uniCloud
 * runtime, so the build's own uniCloud SDK talks to it); the phone's part
 * (login codes, paying, phone numbers) is played by the WeChat emulator.
 */
import { extensionFor, FileError, USER_DATA_PATH, type LocalFiles } from './files'
import type { NativeUi } from './native-ui'
import { RouteError, type PageStack } from './pages'
import { PrivacyRefused, type PrivacyState } from './privacy'
import type { Sandbox } from './sandbox'
import { EmulatorRefused, type WechatClient } from './wechat-client'

type Fn = (res: unknown) => void
type Options = Record<string, unknown> & { success?: Fn; fail?: Fn; complete?: Fn }
type Answer = Record<string, unknown> | void

/** A failure with the errMsg (and errno) WeChat would give. */
export class WxFail extends Error {
  constructor(
    readonly errMsg: string,
    readonly errno?: number,
  ) {
    super(errMsg)
    this.name = 'WxFail'
  }
}

/** The device the client pretends to be (an iPhone-sized phone by default). */
export interface DeviceProfile {
  brand: string
  model: string
  system: string
  platform: string
  pixelRatio: number
  screenWidth: number
  screenHeight: number
  statusBarHeight: number
  language: string
  version: string
  SDKVersion: string
}

export const DEFAULT_DEVICE: DeviceProfile = {
  brand: 'iPhone',
  model: 'iPhone 14',
  system: 'iOS 17.4',
  platform: 'ios',
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  statusBarHeight: 47,
  language: 'zh_CN',
  version: '8.0.50',
  SDKVersion: '3.5.8',
}

/** Everything the wx object works with. */
export interface WxContext {
  sandbox: Sandbox
  pages: PageStack
  privacy: PrivacyState
  native: NativeUi
  wechat: WechatClient
  files: LocalFiles
  device: DeviceProfile
  appId: string
  /** The simulated WeChat user (emulator key). */
  user(): string
  launchOptions: { path: string; query: Record<string, string>; scene: number }
  /** wx.checkSession's answer: true after a wx.login until the test expires it. */
  session: { valid: boolean }
  /** An exception in app code run from a callback (WeChat reports it to App.onError). */
  report(where: string, error: unknown): void
  /** Keep count of network work in flight (for settle()). */
  track<T>(work: Promise<T>): Promise<T>
  /** A request's controller, aborted when the client closes. */
  abortable(controller: AbortController): void
  /** The client's storage: key → the JSON of the stored value (kept across launches when a test passes it on). */
  storage: Map<string, string>
  /** Listeners the app registered with wx.onAppShow / onAppHide / onError … */
  appListeners: Map<string, Set<(arg?: unknown) => void>>
}

/** Build the wx object. */
export function createWx(ctx: WxContext): Record<string, unknown> {
  const realm = ctx.sandbox.global as { Object: ObjectConstructor; Promise: PromiseConstructor }
  const obj = (fields: Record<string, unknown>) => Object.assign(new realm.Object(), fields)
  const storage = ctx.storage
  const authSetting = new Map<string, boolean>()

  function failureOf(name: string, error: unknown): Record<string, unknown> {
    if (error instanceof WxFail) return obj({ errMsg: error.errMsg, ...(error.errno === undefined ? {} : { errno: error.errno }) })
    if (error instanceof PrivacyRefused) return obj({ errMsg: `${name}:fail privacy permission is not authorized`, errno: error.errno })
    if (error instanceof RouteError) return obj({ errMsg: error.errMsg })
    if (error instanceof FileError) return obj({ errMsg: `${name}:${error.errMsg}` })
    return obj({ errMsg: `${name}:fail ${error instanceof Error ? error.message : String(error)}` })
  }

  function call(cb: unknown, res: unknown, where: string): void {
    if (typeof cb !== 'function') return
    try {
      cb(res)
    } catch (error) {
      ctx.report(where, error)
    }
  }

  /** Deliver an async API's outcome by callbacks, or as a Promise when no callback was given. */
  function deliver(name: string, options: Options, work: Promise<Answer>, task?: object): unknown {
    const outcome = work.then(
      (res) => ({ ok: true as const, res: obj({ errMsg: `${name}:ok`, ...(res ?? {}) }) }),
      (error: unknown) => ({ ok: false as const, res: failureOf(name, error) }),
    )
    const hasCallbacks = ['success', 'fail', 'complete'].some((k) => typeof options[k] === 'function')
    if (hasCallbacks || task) {
      void outcome.then(({ ok, res }) => {
        call(ok ? options.success : options.fail, res, `${name} ${ok ? 'success' : 'fail'}`)
        call(options.complete, res, `${name} complete`)
      })
      return task
    }
    return new realm.Promise((resolve, reject) => void outcome.then(({ ok, res }) => (ok ? resolve(res) : reject(res))))
  }

  function api(name: string, impl: (options: Options) => Promise<Answer> | Answer) {
    return (options?: Options) => {
      const o = options ?? {}
      return deliver(name, o, Promise.resolve().then(() => impl(o)))
    }
  }

  // --- storage -----------------------------------------------------------
  const getStorageSync = (key: unknown) => {
    const raw = storage.get(String(key))
    return raw === undefined ? '' : ctx.sandbox.json(JSON.parse(raw))
  }
  const setStorageSync = (key: unknown, data: unknown) => {
    if (typeof key !== 'string' || key === '') throw new WxFail('setStorageSync:fail parameter error: key should be a non-empty String')
    storage.set(key, JSON.stringify(data === undefined ? '' : data))
  }

  // --- device ------------------------------------------------------------
  const d = ctx.device
  const safeArea = () => ({ top: d.statusBarHeight, left: 0, right: d.screenWidth, bottom: d.screenHeight - 34, width: d.screenWidth, height: d.screenHeight - 34 - d.statusBarHeight })
  const windowInfo = () => ctx.sandbox.json({
    pixelRatio: d.pixelRatio,
    screenWidth: d.screenWidth,
    screenHeight: d.screenHeight,
    windowWidth: d.screenWidth,
    windowHeight: d.screenHeight,
    statusBarHeight: d.statusBarHeight,
    safeArea: safeArea(),
    screenTop: 0,
  })
  const deviceInfo = () => ctx.sandbox.json({ brand: d.brand, model: d.model, system: d.system, platform: d.platform, benchmarkLevel: 1, memorySize: 4096, abi: 'arm64' })
  const appBaseInfo = () =>
    ctx.sandbox.json({ SDKVersion: d.SDKVersion, enableDebug: false, host: { env: 'WeChat' }, language: d.language, version: d.version, theme: 'light', fontSizeSetting: 17 })
  const systemInfo = () => ctx.sandbox.json({ ...windowInfo(), ...deviceInfo(), ...appBaseInfo(), fontSizeSetting: 17, deviceOrientation: 'portrait' })
  // The capsule sits 4 px under the status bar, 7 px from the right edge (an iPhone's layout).
  const capsule = () => {
    const top = d.statusBarHeight + 4
    const right = d.screenWidth - 7
    return ctx.sandbox.json({ width: 87, height: 32, top, bottom: top + 32, left: right - 87, right })
  }

  // --- permissions -------------------------------------------------------
  const PRIVACY_SCOPES = new Set([
    'scope.userLocation',
    'scope.userFuzzyLocation',
    'scope.userLocationBackground',
    'scope.record',
    'scope.camera',
    'scope.bluetooth',
    'scope.writePhotosAlbum',
    'scope.addPhoneContact',
    'scope.addPhoneCalendar',
    'scope.werun',
  ])
  async function ensureScope(name: string, scope: string): Promise<void> {
    const known = authSetting.get(scope)
    if (known === false) throw new WxFail(`${name}:fail auth deny`)
    if (known === true) return
    const allowed = ctx.native.permissionAnswers.get(scope) ?? true
    authSetting.set(scope, allowed)
    if (!allowed) throw new WxFail(`${name}:fail auth deny`)
  }

  async function pickFile(name: string): Promise<{ path: string; size: number }> {
    const picked = ctx.native.picks.shift()
    if (!picked) throw new WxFail(`${name}:fail cancel`)
    const path = ctx.files.tempPath(picked.ext)
    ctx.files.write(path, picked.bytes)
    return { path, size: picked.bytes.byteLength }
  }

  // --- network -----------------------------------------------------------
  function request(options: Options): unknown {
    const controller = new AbortController()
    ctx.abortable(controller)
    const headersListeners: Fn[] = []
    const task = obj({
      abort: () => controller.abort(),
      onHeadersReceived: (fn: Fn) => headersListeners.push(fn),
      offHeadersReceived: () => (headersListeners.length = 0),
      onChunkReceived: () => undefined,
      offChunkReceived: () => undefined,
    })
    const work = (async (): Promise<Answer> => {
      const method = String(options.method ?? 'GET').toUpperCase()
      const header = { ...((options.header as Record<string, string>) ?? {}) }
      const contentType = Object.entries(header).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'application/json'
      let url = String(options.url)
      let body: string | Uint8Array<ArrayBuffer> | undefined
      const data = options.data
      if (method === 'GET' && data && typeof data === 'object') {
        const query = Object.entries(data as Record<string, unknown>).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v))}`)
        if (query.length) url += (url.includes('?') ? '&' : '?') + query.join('&')
      } else if (data instanceof (ctx.sandbox.global.ArrayBuffer as ArrayBufferConstructor)) {
        body = Uint8Array.from(new Uint8Array(data as ArrayBuffer))
      } else if (typeof data === 'string') {
        body = data
      } else if (data !== undefined && data !== null) {
        body = /x-www-form-urlencoded/i.test(contentType)
          ? Object.entries(data as Record<string, unknown>).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')
          : JSON.stringify(data)
      }
      const timeout = Number(options.timeout ?? 60_000)
      const timer = setTimeout(() => controller.abort(new Error('timeout')), timeout)
      let response: Response
      try {
        response = await fetch(url, { method, headers: { 'content-type': contentType, ...header }, body, signal: controller.signal })
      } catch (error) {
        const reason = controller.signal.aborted ? (controller.signal.reason instanceof Error && controller.signal.reason.message === 'timeout' ? 'timeout' : 'abort') : (error as Error).message
        throw new WxFail(`request:fail ${reason}`)
      } finally {
        clearTimeout(timer)
      }
      const headers: Record<string, string> = {}
      response.headers.forEach((value, key) => (headers[key] = value))
      const responseHeader = ctx.sandbox.json(headers)
      for (const fn of headersListeners) call(fn, obj({ header: responseHeader }), 'onHeadersReceived')
      const bytes = new Uint8Array(await response.arrayBuffer())
      let payload: unknown
      if (options.responseType === 'arraybuffer') payload = ctx.sandbox.arrayBuffer(bytes)
      else {
        const text = new TextDecoder().decode(bytes)
        payload = text
        if ((options.dataType ?? 'json') === 'json') {
          try {
            payload = ctx.sandbox.json(JSON.parse(text))
          } catch {
            payload = text
          }
        }
      }
      return { data: payload, statusCode: response.status, header: responseHeader, cookies: ctx.sandbox.json(response.headers.getSetCookie()) }
    })()
    return deliver('request', options, ctx.track(work), task)
  }

  function downloadFile(options: Options): unknown {
    const controller = new AbortController()
    ctx.abortable(controller)
    const progress: Fn[] = []
    const task = obj({
      abort: () => controller.abort(),
      onProgressUpdate: (fn: Fn) => progress.push(fn),
      offProgressUpdate: () => (progress.length = 0),
      onHeadersReceived: () => undefined,
      offHeadersReceived: () => undefined,
    })
    const work = (async (): Promise<Answer> => {
      const url = String(options.url)
      let response: Response
      try {
        response = await fetch(url, { headers: (options.header as Record<string, string>) ?? {}, signal: controller.signal })
      } catch (error) {
        throw new WxFail(`downloadFile:fail ${controller.signal.aborted ? 'abort' : (error as Error).message}`)
      }
      const total = Number(response.headers.get('content-length') ?? 0)
      const chunks: Uint8Array[] = []
      let received = 0
      try {
        const reader = response.body?.getReader()
        for (;;) {
          const next = reader ? await reader.read() : { done: true as const, value: undefined }
          if (next.done) break
          const chunk = next.value
          chunks.push(chunk)
          received += chunk.byteLength
          for (const fn of progress) call(fn, obj({ progress: total ? Math.round((received / total) * 100) : 0, totalBytesWritten: received, totalBytesExpectedToWrite: total }), 'onProgressUpdate')
        }
      } catch (error) {
        throw new WxFail(`downloadFile:fail ${controller.signal.aborted ? 'abort' : (error as Error).message}`)
      }
      const bytes = new Uint8Array(received)
      let at = 0
      for (const chunk of chunks) {
        bytes.set(chunk, at)
        at += chunk.byteLength
      }
      const filePath = typeof options.filePath === 'string' ? options.filePath : undefined
      const path = filePath ?? ctx.files.tempPath(extensionFor(response.headers.get('content-type'), url))
      ctx.files.write(path, bytes)
      return filePath ? { filePath: path, statusCode: response.status } : { tempFilePath: path, statusCode: response.status }
    })()
    return deliver('downloadFile', options, ctx.track(work), task)
  }

  // --- routes ------------------------------------------------------------
  const route = (name: string, run: (o: Options) => Promise<Answer>) => api(name, run)

  const fileSystemManager = obj({
    unlinkSync: (path: string) => ctx.files.remove(path),
    unlink: (o: Options) => deliver('unlink', o, Promise.resolve().then(() => void ctx.files.remove(String(o.filePath)))),
    accessSync: (path: string) => void ctx.files.read(path),
    access: (o: Options) => deliver('access', o, Promise.resolve().then(() => void ctx.files.read(String(o.path)))),
    statSync: (path: string) => obj({ size: ctx.files.read(path).byteLength, isFile: () => true, isDirectory: () => false }),
    readFileSync: (path: string, encoding?: string) => {
      const bytes = ctx.files.read(path)
      if (!encoding || encoding === 'binary') return ctx.sandbox.arrayBuffer(bytes)
      return Buffer.from(bytes).toString(encoding as BufferEncoding)
    },
    writeFileSync: (path: string, data: unknown, encoding?: string) => {
      const bytes = typeof data === 'string' ? new Uint8Array(Buffer.from(data, (encoding ?? 'utf8') as BufferEncoding)) : new Uint8Array(data as ArrayBuffer)
      ctx.files.write(path, bytes)
    },
    getFileInfo: (o: Options) => deliver('getFileInfo', o, Promise.resolve().then(() => ({ size: ctx.files.read(String(o.filePath)).byteLength }))),
  })

  const listen = (kind: string) => (fn: (arg?: unknown) => void) => {
    const set = ctx.appListeners.get(kind) ?? new Set()
    set.add(fn)
    ctx.appListeners.set(kind, set)
  }
  const unlisten = (kind: string) => (fn?: (arg?: unknown) => void) => {
    if (fn) ctx.appListeners.get(kind)?.delete(fn)
    else ctx.appListeners.delete(kind)
  }

  const wx: Record<string, unknown> = {
    env: obj({ USER_DATA_PATH }),
    canIUse: (schema: string) => typeof wx[String(schema).split('.')[0]] === 'function' || String(schema).startsWith('button.open-type.'),

    getStorageSync,
    setStorageSync,
    removeStorageSync: (key: unknown) => void storage.delete(String(key)),
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => ctx.sandbox.json({ keys: [...storage.keys()], currentSize: [...storage.values()].join('').length / 1024, limitSize: 10240 }),
    getStorage: api('getStorage', (o) => {
      if (!storage.has(String(o.key))) throw new WxFail('getStorage:fail data not found')
      return { data: getStorageSync(o.key) }
    }),
    setStorage: api('setStorage', (o) => void setStorageSync(o.key, o.data)),
    removeStorage: api('removeStorage', (o) => void storage.delete(String(o.key))),
    clearStorage: api('clearStorage', () => void storage.clear()),

    getSystemInfoSync: systemInfo,
    getSystemInfo: api('getSystemInfo', () => systemInfo()),
    getWindowInfo: windowInfo,
    getDeviceInfo: deviceInfo,
    getAppBaseInfo: appBaseInfo,
    getSystemSetting: () => ctx.sandbox.json({ bluetoothEnabled: false, locationEnabled: true, wifiEnabled: true, deviceOrientation: 'portrait' }),
    getAppAuthorizeSetting: () => ctx.sandbox.json({ albumAuthorized: 'authorized', cameraAuthorized: 'authorized', locationAuthorized: 'authorized', microphoneAuthorized: 'authorized', notificationAuthorized: 'authorized' }),
    getMenuButtonBoundingClientRect: capsule,
    getLaunchOptionsSync: () => ctx.sandbox.json({ ...ctx.launchOptions, referrerInfo: {}, forwardMaterials: [], apiCategory: 'default' }),
    getEnterOptionsSync: () => ctx.sandbox.json({ ...ctx.launchOptions, referrerInfo: {}, forwardMaterials: [], apiCategory: 'default' }),
    getAccountInfoSync: () => ctx.sandbox.json({ miniProgram: { appId: ctx.appId, envVersion: 'develop', version: '' } }),
    getNetworkType: api('getNetworkType', () => ({ networkType: 'wifi' })),
    onNetworkStatusChange: () => undefined,
    offNetworkStatusChange: () => undefined,

    onAppShow: listen('appShow'),
    offAppShow: unlisten('appShow'),
    onAppHide: listen('appHide'),
    offAppHide: unlisten('appHide'),
    onError: listen('error'),
    offError: unlisten('error'),
    onUnhandledRejection: listen('unhandledRejection'),
    offUnhandledRejection: unlisten('unhandledRejection'),
    onPageNotFound: listen('pageNotFound'),
    offPageNotFound: unlisten('pageNotFound'),

    request,
    downloadFile,
    getFileSystemManager: () => fileSystemManager,
    openDocument: api('openDocument', (o) => {
      const bytes = ctx.files.read(String(o.filePath))
      ctx.native.documentsOpened.push({ filePath: String(o.filePath), fileType: String(o.fileType ?? ''), bytes })
    }),

    login: api('login', async () => {
      const code = await ctx.wechat.loginCode(ctx.user())
      ctx.session.valid = true
      return { code }
    }),
    checkSession: api('checkSession', () => {
      if (!ctx.session.valid) throw new WxFail('checkSession:fail session time out')
    }),
    requestPayment: api('requestPayment', async (o) => {
      for (const field of ['timeStamp', 'nonceStr', 'package', 'signType', 'paySign']) {
        if (typeof o[field] !== 'string' || o[field] === '') throw new WxFail(`requestPayment:fail parameter error: ${field} should be a non-empty String`)
      }
      if (ctx.native.payment === 'cancel') throw new WxFail('requestPayment:fail cancel')
      const params = { appId: ctx.appId, timeStamp: o.timeStamp, nonceStr: o.nonceStr, package: o.package, signType: o.signType, paySign: o.paySign }
      try {
        await ctx.wechat.pay(params, ctx.user())
      } catch (error) {
        if (error instanceof EmulatorRefused && typeof error.body.errMsg === 'string') throw new WxFail(error.body.errMsg)
        throw error
      }
      ctx.native.payments.push(String(o.package))
    }),

    navigateTo: route('navigateTo', async (o) => ({ eventChannel: await ctx.pages.navigateTo(String(o.url), o.events as Record<string, unknown>) })),
    redirectTo: route('redirectTo', async (o) => void (await ctx.pages.redirectTo(String(o.url)))),
    switchTab: route('switchTab', async (o) => void (await ctx.pages.switchTab(String(o.url)))),
    reLaunch: route('reLaunch', async (o) => void (await ctx.pages.reLaunch(String(o.url)))),
    navigateBack: route('navigateBack', async (o) => void (await ctx.pages.navigateBack(Number(o.delta ?? 1)))),
    setNavigationBarTitle: api('setNavigationBarTitle', (o) => {
      if (ctx.pages.current) ctx.pages.current.title = String(o.title ?? '')
    }),
    setNavigationBarColor: api('setNavigationBarColor', () => undefined),
    startPullDownRefresh: api('startPullDownRefresh', () => {
      const page = ctx.pages.current
      if (page) ctx.pages.lifecycle(page, 'onPullDownRefresh')
    }),
    stopPullDownRefresh: api('stopPullDownRefresh', () => undefined),
    pageScrollTo: api('pageScrollTo', () => undefined),

    showToast: api('showToast', (o) => {
      ctx.native.toasts.push({ title: String(o.title ?? ''), icon: String(o.icon ?? 'success') })
    }),
    hideToast: api('hideToast', () => undefined),
    showLoading: api('showLoading', (o) => {
      ctx.native.loading = String(o.title ?? '')
      ctx.native.loadingShown.push(ctx.native.loading)
    }),
    hideLoading: api('hideLoading', () => {
      ctx.native.loading = undefined
    }),
    showModal: api('showModal', async (o) => {
      const confirm = await ctx.native.showModal({
        title: String(o.title ?? ''),
        content: String(o.content ?? ''),
        showCancel: o.showCancel !== false,
        confirmText: String(o.confirmText ?? '确定'),
        cancelText: String(o.cancelText ?? '取消'),
      })
      return { confirm, cancel: !confirm }
    }),

    scanCode: api('scanCode', () => {
      const scan = ctx.native.scans.shift()
      if (!scan) throw new WxFail('scanCode:fail cancel')
      return { result: scan.result, scanType: scan.scanType ?? 'QR_CODE', charSet: 'utf-8', ...(scan.path ? { path: scan.path } : {}) }
    }),
    chooseImage: api('chooseImage', async () => {
      await ctx.privacy.gate('chooseImage', 'chooseImage')
      const file = await pickFile('chooseImage')
      return { tempFilePaths: ctx.sandbox.json([file.path]), tempFiles: ctx.sandbox.json([file]) }
    }),
    chooseMedia: api('chooseMedia', async () => {
      await ctx.privacy.gate('chooseMedia', 'chooseMedia')
      const file = await pickFile('chooseMedia')
      return { type: 'image', tempFiles: ctx.sandbox.json([{ tempFilePath: file.path, size: file.size, fileType: 'image' }]) }
    }),
    saveImageToPhotosAlbum: api('saveImageToPhotosAlbum', async (o) => {
      await ctx.privacy.gate('saveImageToPhotosAlbum', 'saveImageToPhotosAlbum')
      await ensureScope('saveImageToPhotosAlbum', 'scope.writePhotosAlbum')
      ctx.native.album.push({ filePath: String(o.filePath), bytes: ctx.files.read(String(o.filePath)) })
    }),
    authorize: api('authorize', async (o) => {
      const scope = String(o.scope)
      if (PRIVACY_SCOPES.has(scope)) await ctx.privacy.gate('authorize', 'authorize')
      await ensureScope('authorize', scope)
    }),
    getSetting: api('getSetting', () => ({ authSetting: ctx.sandbox.json(Object.fromEntries(authSetting)) })),
    openSetting: api('openSetting', () => {
      for (const [scope, on] of ctx.native.settingsToggles) authSetting.set(scope, on)
      ctx.native.settingsToggles.clear()
      return { authSetting: ctx.sandbox.json(Object.fromEntries(authSetting)) }
    }),

    getWeRunData: api('getWeRunData', async () => {
      await ctx.privacy.gate('getWeRunData', 'getWeRunData')
      await ensureScope('getWeRunData', 'scope.werun')
      try {
        return await ctx.wechat.weRunData(ctx.user(), ctx.native.weRunSteps)
      } catch (error) {
        if (error instanceof EmulatorRefused) throw new WxFail(typeof error.body.errMsg === 'string' ? error.body.errMsg : 'getWeRunData:fail')
        throw error
      }
    }),
    getPrivacySetting: api('getPrivacySetting', () => ({ needAuthorization: ctx.privacy.needAuthorization, privacyContractName: ctx.privacy.contractName })),
    requirePrivacyAuthorize: api('requirePrivacyAuthorize', async () => ctx.privacy.gate('requirePrivacyAuthorize', 'requirePrivacyAuthorize')),
    openPrivacyContract: api('openPrivacyContract', () => {
      ctx.privacy.contractOpened++
    }),
    onNeedPrivacyAuthorization: (listener: unknown) => {
      if (typeof listener !== 'function') throw new WxFail('onNeedPrivacyAuthorization:fail parameter error: listener should be a Function')
      ctx.privacy.onNeed((resolve, info) => {
        try {
          listener(resolve, info)
        } catch (error) {
          ctx.report('onNeedPrivacyAuthorization listener', error)
        }
      })
    },
  }
  return wx
}
