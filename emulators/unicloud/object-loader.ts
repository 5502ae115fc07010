/**
 * Finds and loads cloud objects: `<root>/cloudfunctions/<name>/index.obj.js`
 * in any of the project's cloud roots (its `uniCloud-aliyun` and each
 * uni_modules plugin's `uniCloud`, see cloud-roots.ts), and the
 * `cloudfunction-config` of its package.json. A name found in two roots is an
 * error, as it is for an upload.
 *
 * Each file of the cloud code is compiled with a module wrapper that passes the
 * runtime's own `uniCloud` and `console` as parameters, so two runtimes can live
 * in one process without a global. `require` maps `uni-config-center` to the
 * runtime's implementation, resolves common modules the way an upload bundles
 * them (`cloudfunctions/common/<m>`), loads the cloud code's own files through
 * the same wrapper and leaves node_modules and Node built-ins to Node.
 * A loaded object stays warm (module state survives) until `reload`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire, isBuiltin } from 'node:module'
import path from 'node:path'
import vm from 'node:vm'
import type { ConfigCenterFactory } from './config-center'
import { normaliseRoots } from './cloud-roots'
import { SystemErrorCodes, UniCloudSystemError } from './errors'

/** One timer trigger of `cloudfunction-config.triggers`. */
export interface TimerTrigger {
  name: string
  /** 7-field cron (sec min hour day month weekday year); 6 fields are read with year `*`. */
  config: string
}

/** The parts of `cloudfunction-config` the runtime honours. */
export interface CloudObjectConfig {
  /** Seconds. */
  timeout?: number
  triggers: TimerTrigger[]
  /** URL path ('/pay'), normalised without a trailing slash. */
  path?: string
}

/** A loaded cloud object. */
export interface LoadedCloudObject {
  name: string
  dir: string
  exports: Record<string, unknown>
  config: CloudObjectConfig
}

/** The console handed to cloud code. */
export type CloudConsole = Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace'>

export interface ObjectLoaderOptions {
  /** One uniCloud folder or several, merged the way HBuilderX merges them. */
  cloudRoot: string | readonly string[]
  configCenter: ConfigCenterFactory
  /** The `uniCloud` an object's files see (one per object, so logs carry its name). */
  createUniCloud(objectName: string): object
  createConsole(objectName: string): CloudConsole
}

interface CjsModule {
  exports: unknown
  filename: string
  id: string
  loaded: boolean
}

const WRAPPER_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname', 'uniCloud', 'console']
const NAME = /^[A-Za-z0-9_-]+$/

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file)
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel)
}

/** Loads cloud objects of the project's cloud roots and keeps them warm. */
export class ObjectLoader {
  private readonly functionsDirs: string[]
  private readonly loaded = new Map<string, LoadedCloudObject>()
  private configs = new Map<string, CloudObjectConfig>()
  private names: string[] | undefined

  constructor(private readonly options: ObjectLoaderOptions) {
    this.functionsDirs = normaliseRoots(options.cloudRoot).map((root) => path.join(root, 'cloudfunctions'))
  }

  /** Whether `<name>/index.obj.js` exists. */
  has(name: string): boolean {
    return this.dirOf(name) !== undefined
  }

  /** Names of all cloud objects on disk (read once; `reload` reads them again). */
  list(): string[] {
    // Asked on every URL-ized request (each WeChat Pay notify): no directory scan per request.
    this.names ??= [
      ...new Set(
        this.functionsDirs.flatMap((dir) =>
          existsSync(dir) ? readdirSync(dir).filter((name) => statSync(path.join(dir, name)).isDirectory() && this.has(name)) : [],
        ),
      ),
    ].sort()
    return this.names
  }

  /** The folder of object `name`, or undefined; throws when two roots define it. */
  private dirOf(name: string): string | undefined {
    if (!NAME.test(name) || name === 'common') return undefined
    const found = this.functionsDirs.map((dir) => path.join(dir, name)).filter((dir) => existsSync(path.join(dir, 'index.obj.js')))
    if (found.length > 1) {
      throw new UniCloudSystemError(SystemErrorCodes.FUNCTION_LOAD_FAILED, `cloud object ${name} is defined more than once: ${found.join(', ')}`)
    }
    return found[0]
  }

