'use strict'
// A minimal module compatible with DCloud's uni-config-center convention:
// require('uni-config-center')({ pluginId }).config() returns <pluginId>/config.json.
// If your space already has DCloud's uni-config-center, keep it: only the
// uni-wx-kit/ folder beside this file belongs to this project.
const fs = require('fs')
const path = require('path')

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'))
}

module.exports = function createConfig({ pluginId }) {
  const dir = path.join(__dirname, pluginId)
  let cache
  return {
    pluginId,
    config(key) {
      if (cache === undefined) {
        const file = path.join(dir, 'config.json')
        cache = fs.existsSync(file) ? readJson(file) : {}
      }
      if (!key) return cache
      return key.split('.').reduce((v, k) => (v == null ? undefined : v[k]), cache)
    },
    resolve(file) {
      return path.join(dir, file)
    },
    hasFile(file) {
      return fs.existsSync(path.join(dir, file))
    },
    requireFile(file) {
      return require(path.join(dir, file))
    },
  }
}
