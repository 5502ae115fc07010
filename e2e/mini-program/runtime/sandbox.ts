/**
 * The mini program's JavaScript realm: a Node `vm` context holding only what
 * WeChat's app-service layer offers (no window, document, fetch, process,
 * Buffer, require …), and a CommonJS loader for the build's files.
 *
 * The renderer (j-component on WeChat's exparser) is loaded into the same
 * realm, as the base library runs exparser beside the app: exparser copies
 * setData payloads with `instanceof Array`, which fails across realms.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import vm from 'node:vm'

type ModuleRecord = { exports: unknown }
type Wrapped = (exports: unknown, require: (id: string) => unknown, module: ModuleRecord, ...rest: unknown[]) => void

/** Globals a mini program sees besides the language's own. */
export type MiniProgramGlobals = Record<string, unknown>

/** Timers the realm started and has not finished (cleared on close, so a test leaves nothing running). */
interface TimerTable {
  next: number
  live: Map<number, { handle: NodeJS.Timeout; repeat: boolean }>
}

export interface Sandbox {
  /** The realm's globalThis. */
  readonly global: Record<string, unknown>
  /** Run a mini-program file (path inside `root`) once, as WeChat's module system does; returns its exports. */
  require(file: string): unknown
  /** Run an npm package inside the realm (the renderer); returns its exports. */
  requirePackage(id: string): unknown
  /** Plain JSON data rebuilt with the realm's own Object/Array (what a wx API hands the app). */
  json<T>(value: T): T
  /** The realm's ArrayBuffer holding a copy of `bytes`. */
  arrayBuffer(bytes: Uint8Array): ArrayBuffer
  /** The file whose top-level code is running now (WeChat's Component() pairs itself with it). */
  readonly currentFile: string | undefined
  /** Cancel every timer the realm still has. */
  clearTimers(): void
}

const hostRequire = createRequire(import.meta.url)

/** Create the realm and its module system for the build in `root`. */
export function createSandbox(buildRoot: string, globals: MiniProgramGlobals, console: Console): Sandbox {
  const root = path.resolve(buildRoot)
  const timers: TimerTable = { next: 1, live: new Map() }
  // WeChat's timers answer numbers; Node's answer objects. Numbers also let close() cancel them all.
  const setTimer = (repeat: boolean) => (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const id = timers.next++
    const run = () => {
      if (!repeat) timers.live.delete(id)
      fn(...args)
    }
    const handle = repeat ? setInterval(run, ms) : setTimeout(run, ms)
    timers.live.set(id, { handle, repeat })
    return id
  }
  const clearTimer = (id: unknown) => {
    const timer = timers.live.get(Number(id))
    if (!timer) return
    if (timer.repeat) clearInterval(timer.handle)
    else clearTimeout(timer.handle)
    timers.live.delete(Number(id))
  }
  const context = vm.createContext(
    {
      console,
      setTimeout: setTimer(false),
      setInterval: setTimer(true),
      clearTimeout: clearTimer,
      clearInterval: clearTimer,
      ...globals,
    },
    // WeChat's app service refuses eval and new Function; so does the realm.
    { codeGeneration: { strings: false, wasm: false } },
  )
  const realm = vm.runInContext('globalThis', context) as Record<string, unknown>
  const realmJson = realm.JSON as JSON
  const RealmArrayBuffer = realm.ArrayBuffer as ArrayBufferConstructor
  const RealmUint8Array = realm.Uint8Array as Uint8ArrayConstructor
  // module and exports objects of the realm's own Object, as the module system would make them.
  const newModule = () => vm.runInContext('({ exports: {} })', context) as ModuleRecord
  const cache = new Map<string, ModuleRecord>()
  const stack: string[] = []

  function resolveInBuild(from: string, id: string): string {
    const base = id.startsWith('/') ? path.join(root, id) : path.resolve(path.dirname(from), id)
    const file = base.endsWith('.js') ? base : `${base}.js`
    if (!file.startsWith(root + path.sep)) throw new Error(`module ${id} is outside the mini program`)
    if (!existsSync(file)) throw new Error(`module ${id} not found from ${path.relative(root, from)}`)
    return file
  }

  function loadBuildFile(file: string): unknown {
    const cached = cache.get(file)
    if (cached) return cached.exports
    const module = newModule()
    cache.set(file, module)
    const source = readFileSync(file, 'utf8')
    const fn = vm.runInContext(`(function (exports, require, module) {${source}\n})`, context, { filename: file }) as Wrapped
    stack.push(file)
    try {
      fn(module.exports, (id) => loadBuildFile(resolveInBuild(file, id)), module)
    } finally {
      stack.pop()
    }
    return module.exports
  }

  function loadPackageFile(file: string): unknown {
    const cached = cache.get(file)
    if (cached) return cached.exports
    const module = newModule()
    cache.set(file, module)
    const source = readFileSync(file, 'utf8')
    const fn = vm.runInContext(`(function (exports, require, module, global) {${source}\n})`, context, { filename: file }) as Wrapped
    const local = createRequire(file)
    fn(module.exports, (id) => loadPackageFile(local.resolve(id)), module, realm)
    return module.exports
  }

  return {
    global: realm,
    require: (file) => loadBuildFile(resolveInBuild(path.join(root, 'app.js'), path.isAbsolute(file) ? `/${path.relative(root, file)}` : file)),
    requirePackage: (id) => loadPackageFile(hostRequire.resolve(id)),
    json: (value) => (value === undefined ? value : (realmJson.parse(JSON.stringify(value)) as typeof value)),
    arrayBuffer(bytes) {
      const buffer = new RealmArrayBuffer(bytes.byteLength)
      new RealmUint8Array(buffer).set(bytes)
      return buffer
    },
    get currentFile() {
      return stack[stack.length - 1]
    },
    clearTimers() {
      for (const id of [...timers.live.keys()]) clearTimer(id)
    },
  }
}
