/**
 * `npm run test:e2e`: builds the H5 app pointed at a local uniCloud runtime,
 * serves it on 127.0.0.1, starts the local stand-ins, then runs
 *   - the browser tests (vitest + playwright-core, e2e/browser), and
 *   - the page tests (jest 27 + @dcloudio/uni-automator, e2e/automator)
 * in Debian's chromium. `npm run test:e2e -- <vitest filters>` runs only the
 * matching browser tests (no page tests); E2E_REUSE_BUILD=1 reuses the last
 * e2e H5 build while its baked-in ports are free (for quick local iterations).
 * Also makes sure both production builds exist and are
 * newer than the app's sources, for the build checks (dist/build/h5,
 * dist/build/mp-weixin).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { cloudSpacesEnv, DEMO_SHOP_CONFIG, LOCAL_DIR, REPO_ROOT, startLocalStack } from '../emulators/start'
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium'
import { freePort, isFree } from '../e2e/support/free-port'
import { serveStatic } from '../e2e/support/static-server'

// Asynchronous on purpose: this process also serves the site, the runtime and the
// emulator, which must keep answering while the test runners run.
function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<boolean> {
  console.log(`\n[e2e] ${label}`)
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } })
  return new Promise((resolve) => child.on('exit', (code) => resolve(code === 0)))
}

// Builds here are tested, never shipped: without a given space they use the local runtime's.
const uni = (mode: string, platform: string, env: NodeJS.ProcessEnv = {}) =>
  run(`${mode} ${platform}`, process.execPath, [path.join(REPO_ROOT, 'scripts/uni.cjs'), mode, platform, '--local-space'], env)

/** The app's sources a production build is made from. */
const APP_SOURCES = ['src', 'uni_modules', 'static', 'pages.json', 'manifest.json', 'App.vue', 'main.ts', 'uni.scss', 'index.html']

/** The newest modification time under `file` (a file or a folder). */
function newestMtime(file: string): number {
  if (!existsSync(file)) return 0
  const stat = statSync(file)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(file).reduce((newest, name) => Math.max(newest, newestMtime(path.join(file, name))), stat.mtimeMs)
}

/** Whether dist/build/<platform> exists and is newer than every app source (the build checks read it; CI builds it first). */
function buildIsCurrent(platform: string): boolean {
  const marker = path.join(REPO_ROOT, 'dist/build', platform, platform === 'h5' ? 'index.html' : 'app.json')
  if (!existsSync(marker)) return false
  const built = statSync(marker).mtimeMs
  return APP_SOURCES.every((source) => newestMtime(path.join(REPO_ROOT, source)) <= built)
}

/** The ports of the last e2e H5 build, when asked to reuse it and they are free. */
async function reusablePorts(stampFile: string): Promise<{ runtimePort: number; emulatorPort: number; automatorPort: number } | undefined> {
  if (process.env.E2E_REUSE_BUILD !== '1' || !existsSync(stampFile)) return undefined
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { runtimePort: number; emulatorPort: number; automatorPort: number }
  const free = await Promise.all([stamp.runtimePort, stamp.emulatorPort, stamp.automatorPort].map(isFree))
  return free.every(Boolean) ? stamp : undefined
}

async function main(): Promise<number> {
  const executablePath = chromiumPath()
  const stampFile = path.join(REPO_ROOT, 'dist/e2e/h5-build.json')
  const reused = await reusablePorts(stampFile)
  const { runtimePort, emulatorPort, automatorPort } = reused ?? { runtimePort: await freePort(), emulatorPort: await freePort(), automatorPort: await freePort() }
  const spaceId = 'local-space'
  const clientSecret = 'local-client-secret'
  const runtimeUrl = `http://127.0.0.1:${runtimePort}`
  const h5Dir = path.join(REPO_ROOT, 'dist/e2e/h5')

  for (const platform of ['h5', 'mp-weixin']) {
    if (buildIsCurrent(platform)) continue
    if (!(await uni('build', platform))) return 1
  }
  if (reused) {
    console.log(`[e2e] reusing ${path.relative(REPO_ROOT, h5Dir)} (runtime on ${runtimePort})`)
  } else {
    const built = await uni('build', 'h5', {
      UNI_OUTPUT_DIR: h5Dir,
      UNI_CLOUD_SPACES: cloudSpacesEnv({ runtimeUrl, spaceId, clientSecret }),
      UNI_AUTOMATOR_WS_ENDPOINT: `ws://127.0.0.1:${automatorPort}`,
      // The emulator stands in for the phone (wx.login codes, paying), as in npm run dev.
      VITE_WX_EMULATOR_URL: `http://127.0.0.1:${emulatorPort}`,
    })
    if (!built) return 1
    writeFileSync(stampFile, JSON.stringify({ runtimePort, emulatorPort, automatorPort }))
  }

  const stack = await startLocalStack({ persistent: false, runtimePort, emulatorPort, timeFactor: 0.001, appConfig: DEMO_SHOP_CONFIG, log: () => {} })
  const site = await serveStatic(h5Dir)
  const locator = { ...stack.locator, h5Url: site.url }
  const e2eDir = path.join(LOCAL_DIR, 'e2e')
  mkdirSync(e2eDir, { recursive: true })
  const locatorFile = path.join(e2eDir, 'locator.json')
  writeFileSync(locatorFile, JSON.stringify({ ...locator, chromium: executablePath, chromiumArgs: CHROMIUM_ARGS }, null, 2))
  const automatorConfig = path.join(e2eDir, 'automator.config.json')
  writeFileSync(
    automatorConfig,
    JSON.stringify({
      compile: false,
      platform: 'h5',
      port: automatorPort,
      h5: { url: site.url, options: { headless: true, executablePath, args: CHROMIUM_ARGS } },
    }),
  )

  let ok = true
  try {
    // E2E_REPORT_DIR (CI): also write JSON reports for the closing summary line.
    const reportDir = process.env.E2E_REPORT_DIR ? path.resolve(process.env.E2E_REPORT_DIR) : undefined
    const vitestReport = reportDir ? ['--reporter=default', '--reporter=json', `--outputFile=${path.join(reportDir, 'e2e-browser.json')}`] : []
    const jestReport = reportDir ? ['--json', `--outputFile=${path.join(reportDir, 'e2e-automator.json')}`] : []
    const filters = process.argv.slice(2)
    ok = await run('browser tests (vitest + playwright-core)', process.execPath, [require.resolve('vitest/vitest.mjs'), 'run', '-c', 'e2e/vitest.config.mts', ...vitestReport, ...filters], {
      E2E_LOCATOR: locatorFile,
    })
    if (filters.length > 0) return ok ? 0 : 1
    ok =
      (await run('page tests (jest + uni-automator)', process.execPath, [require.resolve('jest/bin/jest'), '-c', 'e2e/automator/jest.config.js', '--runInBand', ...jestReport], {
        E2E_LOCATOR: locatorFile,
        UNI_AUTOMATOR_CONFIG: automatorConfig,
        UNI_PLATFORM: 'h5',
        UNI_AUTOMATOR_COMPILE: 'false',
        UNI_OUTPUT_DIR: h5Dir,
      })) && ok
  } finally {
    site.server.close()
    await stack.close()
  }
  return ok ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
