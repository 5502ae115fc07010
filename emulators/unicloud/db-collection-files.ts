/**
 * Reads a collection's files under `<root>/database/` of the project's cloud
 * roots (see cloud-roots.ts): its indexes
 * (`<coll>.index.json`, the format the uniCloud console exports) and its seed
 * data (`<coll>.init_data.json`). `<coll>.schema.json` is deliberately not read:
 * uniCloud does not enforce it for `uniCloud.database()` in cloud code either.
 */
import { readFileSync } from 'node:fs'
import { findInRoots } from './cloud-roots'

/** One index the runtime enforces. */
export interface IndexSpec {
  name: string
  fields: string[]
  unique: boolean
  sparse: boolean
}

interface MgoIndex {
  IndexName?: string
  MgoKeySchema?: {
    MgoIndexKeys?: Array<{ Name?: string; Direction?: string | number }>
    MgoIsUnique?: boolean
    MgoIsSparse?: boolean
  }
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'))
}

/** The indexes of `<coll>.index.json` (the implicit `_id` index is left out). */
export function readIndexSpecs(roots: readonly string[], collection: string): IndexSpec[] {
  const file = findInRoots(roots, `database/${collection}.index.json`)
  if (!file) return []
  const raw = readJson(file)
  if (!Array.isArray(raw)) throw new Error(`${collection}.index.json: expected an array`)
  return (raw as MgoIndex[]).flatMap((entry) => {
    const keys = entry.MgoKeySchema?.MgoIndexKeys ?? []
    const fields = keys.map((k) => k.Name).filter((n): n is string => typeof n === 'string' && n.length > 0)
    if (fields.length === 0 || (fields.length === 1 && fields[0] === '_id')) return []
    return [
      {
        name: entry.IndexName ?? fields.join('_'),
        fields,
        unique: entry.MgoKeySchema?.MgoIsUnique === true,
        sparse: entry.MgoKeySchema?.MgoIsSparse === true,
      },
    ]
  })
}

/** The documents of `<coll>.init_data.json`, or none. */
export function readSeedData(roots: readonly string[], collection: string): Record<string, unknown>[] {
  const file = findInRoots(roots, `database/${collection}.init_data.json`)
  if (!file) return []
  const raw = readJson(file)
  if (!Array.isArray(raw)) throw new Error(`${collection}.init_data.json: expected an array`)
  return raw as Record<string, unknown>[]
}
