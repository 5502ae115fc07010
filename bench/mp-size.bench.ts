import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { measureBaseline, measureMiniProgram, printComparison, printReport } from '../scripts/size-report'

const root = path.resolve(__dirname, '..')

/**
 * The mini program's size against the baseline (an empty uni-app app with
 * Pinia calling one cloud object, built with the same versions). Both are
 * built fresh, so the figures never come from a stale dist/.
 */
export async function run(): Promise<void> {
  const dir = path.join(root, 'dist/build/mp-weixin')
  const built = spawnSync(process.execPath, [path.join(root, 'scripts/uni.cjs'), 'build', 'mp-weixin', '--local-space'], { cwd: root, stdio: 'ignore' })
  if (built.status !== 0) throw new Error('build:mp-weixin failed: run `npm run build:mp-weixin` to see why')
  const ours = measureMiniProgram(dir)
  printReport('mp-weixin build', ours)
  const baseline = measureBaseline()
  printReport('baseline (uni-app + Pinia + one cloud object)', baseline)
  printComparison(ours, baseline)
}
