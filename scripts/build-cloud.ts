/**
 * Bundles each TypeScript cloud object in cloud/objects/<name>/index.ts into
 * uni_modules/wxkit-login-pay/uniCloud/cloudfunctions/<name>/index.obj.js (the plugin): CommonJS for uniCloud's
 * Node 18/20 runtime, unminified so it stays readable in the uniCloud console.
 *
 * It also bundles the declarations of cloud/client-api.ts (the objects as the
 * client calls them) into the plugin's js_sdk/cloud-api.d.ts, so the plugin's
 * client code typechecks without this repository's cloud/ sources.
 *
 *   npm run build:cloud                    regenerate the committed bundles and cloud-api.d.ts
 *   npm run build:cloud -- --check         fail when a committed file is stale
 *   npm run build:cloud -- --bundles-only  the bundles alone (the dev watcher: types take seconds)
 */
import { generateDtsBundle } from 'dts-bundle-generator'
import { build } from 'esbuild'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(__dirname, '..')
const sourceDir = path.join(root, 'cloud/objects')
const outDir = path.join(root, 'uni_modules/wxkit-login-pay/uniCloud/cloudfunctions')

const apiEntry = path.join(root, 'cloud/client-api.ts')
const apiTarget = path.join(root, 'uni_modules/wxkit-login-pay/js_sdk/cloud-api.d.ts')

const API_HEADER = [
  '// GENERATED FILE - do not edit. Source: cloud/client-api.ts (and what it imports).',
  '// The kit\'s cloud objects as the client calls them. Regenerate with `npm run build:cloud`.',
  '',
].join('\n')

/** The declarations of cloud/client-api.ts, bundled into one self-contained file. */
function apiDeclarations(): string {
  const [text] = generateDtsBundle([{ filePath: apiEntry, output: { noBanner: true, exportReferencedTypes: false } }], {
    preferredConfigPath: path.join(root, 'cloud/tsconfig.api.json'),
  })
  return API_HEADER + text
}

const HEADER = [
  '// GENERATED FILE - do not edit. Source: cloud/objects/%NAME%/index.ts',
  '// Regenerate with `npm run build:cloud`; upload this folder with HBuilderX.',
].join('\n')

/** Bundle one object and return its code. */
async function bundle(name: string): Promise<string> {
  const result = await build({
    stdin: {
      // uniCloud wants module.exports to be the method table itself.
      contents: `module.exports = require('./index.ts').default`,
      resolveDir: path.join(sourceDir, name),
      sourcefile: `${name}-entry.js`,
      loader: 'js',
    },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    charset: 'utf8',
    legalComments: 'none',
    // Resolved by uniCloud from the object's package.json dependencies.
    external: ['uni-config-center'],
    banner: { js: HEADER.replace('%NAME%', name) },
    logLevel: 'silent',
  })
  return result.outputFiles[0].text
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check')
  const names = readdirSync(sourceDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(sourceDir, d.name, 'index.ts')))
    .map((d) => d.name)
  const stale: string[] = []
  for (const name of names) {
    const target = path.join(outDir, name, 'index.obj.js')
    if (!existsSync(path.join(outDir, name, 'package.json'))) {
      throw new Error(`${path.relative(root, outDir)}/${name}/package.json is missing: every object needs one (runtime, path, triggers)`)
    }
    const code = await bundle(name)
    const current = existsSync(target) ? readFileSync(target, 'utf8') : ''
    if (check) {
      if (current !== code) stale.push(name)
    } else {
      if (current !== code) writeFileSync(target, code)
      console.log(`${name}: ${(Buffer.byteLength(code) / 1024).toFixed(1)} KiB -> ${path.relative(root, target)}`)
    }
  }
  if (!process.argv.includes('--bundles-only')) {
    const api = apiDeclarations()
    const current = existsSync(apiTarget) ? readFileSync(apiTarget, 'utf8') : ''
    if (check) {
      if (current !== api) stale.push('cloud-api.d.ts')
    } else if (current !== api) {
      writeFileSync(apiTarget, api)
      console.log(`client types -> ${path.relative(root, apiTarget)}`)
    }
  }
  if (stale.length) {
    console.error(`stale cloud bundles: ${stale.join(', ')}. Run \`npm run build:cloud\` and commit the result.`)
    process.exit(1)
  }
  if (check) console.log(`cloud bundles up to date (${names.join(', ')})`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
