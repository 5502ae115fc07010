/**
 * `npm run dev`: the local stand-ins (WeChat emulator + uniCloud runtime) and
 * the H5 dev server wired to them; `npm run dev:cloud` (--no-h5): the stand-ins
 * only. URLs go to the console and to .local/dev.json. Ctrl-C stops everything.
 *
 * Ports: RUNTIME_PORT (7300), EMULATOR_PORT (7301), H5_PORT (5180).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { watch } from 'node:fs'
import path from 'node:path'
import { cloudSpacesEnv, DEMO_SHOP_CONFIG, REPO_ROOT, startLocalStack, writeLocator } from '../emulators/start'

const withH5 = !process.argv.includes('--no-h5')
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback)

async function main(): Promise<void> {
  const stack = await startLocalStack({
    persistent: true,
    runtimePort: port('RUNTIME_PORT', 7300),
    emulatorPort: port('EMULATOR_PORT', 7301),
    runTimers: true,
    appConfig: DEMO_SHOP_CONFIG,
    // A day of notify retries in about 24 minutes while developing.
    timeFactor: Number(process.env.WXPAY_TIME_FACTOR ?? 1 / 60),
  })
  const locator = { ...stack.locator }
  let h5: ChildProcess | undefined
  if (withH5) {
    const h5Port = port('H5_PORT', 5180)
    locator.h5Url = `http://127.0.0.1:${h5Port}/`
    h5 = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts/uni.cjs'), 'dev', 'h5', '--port', String(h5Port)], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, UNI_CLOUD_SPACES: cloudSpacesEnv(locator), VITE_WX_EMULATOR_URL: locator.emulatorUrl },
    })
    h5.on('exit', (code) => {
      if (!stopping) {
        console.error(`H5 dev server exited (${code}); stopping.`)
        void stop(1)
      }
    })
  }
  writeLocator(locator)

  // Rebuild cloud objects when their TypeScript changes, then reload them.
  const rebuild = debounce(() => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(REPO_ROOT, 'scripts/build-cloud.ts'), '--bundles-only'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    })
    child.on('exit', (code) => {
      if (code === 0) stack.runtime.reload()
    })
  }, 300)
  const watcher = watch(path.join(REPO_ROOT, 'cloud'), { recursive: true }, rebuild)

  console.log('\nuni-wx-kit local stack')
  console.log(`  uniCloud runtime : ${locator.runtimeUrl}`)
  console.log(`  WeChat emulator  : ${locator.emulatorUrl}  (log: ${locator.emulatorUrl}/__emulator/v1/log)`)
  if (locator.h5Url) console.log(`  H5 app           : ${locator.h5Url}`)
  console.log('  locator file     : .local/dev.json\n  Ctrl-C stops everything.\n')

  let stopping = false
  async function stop(code: number): Promise<void> {
    if (stopping) return
    stopping = true
    watcher.close()
    if (h5 && h5.exitCode === null) h5.kill('SIGTERM')
    await stack.close()
    process.exit(code)
  }
  process.on('SIGINT', () => void stop(0))
  process.on('SIGTERM', () => void stop(0))
}

function debounce(fn: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined
  return () => {
    clearTimeout(timer)
    timer = setTimeout(fn, ms)
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
