/** Shared set-up for the uniCloud runtime tests: the fixture cloudRoot and a quiet runtime. */
import { fileURLToPath } from 'node:url'
import { createUniCloudRuntime, type UniCloudRuntime, type UniCloudRuntimeOptions } from '../../../emulators/unicloud'

/** The fixture uniCloud-aliyun folder. */
export const FIXTURE_ROOT = fileURLToPath(new URL('../../fixtures/unicloud', import.meta.url))

/** A runtime on the fixtures whose log lines are kept in `logs` instead of printed. */
export function fixtureRuntime(options: Partial<UniCloudRuntimeOptions> = {}): { runtime: UniCloudRuntime; logs: string[] } {
  const logs: string[] = []
  const runtime = createUniCloudRuntime({
    cloudRoot: FIXTURE_ROOT,
    config: { 'demo-plugin': { greeting: 'hi', nested: { depth: 2 } } },
    log: (line) => logs.push(line),
    ...options,
  })
  return { runtime, logs }
}
