/**
 * A simulated WeChat client running a built mini program in Node:
 *
 *   const mp = await launchMiniProgram({ root: 'dist/harness/mp-weixin', emulatorUrl, user: 'alice' })
 *   await mp.page.tap('open-login')                 // data-test="open-login"
 *   await mp.page.tap({ text: '微信一键登录' })
 *   await mp.page.waitFor('logout')
 *   await mp.close()
 *
 * The build's own JavaScript runs (app.js, common/vendor.js with Vue, Pinia and
 * the uniCloud client SDK, the pages and components), rendered from its WXML by
 * WeChat's component engine; `wx` is this harness (wx-api.ts).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { defineBuiltins } from './builtins'
import type { ExparserNode, MethodCaller } from './exparser'
import { LocalFiles } from './files'
import { NativeUi } from './native-ui'
import { PageStack, type AppConfig, type PageInstance } from './pages'
import { PrivacyState, type PrivacyOptions } from './privacy'
import { describe, TreeReader, type SelectorLike } from './query'
import { createRenderer, type Renderer } from './renderer'
import { createSandbox, type Sandbox } from './sandbox'
import { createWechatClient } from './wechat-client'
import { createWx, DEFAULT_DEVICE, type DeviceProfile, type WxContext } from './wx-api'

export { PrivacyRefused } from './privacy'
export type { Selector, SelectorLike } from './query'

export interface LaunchOptions {
  /** The built mini program (the folder with app.js and app.json). */
  root: string
  /** The WeChat emulator (it plays the phone: login codes, payments, phone numbers). */
  emulatorUrl: string
  /** The simulated WeChat user (an emulator user key). Default 'alice'. */
  user?: string
  privacy?: PrivacyOptions
  device?: Partial<DeviceProfile>
  /** The page opened at launch (default: the first page) and its query. */
  path?: string
  query?: Record<string, string>
  scene?: number
  /** Storage left by an earlier run (MiniProgram.storageSnapshot()): a cold start on the same phone. */
  storage?: Record<string, string>
  /** Print the app's console output. */
  verbose?: boolean
}

export interface WaitOptions {
  timeout?: number
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The page showing, as a user sees it. */
export class PageView {
  constructor(
    private readonly mp: MiniProgram,
    readonly instance: PageInstance,
  ) {}

  get route(): string {
    return this.instance.route
  }

  get query(): Record<string, string> {
    return { ...this.instance.query }
  }

  /** The navigation bar title (page JSON or wx.setNavigationBarTitle). */
  get title(): string {
    return this.instance.title
  }

  /** The page's data as its template sees it. */
  get data(): Record<string, unknown> {
    return this.instance.caller.data
  }

  /** All text on the page. */
  text(): string {
    return this.mp.tree.text(this.instance.node).replace(/\s+/g, ' ').trim()
  }

  findAll(selector: SelectorLike): ElementView[] {
    return this.mp.tree.findAll(this.instance.node, selector).map((node) => new ElementView(this.mp, node))
  }

  find(selector: SelectorLike): ElementView | undefined {
    return this.findAll(selector)[0]
  }

  /** The one element matching, or a clear error. */
  get(selector: SelectorLike): ElementView {
    const found = this.findAll(selector)
    if (found.length === 0) throw new Error(`${this.route}: nothing matches ${describe(selector)}; the page shows: ${this.text()}`)
    return found[0]
  }

  /** Wait until an element matches (on this page), then return it. */
  async waitFor(selector: SelectorLike, options: WaitOptions = {}): Promise<ElementView> {
    let found: ElementView | undefined
    await this.mp.waitFor(() => (found = this.find(selector)) !== undefined, {
      ...options,
      message: () => `${this.route}: nothing matched ${describe(selector)}; the page shows: ${this.text()}`,
    })
    return found!
  }

  /** Tap the element matching. */
  async tap(selector: SelectorLike): Promise<void> {
    if (!this.instance.alive || this.mp.pages.current !== this.instance) throw new Error(`${this.route} is not the page showing`)
    await this.get(selector).tap()
  }

  /** Type into the input matching. */
  async type(selector: SelectorLike, text: string): Promise<void> {
    await this.get(selector).type(text)
  }

  /** The user pulls the page down (pages with enablePullDownRefresh only). */
  async pullDownRefresh(): Promise<void> {
    if (this.instance.config.enablePullDownRefresh !== true) throw new Error(`${this.route} does not enable pull-down refresh`)
    this.mp.pages.lifecycle(this.instance, 'onPullDownRefresh')
    await this.mp.settle()
  }
}

/** One element of a page. */
export class ElementView {
  constructor(
    private readonly mp: MiniProgram,
    readonly node: ExparserNode,
  ) {}

