/**
 * `npm run test:mp [-- vitest options]`: builds the mini program with its
 * uniCloud SDK pointed at a local runtime (free ports picked first, since the
 * URL is baked into the build), starts the local stand-ins on those ports,
 * then runs the harness tests (e2e/mini-program/*.mp.test.ts) against them.
 *
 * MP_REUSE_BUILD=1 skips the build when dist/harness/mp-weixin was built by
 * this script and its ports are still free (for quick local iterations).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { cloudSpacesEnv, LOCAL_DIR, REPO_ROOT, startLocalStack } from '../../emulators/start'
import { freePort, isFree } from '../support/free-port'
import type { MpLocator } from './support/locator'

const BUILD_DIR = path.join(REPO_ROOT, 'dist/harness/mp-weixin')
const STAMP = path.join(BUILD_DIR, '.harness-build.json')
const SPACE = { spaceId: 'local-space', clientSecret: 'local-client-secret' }

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<boolean> {
  console.log(`\n[mp] ${label}`)
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } })
  return new Promise((resolve) => child.on('exit', (code) => resolve(code === 0)))
}

/** Ports of a reusable earlier build, if asked for and still usable. */
async function reusablePorts(): Promise<{ runtimePort: number; emulatorPort: number } | undefined> {
  if (process.env.MP_REUSE_BUILD !== '1' || !existsSync(STAMP)) return undefined
  const stamp = JSON.parse(readFileSync(STAMP, 'utf8')) as { runtimePort: number; emulatorPort: number }
  return (await isFree(stamp.runtimePort)) && (await isFree(stamp.emulatorPort)) ? stamp : undefined
}

async function main(): Promise<number> {
  const started = Date.now()
  let ports = await reusablePorts()
  if (ports) {
    console.log(`[mp] reusing ${path.relative(REPO_ROOT, BUILD_DIR)} (runtime on ${ports.runtimePort})`)
  } else {
    ports = { runtimePort: await freePort(), emulatorPort: await freePort() }
    const built = await run('build mp-weixin (uniCloud → local runtime)', process.execPath, [path.join(REPO_ROOT, 'scripts/uni.cjs'), 'build', 'mp-weixin'], {
      UNI_OUTPUT_DIR: BUILD_DIR,
      UNI_CLOUD_SPACES: cloudSpacesEnv({ runtimeUrl: `http://127.0.0.1:${ports.runtimePort}`, ...SPACE }),
    })
    if (!built) return 1
    writeFileSync(STAMP, JSON.stringify(ports))
  }

  const stack = await startLocalStack({ persistent: false, ...ports, timeFactor: 0.001, log: () => {} })
  const locator: MpLocator = { ...stack.locator, buildDir: BUILD_DIR }
  const dir = path.join(LOCAL_DIR, 'mp')
  mkdirSync(dir, { recursive: true })
  const locatorFile = path.join(dir, 'locator.json')
  writeFileSync(locatorFile, JSON.stringify(locator, null, 2))
  try {
    const vitest = require.resolve('vitest/vitest.mjs')
    const ok = await run('harness tests (vitest)', process.execPath, [vitest, 'run', '-c', 'e2e/mini-program/vitest.config.mts', ...process.argv.slice(2)], {
      MP_LOCATOR: locatorFile,
    })
    console.log(`[mp] done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    return ok ? 0 : 1
  } finally {
    await stack.close()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
