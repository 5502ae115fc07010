/**
 * Size of a mini-program build: the sum of its file sizes, the main package and
 * each subpackage apart, and the largest files.
 *   npx tsx scripts/size-report.ts dist/build/mp-weixin
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

export interface SizeReport {
  total: number
  main: number
  subpackages: Record<string, number>
  largest: Array<{ file: string; bytes: number }>
}

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

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? 'dist/build/mp-weixin')
  printReport(`mini program ${path.relative(process.cwd(), dir)}`, measureMiniProgram(dir))
}
