/**
 * Starts the local stand-ins together: the WeChat emulator and the uniCloud
 * runtime, wired to each other. Used by `npm run dev`, `npm run dev:cloud`
 * and the end-to-end tests.
 */
import path from 'node:path'
import { ensurePrivateDir, writeSecretFile } from './secret-files'
import { createUniCloudRuntime, projectCloudRoots, type InvocationRecord, type UniCloudRuntime } from './unicloud'
import { createWechatEmulator, type WechatEmulator } from './wechat'

export const REPO_ROOT = path.resolve(__dirname, '..')
export const LOCAL_DIR = path.join(REPO_ROOT, '.local')
export const CONFIG_PLUGIN_ID = 'wxkit-login-pay'

/** The locator file tests and tools read to find the running services. */
export interface DevLocator {
  runtimeUrl: string
  emulatorUrl: string
  h5Url?: string
  spaceId: string
  clientSecret: string
}

export interface LocalStackOptions {
  /** Keep data, keys and config under .local/ (dev); false = in memory (tests). */
  persistent: boolean
  /** Where persistent state lives (default LOCAL_DIR). */
  localDir?: string
  runtimePort?: number
  emulatorPort?: number
  /** Run timer triggers on their cron. */
  runTimers?: boolean
  /** Scale of the WeChat Pay notify retry schedule. */
  timeFactor?: number
  payKeyMode?: 'publicKey' | 'certificate' | 'mixed'
  /** The uni-app project whose cloud code the runtime serves (default: this repository). */
  projectRoot?: string
  /** Config sections the app adds to the emulator's (e.g. the demo shop's fulfilment hook). */
  appConfig?: Record<string, unknown>
  log?: (line: string) => void
  /** Told of every cloud call the runtime answers, with its database operations (tests, benchmarks). */
  onInvocation?: (record: InvocationRecord) => void
}

/** The demo shop's part of the kit's config: its fulfilment hook (uniCloud-aliyun/cloudfunctions/shopFulfilment) and its name on receipts. */
export const DEMO_SHOP_CONFIG = { fulfilment: { cloudObject: 'shopFulfilment' }, merchant: { name: 'uni-wx-kit 示例小店' } }

/** The simulated WeChat user who operates the shop locally (log in as "merchant"; README, "The merchant's side"). */
export { DEV_OPERATOR } from './wechat/dev-config'

export interface LocalStack {
  runtime: UniCloudRuntime
  emulator: WechatEmulator
  locator: DevLocator
  close(): Promise<void>
}

/** The space the H5 build's uniCloud SDK is pointed at (UNI_CLOUD_SPACES). */
export function cloudSpacesEnv(locator: Pick<DevLocator, 'runtimeUrl' | 'spaceId' | 'clientSecret'>): string {
  return JSON.stringify([
    { provider: 'aliyun', id: locator.spaceId, name: 'local', clientSecret: locator.clientSecret, apiEndpoint: locator.runtimeUrl },
  ])
}

/** Start the WeChat emulator and the uniCloud runtime; the cloud config points at the emulator. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const spaceId = 'local-space'
  const clientSecret = 'local-client-secret'
  const localDir = options.localDir ?? LOCAL_DIR
  // Keys, the cloud config, the database (phone numbers, sealed session_keys): the owner's only.
  if (options.persistent) ensurePrivateDir(localDir)
  const emulator = await createWechatEmulator({
    stateDir: options.persistent ? path.join(localDir, 'wechat-emulator') : undefined,
    timeFactor: options.timeFactor,
    payKeyMode: options.payKeyMode,
    log: options.log,
  })
  const { url: emulatorUrl } = await emulator.listen(options.emulatorPort ?? 0)

  // The runtime's URL is needed in the config (notify_url) before the runtime
  // serves, so it listens first and reads its config lazily per call.
  const configDir = options.persistent ? path.join(localDir, 'config-center') : undefined
  const config: Record<string, unknown> = {}
  const runtime = createUniCloudRuntime({
    cloudRoot: projectCloudRoots(options.projectRoot ?? REPO_ROOT),
    dataDir: options.persistent ? path.join(localDir, 'unicloud') : undefined,
    configDir,
    config: configDir ? undefined : config,
    spaceId,
    clientSecret,
    runTimers: options.runTimers,
    log: options.log,
    onInvocation: options.onInvocation,
  })
  const { url: runtimeUrl } = await runtime.listen(options.runtimePort ?? 0)
  const dev = emulator.devConfig({ emulatorUrl, runtimeUrl }) as Record<string, unknown> & { merchant: object }
  const app = (options.appConfig ?? {}) as Record<string, unknown> & { merchant?: object }
  // The app's sections replace the emulator's; its merchant name keeps the simulated operator.
  const cloudConfig = { ...dev, ...app, merchant: { ...dev.merchant, ...app.merchant } }
  if (configDir) {
    // Holds the apps' secrets, the token secret, the sealing key and the merchant's private key.
    ensurePrivateDir(configDir)
    ensurePrivateDir(path.join(configDir, CONFIG_PLUGIN_ID))
    writeSecretFile(path.join(configDir, CONFIG_PLUGIN_ID, 'config.json'), JSON.stringify(cloudConfig, null, 2))
  } else {
    config[CONFIG_PLUGIN_ID] = cloudConfig
  }

  const locator: DevLocator = { runtimeUrl, emulatorUrl, spaceId, clientSecret }
  return {
    runtime,
    emulator,
    locator,
    async close() {
      await Promise.allSettled([runtime.close(), emulator.close()])
    },
  }
}

/** Write the locator file (.local/dev.json by default); it carries the space's client secret, so mode 0600. */
export function writeLocator(locator: DevLocator, file = path.join(LOCAL_DIR, 'dev.json')): void {
  writeSecretFile(file, JSON.stringify(locator, null, 2) + '\n')
}