  get tag(): string {
    return this.mp.tree.tagOf(this.node)
  }

  get dataset(): Record<string, unknown> {
    return { ...(this.node.dataset ?? {}) }
  }

  /** The built-in's properties (disabled, loading, openType, value …). */
  get props(): Record<string, unknown> {
    return { ...this.mp.tree.caller(this.node).data }
  }

  text(): string {
    return this.mp.tree.text(this.node).replace(/\s+/g, ' ').trim()
  }

  /** A user's tap; then the app's deferred handlers and the requests they start have run. */
  async tap(): Promise<void> {
    if (this.tag === 'button' && this.props.disabled === true) throw new Error(`button "${this.text()}" is disabled`)
    this.mp.tree.tap(this.node)
    await this.mp.settle()
  }

  /** Type `text` into an input or textarea (replacing its value), as the keyboard does: one input event. */
  async type(text: string): Promise<void> {
    if (this.tag !== 'input' && this.tag !== 'textarea') throw new Error(`${this.tag} is not a text field`)
    const props = this.props as { disabled?: boolean; maxlength?: number }
    if (props.disabled) throw new Error('the field is disabled')
    const value = props.maxlength !== undefined && props.maxlength >= 0 ? text.slice(0, props.maxlength) : text
    const caller = this.mp.tree.caller(this.node)
    caller.setData({ value })
    caller.triggerEvent('input', this.mp.sandbox.json({ value, cursor: value.length, keyCode: 0 }))
    await this.mp.settle()
  }
}

/** One simulated client with the mini program running. */
export class MiniProgram {
  /** The simulated WeChat user; switch it to act as someone else. */
  user: string
  /** console.error output of the app (uncaught errors in handlers land here too). */
  readonly errors: string[] = []
  /** Things WeChat would only warn about. */
  readonly warnings: string[] = []
  readonly native = new NativeUi()
  readonly files = new LocalFiles()
  readonly privacy: PrivacyState
  readonly session = { valid: false }
  readonly appListeners = new Map<string, Set<(arg?: unknown) => void>>()
  /** wx storage: key → JSON of the value. */
  readonly storage: Map<string, string>
  /** @internal */ sandbox!: Sandbox
  /** @internal */ tree!: TreeReader
  /** @internal */ pages!: PageStack
  /** @internal */ renderer!: Renderer
  private app: Record<string, unknown> | undefined
  private inFlight = 0
  private closed = false
  private readonly aborts = new Set<AbortController>()

  constructor(
    readonly options: LaunchOptions,
    readonly appConfig: AppConfig,
  ) {
    this.user = options.user ?? 'alice'
    this.storage = new Map(Object.entries(options.storage ?? {}))
    this.privacy = new PrivacyState(options.privacy, (v) => this.sandbox.json(v))
  }

  /** The page on top of the stack. */
  get page(): PageView {
    const current = this.pages.current
    if (!current) throw new Error('no page is showing')
    return new PageView(this, current)
  }

  /** getCurrentPages() routes, bottom first. */
  get stack(): string[] {
    return this.pages.stack.map((p) => p.route)
  }

  /** The App instance (getApp()). */
  get appInstance(): Record<string, unknown> | undefined {
    return this.app
  }

  /** Tap a tab of the native tab bar by its text. */
  async tapTab(text: string): Promise<void> {
    const index = this.pages.tabTexts.indexOf(text)
    if (index < 0) throw new Error(`the tab bar has no tab ${text} (it has ${this.pages.tabTexts.join(', ')})`)
    const pagePath = this.pages.tabRoutes[index]
    await this.pages.switchTab(`/${pagePath}`)
    this.pages.lifecycle(this.pages.current!, 'onTabItemTap', this.sandbox.json({ index, pagePath, text }))
    await this.settle()
  }

  /** The native back button (or the Android back gesture). */
  async back(): Promise<void> {
    await this.pages.navigateBack(1)
    await this.settle()
  }

  /** The user answers the modal showing by tapping one of its buttons. */
  async answerModal(buttonText: string): Promise<void> {
    this.native.answerModal(buttonText)
    await this.settle()
  }

  /** The user leaves WeChat (App and page onHide). */
  async hideApp(): Promise<void> {
    const page = this.pages.current
    if (page) this.pages.hide(page)
    this.appHook('onHide')
    for (const fn of this.appListeners.get('appHide') ?? []) fn()
    await this.settle()
  }

