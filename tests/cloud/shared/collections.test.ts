import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COLLECTION_PREFIX, COLLECTIONS } from '../../../cloud/shared/collections'

/** The kit's collections are namespaced, and the plugin ships a schema for each one the code uses. */
describe('collections', () => {
  const database = readdirSync('uni_modules/wxkit-login-pay/uniCloud/database')

  it('all carry the documented prefix', () => {
    for (const name of Object.values(COLLECTIONS)) expect(name.startsWith(COLLECTION_PREFIX)).toBe(true)
  })

  it('the plugin has a schema for exactly the collections the code uses, and every database file is namespaced', () => {
    const schemas = database.filter((f) => f.endsWith('.schema.json')).map((f) => f.replace('.schema.json', ''))
    expect(schemas.sort()).toEqual(Object.values(COLLECTIONS).sort())
    for (const file of database) expect(file.startsWith(COLLECTION_PREFIX)).toBe(true)
  })
})
