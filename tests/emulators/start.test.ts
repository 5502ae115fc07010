/**
 * Regression: the dev config (.local/config-center/…/config.json, holding the
 * apps' secrets, the token secret and the merchant's private key) was written
 * world-readable (0644). Every file of the persistent stack that holds a key or
 * secret is 0600 and its folders 0700, also when an older run left them looser.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CONFIG_PLUGIN_ID, startLocalStack, writeLocator, type LocalStack } from '../../emulators/start'

const mode = (file: string) => statSync(file).mode & 0o777

let dir: string | undefined
let stack: LocalStack | undefined

afterEach(async () => {
  await stack?.close()
  stack = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

function files(localDir: string) {
  const configDir = path.join(localDir, 'config-center')
  return {
    configDir,
    pluginDir: path.join(configDir, CONFIG_PLUGIN_ID),
    config: path.join(configDir, CONFIG_PLUGIN_ID, 'config.json'),
    stateDir: path.join(localDir, 'wechat-emulator'),
    identity: path.join(localDir, 'wechat-emulator', 'identity.json'),
    locator: path.join(localDir, 'dev.json'),
  }
}

describe('secret files of the persistent local stack', () => {
  it('writes the cloud config, the emulator identity and the locator 0600, in folders only the owner can enter', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wxkit-local-'))
    const localDir = path.join(dir, '.local')
    stack = await startLocalStack({ persistent: true, localDir, log: () => {} })
    writeLocator(stack.locator, files(localDir).locator)
    const f = files(localDir)
    const config = JSON.parse(readFileSync(f.config, 'utf8')) as { token: { secret: string }; wxpay: { merchantPrivateKey: string } }
    expect(config.wxpay.merchantPrivateKey).toMatch(/PRIVATE KEY/)
    expect({ config: mode(f.config), identity: mode(f.identity), locator: mode(f.locator) }).toEqual({ config: 0o600, identity: 0o600, locator: 0o600 })
    expect({ local: mode(localDir), configDir: mode(f.configDir), pluginDir: mode(f.pluginDir), stateDir: mode(f.stateDir) }).toEqual({
      local: 0o700,
      configDir: 0o700,
      pluginDir: 0o700,
      stateDir: 0o700,
    })
  })

  it('tightens what an older run left world-readable, and leaves no temporary file behind', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wxkit-local-'))
    const localDir = path.join(dir, '.local')
    const f = files(localDir)
    stack = await startLocalStack({ persistent: true, localDir, log: () => {} })
    await stack.close()
    for (const folder of [localDir, f.configDir, f.pluginDir, f.stateDir]) chmodSync(folder, 0o777)
    for (const file of [f.config, f.identity]) chmodSync(file, 0o644)
    writeFileSync(f.locator, '{}', { mode: 0o644 })

    stack = await startLocalStack({ persistent: true, localDir, log: () => {} })
    writeLocator(stack.locator, f.locator)
    expect([f.config, f.identity, f.locator].map(mode)).toEqual([0o600, 0o600, 0o600])
    expect([localDir, f.configDir, f.pluginDir, f.stateDir].map(mode)).toEqual([0o700, 0o700, 0o700, 0o700])
    expect(JSON.parse(readFileSync(f.locator, 'utf8'))).toEqual(stack.locator)
    expect(readFileSync(f.config, 'utf8')).toContain(stack.locator.runtimeUrl)
    expect(readdirSync(f.pluginDir)).toEqual(['config.json'])
    expect(readdirSync(localDir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })
})