  /** The user comes back (App and page onShow). */
  async showApp(): Promise<void> {
    const show = this.sandbox.json({ path: this.pages.current?.route ?? '', query: {}, scene: 1001 })
    this.appHook('onShow', show)
    for (const fn of this.appListeners.get('appShow') ?? []) fn(show)
    const page = this.pages.current
    if (page) this.pages.reveal(page)
    await this.settle()
  }

  /** The storage as it is now, to launch again on "the same phone". */
  storageSnapshot(): Record<string, string> {
    return Object.fromEntries(this.storage)
  }

  /** The session_key behind wx.login is no longer valid (the user logged in elsewhere, or it expired). */
  expireSession(): void {
    this.session.valid = false
  }

  /** Wait until `condition` holds (polling), or fail after `timeout` ms. */
  async waitFor(condition: () => boolean, options: WaitOptions & { message?: () => string } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeout ?? 15_000)
    for (;;) {
      if (condition()) return
      if (Date.now() > deadline) throw new Error(`timed out: ${options.message ? options.message() : 'condition not met'}${this.clues()}`)
      await sleep(20)
    }
  }

  /** What a stuck test most likely wants to know: the last toasts, a modal, pending privacy calls, app errors. */
  private clues(): string {
    const parts = []
    if (this.native.toasts.length) parts.push(`toasts: ${this.native.toasts.slice(-3).map((t) => t.title).join(' | ')}`)
    if (this.native.modal) parts.push(`a modal is showing: ${this.native.modal.title}`)
    if (this.privacy.pending.length) parts.push(`privacy calls pending: ${this.privacy.pending.map((p) => p.referrer).join(', ')}`)
    if (this.errors.length) parts.push(`app errors: ${this.errors.slice(-2).join(' | ')}`)
    return parts.length ? ` (${parts.join('; ')})` : ''
  }

  /** Wait until the page on top has `route`. */
  async waitForPage(route: string, options: WaitOptions = {}): Promise<PageView> {
    await this.waitFor(() => this.pages.current?.route === route, { ...options, message: () => `the page showing is ${this.pages.current?.route}, not ${route}` })
    return this.page
  }

  /** Let deferred handlers run and in-flight network calls finish (timers set for later are not waited for). */
  async settle(timeout = 15_000): Promise<void> {
    const deadline = Date.now() + timeout
    let quietTurns = 0
    while (quietTurns < 3) {
      await sleep(this.inFlight ? 10 : 0)
      quietTurns = this.inFlight === 0 ? quietTurns + 1 : 0
      if (Date.now() > deadline) throw new Error(`still ${this.inFlight} network call(s) in flight after ${timeout} ms`)
    }
  }

