import { existsSync } from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { measureMiniProgram, printReport } from '../scripts/size-report'

const root = path.resolve(__dirname, '..')

/** The mini program's size (builds it when dist/build/mp-weixin is missing). */
export async function run(): Promise<void> {
  const dir = path.join(root, 'dist/build/mp-weixin')
  if (!existsSync(path.join(dir, 'app.json'))) {
    spawnSync(process.execPath, [path.join(root, 'scripts/uni.cjs'), 'build', 'mp-weixin'], { cwd: root, stdio: 'inherit' })
  }
  printReport('mp-weixin build', measureMiniProgram(dir))
}
