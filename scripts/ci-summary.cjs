#!/usr/bin/env node
'use strict'
// Adds up the JSON reports of the test runners (vitest and jest write the same
// numPassedTests / numFailedTests fields) into one plain closing line:
//   tests: 900 passed, 0 failed
// Exits non-zero when a report is missing, a test failed, or nothing ran.
const fs = require('fs')

const files = process.argv.slice(2)
let passed = 0
let failed = 0
for (const file of files) {
  if (!fs.existsSync(file)) {
    console.error(`missing test report: ${file}`)
    process.exit(1)
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
  console.log(`  ${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`)
}
console.log(`tests: ${passed} passed, ${failed} failed`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
