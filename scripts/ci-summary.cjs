#!/usr/bin/env node
'use strict'
// Adds up the JSON reports of the test runners (vitest and jest write the same
// numPassedTests / numFailedTests fields) into one plain closing line:
//   900 passed, 0 failed
// A report not written (its runner never started, the run stopped earlier) is
// named as not run. Exits non-zero when a report is missing, a test failed, or
// nothing ran.
const fs = require('fs')

const files = process.argv.slice(2)
let passed = 0
let failed = 0
let missing = 0
for (const file of files) {
  if (!fs.existsSync(file)) {
    console.log(`  ${file}: not run`)
    missing++
    continue
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
  console.log(`  ${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`)
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 || missing > 0 || passed === 0 ? 1 : 0)
