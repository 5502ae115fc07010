/**
 * Size of a mini-program build: the sum of its file sizes, the main package and
 * each subpackage apart, and the largest files — and the same for a BASELINE:
 * an empty uni-app app with Pinia whose one page calls one cloud object, built
 * in a temp folder with this repository's node_modules (a symlink, so the
 * versions are exactly ours) and the same manifest settings; both embed the
 * uniCloud SDK with a space. The budget: our main package (what every launch
 * downloads) at most 1.5× the baseline's.
 *
 *   npx tsx scripts/size-report.ts [dist/build/mp-weixin] [--no-baseline]
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface SizeReport {
  total: number
  main: number
  subpackages: Record<string, number>
  largest: Array<{ file: string; bytes: number }>
}

/** The budget: our build may be at most this many times the baseline. */
export const BUDGET_RATIO = 1.5

const REPO_ROOT = path.resolve(__dirname, '..')

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)],
  )
}

/** Measure a built mini program folder. */
export function measureMiniProgram(dir: string): SizeReport {
  const app = JSON.parse(readFileSync(path.join(dir, 'app.json'), 'utf8')) as {
    subPackages?: Array<{ root: string }>
    subpackages?: Array<{ root: string }>
  }
  const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/?$/, '/'))
  const report: SizeReport = { total: 0, main: 0, subpackages: {}, largest: [] }
  const files = walk(dir).map((file) => ({ file: path.relative(dir, file).split(path.sep).join('/'), bytes: statSync(file).size }))
  for (const { file, bytes } of files) {
    report.total += bytes
    const root = roots.find((r) => file.startsWith(r))
    if (root) report.subpackages[root] = (report.subpackages[root] ?? 0) + bytes
    else report.main += bytes
  }
  report.largest = files.sort((a, b) => b.bytes - a.bytes).slice(0, 8)
  return report
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`

/** Print a report the way CI and the benchmark show it. */
export function printReport(label: string, r: SizeReport): void {
  console.log(`${label}: total ${kib(r.total)} (${r.total} bytes), main package ${kib(r.main)}`)
  for (const [root, bytes] of Object.entries(r.subpackages)) console.log(`  subpackage ${root}: ${kib(bytes)}`)
  console.log('  largest files:')
  for (const f of r.largest) console.log(`    ${kib(f.bytes).padStart(10)}  ${f.file}`)
}

/** Our build against the baseline: total and main package ratios. */
export function compare(ours: SizeReport, baseline: SizeReport): { total: number; main: number } {
  return { total: ours.total / baseline.total, main: ours.main / baseline.main }
}

/** Print the ratios and whether the budget holds (on the main package: what every launch downloads). */
export function printComparison(ours: SizeReport, baseline: SizeReport): boolean {
  const ratio = compare(ours, baseline)
  const ok = ratio.main <= BUDGET_RATIO
  console.log(
    `ratio to baseline: total ${ratio.total.toFixed(2)}× (${kib(ours.total)} / ${kib(baseline.total)}), ` +
      `main package ${ratio.main.toFixed(2)}× (${kib(ours.main)} / ${kib(baseline.main)}); ` +
      `main-package budget ${BUDGET_RATIO}× ${ok ? 'met' : 'EXCEEDED'}`,
  )
  return ok
}

// The baseline app: what every uni-app + Pinia + uniCloud mini program ships at least.
// Manifest settings are copied from ours so minification and lazy code loading match.
function baselineFiles(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'manifest.json'), 'utf8')) as Record<string, unknown>
  // uni-app finds its platform plugins through the project's declared dependencies.
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>
  return {
    'package.json': JSON.stringify({ name: 'size-baseline', version: '0.0.0', private: true, dependencies: pkg.dependencies, devDependencies: pkg.devDependencies }),
    'manifest.json': JSON.stringify({ ...manifest, name: 'size-baseline' }, null, 2),
    'pages.json': JSON.stringify({ pages: [{ path: 'pages/index/index', style: { navigationBarTitleText: 'baseline' } }] }, null, 2),
    'index.html': readFileSync(path.join(REPO_ROOT, 'index.html'), 'utf8'),
    'vite.config.ts': `import { defineConfig } from 'vite'\nimport uni from '@dcloudio/vite-plugin-uni'\nexport default defineConfig({ plugins: [uni()] })\n`,
    'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2020', module: 'ESNext', moduleResolution: 'Bundler', strict: true, types: ['@dcloudio/types'] } }),
    'main.ts': [
      `import { createSSRApp } from 'vue'`,
      `import * as Pinia from 'pinia'`,
      `import App from './App.vue'`,
      `export function createApp() {`,
      `  const app = createSSRApp(App)`,
      `  app.use(Pinia.createPinia())`,
      `  return { app, Pinia }`,
      `}`,
      ``,
    ].join('\n'),
    'App.vue': `<script setup lang="ts">\nimport { onLaunch } from '@dcloudio/uni-app'\nonLaunch(() => {})\n</script>\n`,
    'stores/greeting.ts': [
      `import { defineStore } from 'pinia'`,
      `import { ref } from 'vue'`,
      `export const useGreetingStore = defineStore('greeting', () => {`,
      `  const text = ref('')`,
      `  async function load() {`,
      `    const hello = uniCloud.importObject('hello', { customUI: true })`,
      `    text.value = (await hello.greet()).text`,
      `  }`,
      `  return { text, load }`,
      `})`,
      ``,
    ].join('\n'),
    'pages/index/index.vue': [
      `<script setup lang="ts">`,
      `import { onLoad } from '@dcloudio/uni-app'`,
      `import { useGreetingStore } from '../../stores/greeting'`,
      `const store = useGreetingStore()`,
      `onLoad(() => store.load())`,
      `</script>`,
      `<template><view>{{ store.text }}</view></template>`,
      ``,
    ].join('\n'),
    'uniCloud-aliyun/cloudfunctions/hello/index.obj.js': `module.exports = { greet() { return { text: 'hello' } } }\n`,
    'uniCloud-aliyun/cloudfunctions/hello/package.json': JSON.stringify({ name: 'hello', main: 'index.obj.js' }),
  }
}

const { localSpace } = require('./uni.cjs') as { localSpace(): object[] }

/**
 * Build the baseline mini program in a temp folder and measure it. Uses the
 * same CLI and node_modules as ours (symlinked), with an absolute
 * UNI_INPUT_DIR as scripts/uni.cjs does.
 */
export function measureBaseline(options: { keep?: boolean; log?: (line: string) => void } = {}): SizeReport {
  const dir = mkdtempSync(path.join(tmpdir(), 'uni-size-baseline-'))
  try {
    for (const [file, text] of Object.entries(baselineFiles())) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
      writeFileSync(path.join(dir, file), text)
    }
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
    const cli = require.resolve('@dcloudio/vite-plugin-uni/bin/uni.js', { paths: [REPO_ROOT] })
    const env: NodeJS.ProcessEnv = { ...process.env, UNI_INPUT_DIR: dir, NODE_ENV: 'production' }
    // The repository's dev/e2e variables must not leak into the baseline build.
    for (const key of ['UNI_OUTPUT_DIR', 'UNI_CLOUD_SPACES', 'UNI_CLOUD_PROVIDER', 'UNI_AUTOMATOR_WS_ENDPOINT', 'VITE_WX_EMULATOR_URL']) delete env[key]
    // The baseline calls a cloud object, so it embeds the uniCloud SDK with a space, as ours does (--local-space).
    env.UNI_CLOUD_SPACES = JSON.stringify(localSpace())
    const result = spawnSync(process.execPath, [cli, 'build', '-p', 'mp-weixin'], { cwd: dir, env, encoding: 'utf8' })
    if (result.status !== 0) {
      throw new Error(`baseline build failed (${result.status}):\n${result.stdout}\n${result.stderr}`)
    }
    options.log?.(`baseline built in ${dir}`)
    return measureMiniProgram(path.join(dir, 'dist/build/mp-weixin'))
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true })
  }
}

if (require.main === module) {
  const args = process.argv.slice(2)
  const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'dist/build/mp-weixin')
  const ours = measureMiniProgram(dir)
  printReport(`mini program ${path.relative(process.cwd(), dir)}`, ours)
  if (!args.includes('--no-baseline')) {
    const baseline = measureBaseline({ keep: args.includes('--keep-baseline'), log: console.log })
    printReport('baseline (uni-app + Pinia + one cloud object)', baseline)
    printComparison(ours, baseline)
  }
}
