/**
 * The page stack and the routes between pages, with the lifecycle calls
 * WeChat's routing documentation lists (framework/app-service/route):
 *
 *   launch      → onLoad(query), onShow, ready/onReady
 *   navigateTo  → current onHide;   new onLoad, onShow, ready
 *   redirectTo  → current onUnload; new onLoad, onShow, ready
 *   navigateBack→ popped onUnload (top first); revealed onShow
 *   switchTab   → every non-tab page onUnload (top first), the leaving tab onHide;
 *                 the tab onShow (and onLoad/ready the first time)
 *   reLaunch    → every page onUnload, tabs included; new onLoad, onShow, ready
 *
 * Query values reach onLoad as written in the URL (WeChat does not decode them).
 * Tab pages stay alive once opened; the stack holds at most 10 pages.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { ExparserNode, MethodCaller } from './exparser'
import type { Renderer } from './renderer'
import type { Sandbox } from './sandbox'

const MAX_PAGES = 10

/** A route refused the way WeChat refuses it (errMsg goes to the API's fail callback). */
export class RouteError extends Error {
  constructor(readonly errMsg: string) {
    super(errMsg)
    this.name = 'RouteError'
  }
}

/** The app.json parts routing needs. */
export interface AppConfig {
  pages: string[]
  subPackages?: { root: string; pages: string[] }[]
  subpackages?: { root: string; pages: string[] }[]
  tabBar?: { list: { pagePath: string; text: string }[] }
  entryPagePath?: string
}

/** A page's own JSON (navigationBarTitleText, enablePullDownRefresh …). */
export type PageConfig = Record<string, unknown>

/** The two ends of wx.navigateTo's EventChannel (one object, as both pages see it). */
export interface EventChannel {
  emit(name: string, ...args: unknown[]): void
  on(name: string, fn: (...args: unknown[]) => void): void
  once(name: string, fn: (...args: unknown[]) => void): void
  off(name: string, fn?: (...args: unknown[]) => void): void
}

/** One live page. */
export interface PageInstance {
  readonly webviewId: number
  readonly route: string
  readonly query: Record<string, string>
  readonly config: PageConfig
  readonly node: ExparserNode
  readonly caller: MethodCaller
  /** Set by wx.setNavigationBarTitle. */
  title: string
  alive: boolean
}

/** What the stack reports to the rest of the harness. */
export interface PageStackHooks {
  /** A lifecycle or handler threw (WeChat reports it to App.onError). */
  error(where: string, error: unknown): void
}

function eventChannel(events: Record<string, unknown> | undefined): EventChannel {
  const listeners = new Map<string, { fn: (...args: unknown[]) => void; once: boolean }[]>()
  const add = (name: string, fn: (...args: unknown[]) => void, once: boolean) => {
    listeners.set(name, [...(listeners.get(name) ?? []), { fn, once }])
  }
  for (const [name, fn] of Object.entries(events ?? {})) if (typeof fn === 'function') add(name, fn as (...args: unknown[]) => void, false)
  return {
    emit(name, ...args) {
      const list = listeners.get(name) ?? []
      listeners.set(
        name,
        list.filter((l) => !l.once),
      )
      for (const l of list) l.fn(...args)
    },
    on: (name, fn) => add(name, fn, false),
    once: (name, fn) => add(name, fn, true),
    off(name, fn) {
      listeners.set(
        name,
        fn ? (listeners.get(name) ?? []).filter((l) => l.fn !== fn) : [],
      )
    },
  }
}

/** Split `route?query` the way WeChat does (values kept as written). */
export function parseUrl(url: string, fromRoute?: string): { route: string; query: Record<string, string> } {
  const [rawPath, rawQuery = ''] = url.split('?', 2)
  let route = rawPath
  if (route.startsWith('/')) route = route.slice(1)
  else if (fromRoute) route = path.posix.join(path.posix.dirname(fromRoute), route)
  const query: Record<string, string> = {}
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue
    const at = pair.indexOf('=')
    query[at < 0 ? pair : pair.slice(0, at)] = at < 0 ? '' : pair.slice(at + 1)
  }
  return { route, query }
}

