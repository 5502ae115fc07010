import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** Debian's chromium (CHROMIUM_PATH overrides). Playwright's own browser downloads are not available here. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(candidate)) return candidate
  try {
    return execSync('which chromium', { encoding: 'utf8' }).trim()
  } catch {
    throw new Error('chromium not found: install Debian\'s chromium package or set CHROMIUM_PATH')
  }
}

/** Flags for headless chromium as root on a machine with no outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
