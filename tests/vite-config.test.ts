import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'

// The real plugin sets up uni-app's whole build environment when called; the config object is what is tested.
vi.mock('@dcloudio/vite-plugin-uni', () => ({ default: () => [] }))

const ROOT = path.resolve(__dirname, '..')
// What the app's pages and the kit's client import: everything the H5 dev server serves.
const SOURCES = ['src', 'uni_modules/wxkit-login-pay/js_sdk', 'uni_modules/wxkit-login-pay/components', 'App.vue', 'main.ts']

function files(entry: string): string[] {
  const full = path.join(ROOT, entry)
  if (statSync(full).isFile()) return [full]
  return readdirSync(full).flatMap((name) => files(path.join(entry, name)))
}

/** Bare module specifiers imported at run time (type-only imports vanish in the build). */
function runtimeBareImports(source: string): string[] {
  const found: string[] = []
  for (const match of source.matchAll(/^\s*import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    if (!match[1]) found.push(match[2])
  }
  for (const match of source.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1])
  return found.filter((spec) => !spec.startsWith('.') && !spec.startsWith('/') && !spec.startsWith('@/'))
}

function packageName(spec: string): string {
  const parts = spec.split('/')
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

describe('vite.config.ts optimizeDeps', () => {
  // Regression: the first checkout in `npm run dev` reloaded every open tab, because Vite
  // discovered uqr (imported by the QR component only) after start-up and re-optimised.
  it('pre-bundles every dependency the pages import that uni-app does not serve unbundled itself', async () => {
    const config = (await import('../vite.config')).default as { optimizeDeps?: { include?: string[] } }
    // uni-app's own list of packages it keeps out of pre-bundling (served as they are).
    const { createOptimizeDeps } = (await import('@dcloudio/vite-plugin-uni/dist/config/optimizeDeps.js')) as {
      createOptimizeDeps: (options: unknown) => { exclude: string[] }
    }
    const servedByUni = new Set(createOptimizeDeps({}).exclude)
    const imported = new Set(
      SOURCES.flatMap(files)
        .filter((file) => /\.(ts|vue)$/.test(file) && !file.endsWith('.d.ts'))
        .flatMap((file) => runtimeBareImports(readFileSync(file, 'utf8')))
        .map(packageName),
    )
    expect(imported.has('uqr')).toBe(true)
    const needed = [...imported].filter((name) => !servedByUni.has(name)).sort()
    expect([...(config.optimizeDeps?.include ?? [])].sort()).toEqual(needed)
  })
})
