/**
 * The runtime's own `uni-config-center`: what `require('uni-config-center')`
 * answers inside cloud code. Same API as the committed
 * `uniCloud-aliyun/cloudfunctions/common/uni-config-center/index.js`, but the
 * configuration comes from the runtime's options (tests) or from a folder
 * outside the repository (dev), so no secret has to sit beside the code.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

export interface ConfigCenterOptions {
  /** Contents keyed by pluginId. Read at each `config()` call, so it may be filled after start. */
  config?: Record<string, unknown>
  /** Else `<configDir>/<pluginId>/config.json`. */
  configDir?: string
}

/** One plugin's view, as `require('uni-config-center')({ pluginId })` returns it. */
export interface ConfigCenter {
  pluginId: string
  config(key?: string): unknown
  resolve(file: string): string
  hasFile(file: string): boolean
  requireFile(file: string): unknown
}

/** The module value cloud code gets for `require('uni-config-center')`. */
export type ConfigCenterFactory = (options: { pluginId: string }) => ConfigCenter

function pick(value: unknown, key?: string): unknown {
  if (!key) return value
  return key.split('.').reduce<unknown>((v, k) => (v == null ? undefined : (v as Record<string, unknown>)[k]), value)
}

/** Create the `uni-config-center` module for one runtime. */
export function createConfigCenter(options: ConfigCenterOptions): ConfigCenterFactory {
  return function createConfig({ pluginId }: { pluginId: string }): ConfigCenter {
    if (typeof pluginId !== 'string' || !/^[\w.-]+$/.test(pluginId)) throw new Error('uni-config-center: invalid pluginId')
    const dir = options.configDir ? path.join(options.configDir, pluginId) : undefined
    let cache: unknown
    const readAll = (): unknown => {
      if (options.config) {
        // A copy per read: cloud code mutating its config must not change the test's object.
        const value = options.config[pluginId]
        return value === undefined ? {} : structuredClone(value)
      }
      if (cache === undefined) {
        const file = dir ? path.join(dir, 'config.json') : undefined
        cache = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}
      }
      return cache
    }
    const need = (file: string): string => {
      if (!dir) throw new Error(`uni-config-center: no config folder for ${pluginId}`)
      return path.join(dir, file)
    }
    return {
      pluginId,
      config: (key?: string) => pick(readAll(), key),
      resolve: (file: string) => need(file),
      hasFile: (file: string) => (dir ? existsSync(path.join(dir, file)) : false),
      requireFile: (file: string) => {
        const full = need(file)
        return full.endsWith('.json') ? JSON.parse(readFileSync(full, 'utf8')) : createRequire(full)(full)
      },
    }
  }
}
