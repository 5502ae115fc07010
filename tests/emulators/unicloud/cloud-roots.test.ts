import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createUniCloudRuntime, projectCloudRoots } from '../../../emulators/unicloud'

/**
 * A project's cloud code comes from its own uniCloud-aliyun and from each
 * uni_modules plugin's uniCloud, merged into one space as HBuilderX does.
 */
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, text)
}

function project(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'roots-'))
  dirs.push(root)
  // The app's own object, using a common module that a plugin ships.
  write(path.join(root, 'uniCloud-aliyun/cloudfunctions/app/index.obj.js'), "const h = require('greeter'); module.exports = { hello() { return { text: h.greet('app') } } }")
  write(path.join(root, 'uniCloud-aliyun/database/items.init_data.json'), JSON.stringify([{ _id: 'i1', name: 'seeded by the app' }]))
  // A plugin's object, common module and index.
  write(path.join(root, 'uni_modules/kit/uniCloud/cloudfunctions/kitObject/index.obj.js'), "module.exports = { async count() { const r = await uniCloud.database().collection('items').count(); return { total: r.total } } }")
  write(path.join(root, 'uni_modules/kit/uniCloud/cloudfunctions/common/greeter/index.js'), "exports.greet = (who) => 'hello ' + who")
  write(path.join(root, 'uni_modules/kit/uniCloud/database/items.index.json'), JSON.stringify([{ IndexName: 'name', MgoKeySchema: { MgoIndexKeys: [{ Name: 'name', Direction: '1' }], MgoIsUnique: true } }]))
  write(path.join(root, 'uni_modules/no-cloud/components/x/x.vue'), '<template><view /></template>')
  return root
}

describe('project cloud roots', () => {
  it('lists uniCloud-aliyun first, then each plugin that has a uniCloud folder', () => {
    const root = project()
    expect(projectCloudRoots(root)).toEqual([path.join(root, 'uniCloud-aliyun'), path.join(root, 'uni_modules/kit/uniCloud')])
  })

  it("serves the app's and the plugin's objects together, with the plugin's common module, index and the app's seed data", async () => {
    const root = project()
    const runtime = createUniCloudRuntime({ cloudRoot: projectCloudRoots(root), log: () => {} })
    try {
      expect(await runtime.invoke('app', 'hello', [])).toEqual({ text: 'hello app' })
      expect(await runtime.invoke('kitObject', 'count', [])).toEqual({ total: 1 })
      // The plugin's unique index applies to the collection the app seeded.
      await expect(runtime.database().collection('items').add({ name: 'seeded by the app' })).rejects.toThrow(/duplicate/i)
    } finally {
      await runtime.close()
    }
  })

  it('refuses an object defined by two roots, as an upload would', async () => {
    const root = project()
    write(path.join(root, 'uniCloud-aliyun/cloudfunctions/kitObject/index.obj.js'), 'module.exports = {}')
    const runtime = createUniCloudRuntime({ cloudRoot: projectCloudRoots(root), log: () => {} })
    try {
      await expect(runtime.invoke('kitObject', 'count', [])).rejects.toThrow(/defined more than once/)
    } finally {
      await runtime.close()
    }
  })
})
