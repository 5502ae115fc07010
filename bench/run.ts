/**
 * `npm run bench`: speed and size figures (never asserted in tests). Each
 * benchmark is a module in bench/ exporting `run(): Promise<void>` that prints
 * its own lines; they run one after another in one process.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'

async function main(): Promise<void> {
  const only = process.argv[2]
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !only || f.startsWith(only))
    .sort()
  for (const file of files) {
    console.log(`\n## ${file.replace('.bench.ts', '')}`)
    const mod = (await import(path.join(__dirname, file))) as { run: () => Promise<void> }
    await mod.run()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