/** The stack of one simulated client. */
export class PageStack {
  readonly stack: PageInstance[] = []
  private readonly tabs = new Map<string, PageInstance>()
  private readonly routes: Set<string>
  readonly tabRoutes: string[]
  readonly tabTexts: string[]
  private nextWebviewId = 1
  private creating: { route: string; webviewId: number; query: Record<string, string>; channel: EventChannel } | undefined

  constructor(
    private readonly root: string,
    private readonly app: AppConfig,
    private readonly sandbox: Sandbox,
    private readonly renderer: Renderer,
    private readonly hooks: PageStackHooks,
  ) {
    const sub = app.subPackages ?? app.subpackages ?? []
    this.routes = new Set([...app.pages, ...sub.flatMap((p) => p.pages.map((page) => path.posix.join(p.root, page)))])
    this.tabRoutes = (app.tabBar?.list ?? []).map((t) => t.pagePath)
    this.tabTexts = (app.tabBar?.list ?? []).map((t) => t.text)
  }

  /** The page on top. */
  get current(): PageInstance | undefined {
    return this.stack[this.stack.length - 1]
  }

  /** The route a fresh start opens. */
  get entryRoute(): string {
    return this.app.entryPagePath ?? this.app.pages[0]
  }

  /** Renderer hook: a page root is being created; give it what WeChat gives a page instance. */
  onCreated(caller: MethodCaller, file: string): void {
    const creating = this.creating
    if (!creating || file !== path.join(this.root, creating.route)) return
    this.creating = undefined
    Object.assign(caller, {
      route: creating.route,
      __route__: creating.route,
      __wxWebviewId__: creating.webviewId,
      __wxExparserNodeId__: `page-${creating.webviewId}`,
      options: creating.query,
      getOpenerEventChannel: () => creating.channel,
    })
  }

  isTab(route: string): boolean {
    return this.tabRoutes.includes(route)
  }

  /** Open the first page (App.onLaunch has run). */
  async launch(route: string, query: Record<string, string>): Promise<PageInstance> {
    this.check(route, 'reLaunch')
    const page = this.load(route, query, eventChannel(undefined))
    this.stack.push(page)
    if (this.isTab(route)) this.tabs.set(route, page)
    this.show(page, true)
    return page
  }

  /** wx.navigateTo */
  async navigateTo(url: string, events?: Record<string, unknown>): Promise<EventChannel> {
    const { route, query } = parseUrl(url, this.current?.route)
    this.check(route, 'navigateTo')
    if (this.isTab(route)) throw new RouteError('navigateTo:fail can not navigateTo a tabbar page')
    if (this.stack.length >= MAX_PAGES) throw new RouteError('navigateTo:fail webview count limit exceed')
    const channel = eventChannel(events)
    const from = this.current
    if (from) this.hide(from)
    const page = this.load(route, query, channel)
    this.stack.push(page)
    this.show(page, true)
    return channel
  }

  /** wx.redirectTo */
  async redirectTo(url: string): Promise<void> {
    const { route, query } = parseUrl(url, this.current?.route)
    this.check(route, 'redirectTo')
    if (this.isTab(route)) throw new RouteError('redirectTo:fail can not redirectTo a tabbar page')
    const from = this.stack.pop()
    if (from) this.unload(from)
    const page = this.load(route, query, eventChannel(undefined))
    this.stack.push(page)
    this.show(page, true)
  }

  /** wx.navigateBack */
  async navigateBack(delta = 1): Promise<void> {
    if (this.stack.length <= 1) throw new RouteError('navigateBack:fail cannot navigate back at first page.')
    const count = Math.min(Math.max(1, Math.floor(delta) || 1), this.stack.length - 1)
    for (let i = 0; i < count; i++) this.unload(this.stack.pop()!)
    this.show(this.current!, false)
  }

