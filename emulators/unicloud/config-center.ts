/**
 * The runtime's own stand-in for DCloud's `uni-config-center` common module:
 * what `require('uni-config-center')` answers inside cloud code run locally.
 * It is never uploaded (a space gets DCloud's real module from the plugin
 * market) and follows the real module's documented API:
 *
 *   const center = require('uni-config-center')({ pluginId, defaultConfig?, customMerge? })
 *   center.config()                 the whole config: `defaultConfig` deep-merged
 *                                   with `<pluginId>/config.json` ({} when neither exists)
 *   center.config('a.b', fallback)  one value by dotted path, or `fallback` when absent
 *   center.resolve(file)            the absolute path of `<pluginId>/<file>`
 *   center.hasFile(file)            whether that file exists
 *   center.requireFile(file)        require it; undefined when it does not exist
 *
 * The configuration comes from the runtime's options (tests: contents keyed by
 * pluginId) or from a folder outside the repository (dev: `.local/config-center`),
 * so no secret has to sit beside the code. Facts: docs/unicloud.md.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

export interface ConfigCenterOptions {
  /** Contents keyed by pluginId. Read at each `config()` call, so it may be filled after start. */
  config?: Record<string, unknown>
  /** Else `<configDir>/<pluginId>/config.json` and the plugin's other files. */
  configDir?: string
}

/** What cloud code passes to the module. */
export interface ConfigCenterRequest {
  pluginId: string
  /** Merged under the user's config (deeply, unless `customMerge` is given). */
  defaultConfig?: Record<string, unknown>
  /** `(defaultConfig, userConfig) => merged`, replacing the deep merge. */
  customMerge?: (defaultConfig: Record<string, unknown>, userConfig: Record<string, unknown>) => Record<string, unknown>
}

/** One plugin's view, as `require('uni-config-center')({ pluginId })` returns it. */
export interface ConfigCenter {
  pluginId: string
  config(key?: string, defaultValue?: unknown): unknown
  resolve(file: string): string
  hasFile(file: string): boolean
  requireFile(file: string): unknown
}

/** The module value cloud code gets for `require('uni-config-center')`. */
export type ConfigCenterFactory = (options: ConfigCenterRequest) => ConfigCenter

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Deep merge of plain objects; arrays and other values of `over` replace those of `base`. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(over)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key] as Record<string, unknown>, value) : value
  }
  return out
}

function pick(value: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((v, k) => (isPlainObject(v) || Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined), value)
}

/** Create the `uni-config-center` module for one runtime. */
export function createConfigCenter(options: ConfigCenterOptions): ConfigCenterFactory {
  return function createConfig(request: ConfigCenterRequest): ConfigCenter {
    const { pluginId } = request ?? ({} as ConfigCenterRequest)
    if (typeof pluginId !== 'string' || !/^[\w.-]+$/.test(pluginId) || pluginId.startsWith('.')) {
      throw new Error('uni-config-center: invalid pluginId')
    }
    const dir = options.configDir ? path.join(options.configDir, pluginId) : undefined
    let fileConfig: Record<string, unknown> | undefined
    const userConfig = (): Record<string, unknown> => {
      if (options.config) {
        // A copy per read: cloud code mutating its config must not change the test's object.
        const value = options.config[pluginId]
        return isPlainObject(value) ? structuredClone(value) : {}
      }
      if (fileConfig === undefined) {
        const file = dir ? path.join(dir, 'config.json') : undefined
        const raw: unknown = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}
        fileConfig = isPlainObject(raw) ? raw : {}
      }
      return structuredClone(fileConfig)
    }
    const merged = (): Record<string, unknown> => {
      const defaults = isPlainObject(request.defaultConfig) ? structuredClone(request.defaultConfig) : {}
      const user = userConfig()
      return request.customMerge ? request.customMerge(defaults, user) : deepMerge(defaults, user)
    }
    const fileOf = (file: string): string => {
      if (!dir) throw new Error(`uni-config-center: no config folder for ${pluginId}`)
      const full = path.resolve(dir, file)
      if (path.relative(dir, full).startsWith('..')) throw new Error('uni-config-center: file outside the plugin folder')
      return full
    }
    return {
      pluginId,
      config(key?: string, defaultValue?: unknown) {
        const all = merged()
        if (key === undefined || key === '') return all
        const value = pick(all, key)
        return value === undefined ? defaultValue : value
      },
      resolve: (file: string) => fileOf(file),
      hasFile: (file: string) => (dir ? existsSync(fileOf(file)) : false),
      requireFile(file: string) {
        if (!dir) return undefined
        const full = fileOf(file)
        if (!existsSync(full)) return undefined
        return full.endsWith('.json') ? JSON.parse(readFileSync(full, 'utf8')) : createRequire(full)(full)
      },
    }
  }
}