  /** The object's `cloudfunction-config` (read without loading its code). */
  readConfig(name: string): CloudObjectConfig {
    const cached = this.configs.get(name)
    if (cached) return cached
    const dir = this.dirOf(name)
    const file = dir ? path.join(dir, 'package.json') : ''
    let raw: Record<string, unknown> = {}
    if (file && existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
      raw = (pkg['cloudfunction-config'] as Record<string, unknown> | undefined) ?? {}
    }
    const triggers = Array.isArray(raw.triggers)
      ? (raw.triggers as Array<Record<string, unknown>>)
          .filter((t) => t && t.type === 'timer' && typeof t.config === 'string')
          .map((t) => ({ name: String(t.name ?? 'timer'), config: String(t.config) }))
      : []
    let urlPath: string | undefined
    if (typeof raw.path === 'string' && raw.path.trim()) {
      urlPath = ('/' + raw.path.trim().replace(/^\/+/, '')).replace(/\/+$/, '') || '/'
    }
    const config: CloudObjectConfig = {
      timeout: typeof raw.timeout === 'number' && raw.timeout > 0 ? raw.timeout : undefined,
      triggers,
      path: urlPath,
    }
    this.configs.set(name, config)
    return config
  }

  /** The loaded (warm) object; loads it on first use. */
  load(name: string): LoadedCloudObject {
    const warm = this.loaded.get(name)
    if (warm) return warm
    const dir = this.dirOf(name)
    if (!dir) throw new UniCloudSystemError(SystemErrorCodes.FUNCTION_NOT_FOUND, `cloud object ${name} not found`)
    const config = this.readConfig(name)
    const uniCloud = this.options.createUniCloud(name)
    const cloudConsole = this.options.createConsole(name)
    const cache = new Map<string, CjsModule>()
    let exported: unknown
    try {
      exported = this.loadFile(path.join(dir, 'index.obj.js'), cache, uniCloud, cloudConsole)
    } catch (error) {
      cloudConsole.error(error instanceof Error ? error.stack : String(error))
      throw new UniCloudSystemError(SystemErrorCodes.FUNCTION_LOAD_FAILED, `cloud object ${name} failed to load`)
    }
    if (!exported || typeof exported !== 'object') {
      throw new UniCloudSystemError(SystemErrorCodes.FUNCTION_LOAD_FAILED, `cloud object ${name} does not export an object`)
    }
    const object: LoadedCloudObject = { name, dir, exports: exported as Record<string, unknown>, config }
    this.loaded.set(name, object)
    return object
  }

  /** Drop one object (or all) so the next call loads the files anew. */
  reload(name?: string): void {
    this.names = undefined
    if (name === undefined) {
      this.loaded.clear()
      this.configs.clear()
    } else {
      this.loaded.delete(name)
      this.configs.delete(name)
    }
  }

  private loadFile(file: string, cache: Map<string, CjsModule>, uniCloud: object, cloudConsole: CloudConsole): unknown {
    const cached = cache.get(file)
    if (cached) return cached.exports
    const module: CjsModule = { exports: {}, filename: file, id: file, loaded: false }
    cache.set(file, module)
    try {
      if (file.endsWith('.json')) {
        module.exports = JSON.parse(readFileSync(file, 'utf8'))
      } else {
        const source = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').replace(/^#!.*/, '')
        const wrapper = vm.compileFunction(source, WRAPPER_PARAMS, { filename: file })
        const localRequire = this.makeRequire(file, cache, uniCloud, cloudConsole)
        wrapper.call(module.exports, module.exports, localRequire, module, file, path.dirname(file), uniCloud, cloudConsole)
      }
    } catch (error) {
      cache.delete(file)
      throw error
    }
    module.loaded = true
    return module.exports
  }

  private makeRequire(from: string, cache: Map<string, CjsModule>, uniCloud: object, cloudConsole: CloudConsole): NodeJS.Require {
    const nodeRequire = createRequire(from)
    const resolveId = (id: string): string => {
      try {
        return nodeRequire.resolve(id)
      } catch (error) {
        // A common module is installed by the upload (`file:../common/<m>`); locally
        // it is read straight from cloudfunctions/common.
        // (any root's common/ folder: a plugin's common modules are uploaded with the space's).
        if (!id.startsWith('.') && !path.isAbsolute(id)) {
          const common = this.functionsDirs.map((dir) => path.join(dir, 'common', id)).find((dir) => existsSync(dir))
          if (common) return nodeRequire.resolve(common)
        }
        throw error
      }
    }
    const localRequire = ((id: string) => {
      if (id === 'uni-config-center') return this.options.configCenter
      if (isBuiltin(id)) return nodeRequire(id)
      const resolved = resolveId(id)
      const ownCode = this.functionsDirs.some((dir) => isInside(dir, resolved)) && !resolved.split(path.sep).includes('node_modules')
      return ownCode ? this.loadFile(resolved, cache, uniCloud, cloudConsole) : nodeRequire(resolved)
    }) as NodeJS.Require
    localRequire.resolve = ((id: string) => resolveId(id)) as NodeJS.RequireResolve
    localRequire.cache = nodeRequire.cache
    return localRequire
  }
}
