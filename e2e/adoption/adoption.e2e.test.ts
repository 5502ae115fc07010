/**
 * The plugin outside this repository: a fresh uni-app project with only
 * uni_modules/wxkit-login-pay copied in, built for H5 with the uniCloud SDK
 * pointed at the local runtime (which serves that project's cloud roots: the
 * plugin's objects and database files, the project's own catalogue), driven in
 * chromium from login to 已支付.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cloudSpacesEnv, startLocalStack, type LocalStack } from '../../emulators/start'
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium'
import { freePort } from '../support/free-port'
import { serveStatic } from '../support/static-server'
import { PLUGIN_ID, PRODUCT, createFreshProject } from './fresh-project'

const REPO_ROOT = path.resolve(__dirname, '../..')

let project: string
let stack: LocalStack | undefined
let site: Awaited<ReturnType<typeof serveStatic>> | undefined
let browser: Browser | undefined

beforeAll(async () => {
  project = mkdtempSync(path.join(os.tmpdir(), 'wxkit-adoption-'))
  createFreshProject(project, REPO_ROOT)
  const runtimePort = await freePort()
  const emulatorPort = await freePort()
  const runtimeUrl = `http://127.0.0.1:${runtimePort}`
  const out = path.join(project, 'dist/h5')
  const cli = require.resolve('@dcloudio/vite-plugin-uni/bin/uni.js', { paths: [REPO_ROOT] })
  const env: NodeJS.ProcessEnv = { ...process.env, UNI_INPUT_DIR: project, UNI_OUTPUT_DIR: out, NODE_ENV: 'production' }
  for (const key of ['UNI_CLOUD_PROVIDER', 'UNI_AUTOMATOR_WS_ENDPOINT']) delete env[key]
  env.UNI_CLOUD_SPACES = cloudSpacesEnv({ runtimeUrl, spaceId: 'local-space', clientSecret: 'local-client-secret' })
  env.VITE_WX_EMULATOR_URL = `http://127.0.0.1:${emulatorPort}`
  const built = spawnSync(process.execPath, [cli, 'build', '-p', 'h5'], { cwd: project, env, encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`the fresh project's H5 build failed:\n${built.stdout}\n${built.stderr}`)
  stack = await startLocalStack({ persistent: false, projectRoot: project, runtimePort, emulatorPort, timeFactor: 0.01, log: () => {} })
  site = await serveStatic(out)
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true })
})

afterAll(async () => {
  await browser?.close()
  site?.server.close()
  await stack?.close()
  if (project) rmSync(project, { recursive: true, force: true })
})

describe('the plugin in a fresh uni-app project', () => {
  it('holds nothing of this repository but the plugin', () => {
    expect(existsSync(path.join(project, 'uni_modules', PLUGIN_ID, 'uniCloud/cloudfunctions/pay/index.obj.js'))).toBe(true)
    expect(existsSync(path.join(project, 'src'))).toBe(false)
    expect(existsSync(path.join(project, 'cloud'))).toBe(false)
    expect(existsSync(path.join(project, 'uni_modules/uni-config-center'))).toBe(false)
  })

  it('logs in and pays an order through importObject("weixinLogin") and importObject("pay") to 已支付', async () => {
    const context = await browser!.newContext()
    // Nothing but loopback: the page must not depend on any outside host.
    await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort())
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(site!.url)
    await page.locator('[data-test=buy]').click()
    const status = page.locator('[data-test=status]')
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/^(已支付|失败|支付超时)/)
    expect(await status.textContent()).toBe(`已支付 ${((PRODUCT.price * 2) / 100).toFixed(2)}`)
    expect(errors).toEqual([])
    const orders = (await stack!.runtime.database().collection('wxkit-orders').get()).data
    expect(orders).toEqual([expect.objectContaining({ status: 'PAID', amount: PRODUCT.price * 2 })])
    await context.close()
  })
})