  /** Unload every page and stop every timer and request the app still has. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    try {
      this.pages?.closeAll()
    } finally {
      this.sandbox?.clearTimers()
      for (const controller of this.aborts) controller.abort()
    }
  }

  /** @internal count network work for settle() */
  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight++
    return work.finally(() => this.inFlight--)
  }

  /** @internal an exception in app code run by the harness */
  report(where: string, error: unknown): void {
    this.errors.push(`${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    for (const fn of this.appListeners.get('error') ?? []) fn(String(error))
    this.appHook('onError', String(error))
  }

  /** @internal */
  setApp(app: Record<string, unknown>): void {
    if (this.app) throw new Error('App() called twice')
    this.app = app
  }

  /** @internal */
  appHook(name: string, ...args: unknown[]): void {
    const fn = this.app?.[name]
    if (typeof fn !== 'function') return
    try {
      ;(fn as (...a: unknown[]) => unknown).apply(this.app, args)
    } catch (error) {
      if (name !== 'onError') this.report(`App.${name}`, error)
    }
  }

  /** @internal remember a request's controller so close() can abort it */
  abortable(controller: AbortController): void {
    this.aborts.add(controller)
  }
}

function recordingConsole(mp: MiniProgram, verbose: boolean): Console {
  const format = (args: unknown[]) => args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : safeJson(a))).join(' ')
  const log = (level: 'log' | 'info' | 'warn' | 'error' | 'debug') => (...args: unknown[]) => {
    if (level === 'error') mp.errors.push(format(args))
    if (level === 'warn') mp.warnings.push(format(args))
    if (verbose) console[level]('[mp]', ...args)
  }
  return { ...console, log: log('log'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}

/** Start the mini program in `options.root` as WeChat would: app.js, App.onLaunch/onShow, the first page. */
export async function launchMiniProgram(options: LaunchOptions): Promise<MiniProgram> {
  const root = path.resolve(options.root)
  const appConfig = JSON.parse(readFileSync(path.join(root, 'app.json'), 'utf8')) as AppConfig
  const mp = new MiniProgram(options, appConfig)
  const wechat = createWechatClient(options.emulatorUrl)
  const appId = await wechat.appId()
  const file = () => {
    const current = mp.sandbox.currentFile
    if (!current) throw new Error('Component()/Page() called outside a module')
    return current.replace(/\.js$/, '')
  }

  mp.sandbox = createSandbox(
    root,
    {
      App: (appOptions: Record<string, unknown>) => {
        appOptions.globalData ??= mp.sandbox.json({})
        mp.setApp(appOptions)
      },
      getApp: (opts?: { allowDefault?: boolean }) => mp.appInstance ?? (opts?.allowDefault ? mp.sandbox.json({ globalData: {} }) : undefined),
      getCurrentPages: () => mp.pages.currentPages(),
      Component: (componentOptions: Record<string, unknown>) => mp.renderer.defineComponent(file(), componentOptions),
      Page: (pageOptions: Record<string, unknown>) => mp.renderer.definePage(file(), pageOptions),
      Behavior: (definition: Record<string, unknown>) => mp.renderer.defineBehavior(definition),
      global: {},
    },
    recordingConsole(mp, options.verbose ?? process.env.MP_HARNESS_VERBOSE === '1'),
  )
  mp.renderer = createRenderer(mp.sandbox, root, {
    created: (caller, created) => mp.pages.onCreated(caller, created),
    warn: (message) => mp.warnings.push(message),
  })
  mp.tree = new TreeReader(mp.renderer.exparser, (node) => {
    const componentFile = node.is ? mp.renderer.fileOf(node.is) : undefined
    return componentFile && path.relative(root, componentFile)
  })
  mp.pages = new PageStack(root, appConfig, mp.sandbox, mp.renderer, { error: (where, error) => mp.report(where, error) })

  const launchRoute = (options.path ?? mp.pages.entryRoute).replace(/^\//, '')
  const ctx: WxContext = {
    sandbox: mp.sandbox,
    pages: mp.pages,
    privacy: mp.privacy,
    native: mp.native,
    wechat: {
      appId: () => wechat.appId(),
      loginCode: (user) => mp.track(wechat.loginCode(user)),
      phoneButton: (user, button) => mp.track(wechat.phoneButton(user, button)),
      weRunData: (user, stepInfoList) => mp.track(wechat.weRunData(user, stepInfoList)),
      pay: (params, user) => mp.track(wechat.pay(params, user)),
    },
    files: mp.files,
    device: { ...DEFAULT_DEVICE, ...options.device },
    appId,
    user: () => mp.user,
    launchOptions: { path: launchRoute, query: options.query ?? {}, scene: options.scene ?? 1001 },
    session: mp.session,
    report: (where, error) => mp.report(where, error),
    track: (work) => mp.track(work),
    abortable: (controller) => mp.abortable(controller),
    storage: mp.storage,
    appListeners: mp.appListeners,
  }
  mp.sandbox.global.wx = createWx(ctx)
  defineBuiltins(mp.renderer, {
    sandbox: mp.sandbox,
    privacy: mp.privacy,
    native: mp.native,
    wechat: ctx.wechat,
    files: mp.files,
    user: () => mp.user,
    navigate: async (openType, url, delta) => {
      if (openType === 'navigate') await mp.pages.navigateTo(url)
      else if (openType === 'redirect') await mp.pages.redirectTo(url)
      else if (openType === 'switchTab') await mp.pages.switchTab(url)
      else if (openType === 'reLaunch') await mp.pages.reLaunch(url)
      else if (openType === 'navigateBack') await mp.pages.navigateBack(delta)
      else mp.warnings.push(`navigator open-type="${openType}" is not simulated`)
    },
    share: (from: MethodCaller) => {
      const page = mp.pages.current
      if (!page) return
      const answer = mp.pages.lifecycle(page, 'onShareAppMessage', mp.sandbox.json({ from: 'button', target: { id: (from as { id?: string }).id ?? '' } }))
      mp.native.shares.push({ route: page.route, answer })
    },
    warn: (message) => mp.warnings.push(message),
    report: (where, error) => mp.report(where, error),
  })

  mp.sandbox.require(path.join(root, 'app.js'))
  if (!mp.appInstance) throw new Error('app.js did not call App()')
  const launch = mp.sandbox.json({ path: launchRoute, query: options.query ?? {}, scene: options.scene ?? 1001, referrerInfo: {} })
  mp.appHook('onLaunch', launch)
  mp.appHook('onShow', launch)
  for (const fn of mp.appListeners.get('appShow') ?? []) fn(launch)
  await mp.pages.launch(launchRoute, options.query ?? {})
  await mp.settle()
  return mp
}

export type { ExparserNode }
