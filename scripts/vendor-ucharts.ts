/**
 * Copies uCharts (`@qiun/ucharts`, exact-pinned in package.json) into the
 * console's subpackage, where the mini-program build keeps it: this uni-app
 * version puts every file under the project's top-level node_modules into the
 * MAIN package's common/vendor.js, even when only a subpackage imports it
 * (docs/charts.md), while a project file under a subpackage root is emitted
 * inside that subpackage. The copy is committed with the plugin, so a
 * merchant's project gets it with the pages and needs no npm install.
 *
 *   npx tsx scripts/vendor-ucharts.ts           refresh the copy (after changing the pinned version)
 *   npx tsx scripts/vendor-ucharts.ts --check   fail when the copy differs from the pinned package
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(__dirname, '..')
/** The pinned package's minified ESM build (its licence header kept). */
export const UCHARTS_SOURCE = path.join(root, 'node_modules/@qiun/ucharts/u-charts.min.js')
/** The copy the console's chart imports. */
export const UCHARTS_COPY = path.join(root, 'uni_modules/wxkit-login-pay/pages/console/vendor/u-charts.js')

/** Whether the committed copy is byte for byte the pinned package's file. */
export function vendoredCopyIsCurrent(): boolean {
  return existsSync(UCHARTS_COPY) && readFileSync(UCHARTS_COPY).equals(readFileSync(UCHARTS_SOURCE))
}

function main(): number {
  if (process.argv.includes('--check')) {
    if (vendoredCopyIsCurrent()) return 0
    console.error(`${path.relative(root, UCHARTS_COPY)} differs from @qiun/ucharts: run npx tsx scripts/vendor-ucharts.ts`)
    return 1
  }
  writeFileSync(UCHARTS_COPY, readFileSync(UCHARTS_SOURCE))
  console.log(`@qiun/ucharts -> ${path.relative(root, UCHARTS_COPY)}`)
  return 0
}

if (require.main === module) process.exit(main())