  /** wx.switchTab (the tab bar's taps too) */
  async switchTab(url: string): Promise<void> {
    const { route } = parseUrl(url, this.current?.route)
    this.check(route, 'switchTab')
    if (!this.isTab(route)) throw new RouteError('switchTab:fail can not switch to no-tabBar page')
    if (this.stack.length === 1 && this.current?.route === route) return
    const top = this.current
    while (this.stack.length && !this.isTab(this.current!.route)) this.unload(this.stack.pop()!)
    // A tab page covered by the pages just closed was hidden already, when they opened.
    const leaving = this.stack.pop()
    if (leaving && leaving === top && leaving.route !== route) this.hide(leaving)
    this.stack.length = 0
    const alive = this.tabs.get(route)
    if (alive) {
      this.stack.push(alive)
      this.show(alive, false)
      return
    }
    const page = this.load(route, {}, eventChannel(undefined))
    this.tabs.set(route, page)
    this.stack.push(page)
    this.show(page, true)
  }

  /** wx.reLaunch */
  async reLaunch(url: string): Promise<void> {
    const { route, query } = parseUrl(url, this.current?.route)
    this.check(route, 'reLaunch')
    while (this.stack.length) {
      const page = this.stack.pop()!
      this.unload(page)
      this.tabs.delete(page.route)
    }
    for (const page of this.tabs.values()) this.unload(page)
    this.tabs.clear()
    const page = this.load(route, query, eventChannel(undefined))
    if (this.isTab(route)) this.tabs.set(route, page)
    this.stack.push(page)
    this.show(page, true)
  }

  /** getCurrentPages(): the stack's instances, bottom first. */
  currentPages(): MethodCaller[] {
    const list = new (this.sandbox.global.Array as ArrayConstructor)() as MethodCaller[]
    for (const page of this.stack) list.push(page.caller)
    return list
  }

  /** Every live page, for close(). */
  closeAll(): void {
    const all = new Set([...this.stack, ...this.tabs.values()])
    for (const page of all) if (page.alive) this.unload(page)
    this.stack.length = 0
    this.tabs.clear()
  }

  /** Run a page lifecycle method if the page has it. */
  lifecycle(page: PageInstance, name: string, ...args: unknown[]): unknown {
    const fn = page.caller[name]
    if (typeof fn !== 'function') return undefined
    try {
      return (fn as (...a: unknown[]) => unknown).apply(page.caller, args)
    } catch (error) {
      this.hooks.error(`${page.route} ${name}`, error)
      return undefined
    }
  }

  private check(route: string, api: string): void {
    if (!this.routes.has(route)) throw new RouteError(`${api}:fail page "${route}" is not found`)
  }

  private load(route: string, query: Record<string, string>, channel: EventChannel): PageInstance {
    const file = path.join(this.root, route)
    this.sandbox.require(`${file}.js`)
    const webviewId = this.nextWebviewId++
    const realmQuery = this.sandbox.json(query)
    this.creating = { route, webviewId, query: realmQuery, channel }
    let mounted
    try {
      mounted = this.renderer.mount(file)
    } finally {
      this.creating = undefined
    }
    const config = existsSync(`${file}.json`) ? (JSON.parse(readFileSync(`${file}.json`, 'utf8')) as PageConfig) : {}
    const page: PageInstance = {
      webviewId,
      route,
      query: realmQuery,
      config,
      node: mounted.node,
      caller: mounted.caller,
      title: String(config.navigationBarTitleText ?? ''),
      alive: true,
    }
    this.lifecycle(page, 'onLoad', realmQuery)
    return page
  }

  private show(page: PageInstance, first: boolean): void {
    this.lifecycle(page, 'onShow')
    page.node.triggerPageLifeTime('show')
    if (!first) return
    this.renderer.ready(page.node)
    this.lifecycle(page, 'onReady')
  }

  /** The page goes to the background (another page covers it, or the app is hidden). */
  hide(page: PageInstance): void {
    this.lifecycle(page, 'onHide')
    page.node.triggerPageLifeTime('hide')
  }

  /** The page comes back to the foreground. */
  reveal(page: PageInstance): void {
    this.show(page, false)
  }

  private unload(page: PageInstance): void {
    if (!page.alive) return
    page.alive = false
    this.lifecycle(page, 'onUnload')
    this.renderer.unmount(page.node)
  }
}
