/**
 * A CPU profile of some work in this process (node:inspector's Profiler, the
 * sampler behind `--cpu-prof`), summarised by self time: per function, per
 * place the code lives (nedb, the runtime, the kit, Node…), and the time spent
 * under chosen functions (inclusive). What a benchmark says about where its
 * time goes comes from here, never from a sentence written in advance.
 */
import { Session } from 'node:inspector'
import path from 'node:path'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}
interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** One function's self time. */
export interface FunctionTime {
  name: string
  /** `file:line` relative to the repository or node_modules. */
  where: string
  area: string
  selfMs: number
}

/** A profile summarised. */
export interface ProfileSummary {
  totalMs: number
  /** Functions by self time, largest first. */
  functions: FunctionTime[]
  /** Self time per area, largest first. */
  areas: Array<{ area: string; selfMs: number }>
  /** Time under each function asked for (inclusive, each sample counted once), and its largest self-time callees. */
  under: Map<string, { ms: number; top: FunctionTime[] }>
}

const REPO_ROOT = path.resolve(__dirname, '../..')

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))))
}

function fileOf(url: string): string {
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url
  const modules = file.lastIndexOf('node_modules/')
  if (modules >= 0) return file.slice(modules + 'node_modules/'.length)
  return file.startsWith(REPO_ROOT) ? path.relative(REPO_ROOT, file) : file
}

/** Where a function lives, coarsely: the package, or the repository folder. */
function areaOf(frame: CallFrame): string {
  const file = fileOf(frame.url)
  if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : 'V8 / native'
  if (frame.url.startsWith('node:')) return 'node core'
  if (frame.url.includes('node_modules/')) {
    const parts = file.split('/')
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]
  }
  const [top, second] = file.split('/')
  if (top === 'emulators') return `emulators/${second}`
  if (top === 'uni_modules') return 'cloud bundles (built)'
  return top
}

function summarise(profile: Profile, underNames: readonly string[]): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const selfUs = new Map<number, number>()
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample stands for the time until the next one.
    const dt = profile.timeDeltas[i + 1] ?? 0
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt)
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0)
  const keyOf = (f: CallFrame) => `${f.functionName || '(anonymous)'}\u0000${fileOf(f.url)}:${f.lineNumber + 1}`
  const fold = (ids: Iterable<number>): FunctionTime[] => {
    const functions = new Map<string, FunctionTime>()
    for (const id of ids) {
      const node = byId.get(id)
      const us = selfUs.get(id) ?? 0
      if (!node || us === 0) continue
      const key = keyOf(node.callFrame)
      const entry = functions.get(key) ?? {
        name: node.callFrame.functionName || '(anonymous)',
        // Lines are the generated code's: only plain .js files keep the source's.
        where: node.callFrame.url ? `${fileOf(node.callFrame.url)}${/\.c?js$/.test(node.callFrame.url) ? `:${node.callFrame.lineNumber + 1}` : ''}` : '',
        area: areaOf(node.callFrame),
        selfMs: 0,
      }
      entry.selfMs += us / 1000
      functions.set(key, entry)
    }
    return [...functions.values()].sort((a, b) => b.selfMs - a.selfMs)
  }
  const functions = fold(byId.keys())
  const areas = new Map<string, number>()
  for (const f of functions) areas.set(f.area, (areas.get(f.area) ?? 0) + f.selfMs)

  const under = new Map<string, { ms: number; top: FunctionTime[] }>()
  for (const name of underNames) {
    const inside = new Set<number>()
    const mark = (id: number) => {
      if (inside.has(id)) return
      inside.add(id)
      for (const child of byId.get(id)?.children ?? []) mark(child)
    }
    for (const node of profile.nodes) if (node.callFrame.functionName === name) mark(node.id)
    const ms = [...inside].reduce((sum, id) => sum + (selfUs.get(id) ?? 0), 0) / 1000
    under.set(name, { ms, top: fold(inside).slice(0, 5) })
  }
  return {
    totalMs: totalUs / 1000,
    functions,
    areas: [...areas].map(([area, selfMs]) => ({ area, selfMs })).sort((a, b) => b.selfMs - a.selfMs),
    under,
  }
}

/** Run `work` under the CPU profiler (sampling every `intervalUs`) and summarise where its time went. */
export async function profileSelfTime<T>(
  work: () => Promise<T>,
  options: { intervalUs?: number; under?: readonly string[] } = {},
): Promise<{ result: T; summary: ProfileSummary }> {
  const session = new Session()
  session.connect()
  try {
    await post(session, 'Profiler.enable')
    await post(session, 'Profiler.setSamplingInterval', { interval: options.intervalUs ?? 100 })
    await post(session, 'Profiler.start')
    const outcome = await work().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    )
    const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop')
    if (!outcome.ok) throw outcome.error
    return { result: outcome.value, summary: summarise(profile, options.under ?? []) }
  } finally {
    session.disconnect()
  }
}
