/**
 * Where a project's cloud code lives, as HBuilderX merges it into one space:
 * the project's own `uniCloud-aliyun/` plus the `uniCloud/` folder of every
 * uni_modules plugin. The runtime reads cloud objects, common modules and
 * database files from all of them; one name defined twice is an error, as it
 * is for an upload.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

/** The uniCloud folders of a uni-app project: `uniCloud-aliyun`, then `uni_modules/<plugin>/uniCloud` by plugin id. */
export function projectCloudRoots(projectRoot: string): string[] {
  const roots: string[] = []
  const own = path.join(projectRoot, 'uniCloud-aliyun')
  if (existsSync(own)) roots.push(own)
  const modules = path.join(projectRoot, 'uni_modules')
  if (existsSync(modules)) {
    for (const plugin of readdirSync(modules).sort()) {
      const dir = path.join(modules, plugin, 'uniCloud')
      if (existsSync(dir) && statSync(dir).isDirectory()) roots.push(dir)
    }
  }
  return roots
}

/** The roots as a list of absolute paths (a single root is accepted too). */
export function normaliseRoots(roots: string | readonly string[]): string[] {
  return (typeof roots === 'string' ? [roots] : [...roots]).map((root) => path.resolve(root))
}

/** The one root-relative file `rel` names, or undefined; more than one is a conflict. */
export function findInRoots(roots: readonly string[], rel: string): string | undefined {
  const found = roots.map((root) => path.join(root, rel)).filter((file) => existsSync(file))
  if (found.length > 1) throw new Error(`${rel} is defined more than once: ${found.join(', ')}`)
  return found[0]
}
