#!/usr/bin/env node
'use strict'
// Runs the uni-app CLI with the repository root as its input folder.
// UNI_INPUT_DIR must be ABSOLUTE: with a relative "." the CLI builds without an
// error but leaves static/ out of the output. path.resolve works on Windows too,
// where HBuilderX users mostly are (a POSIX-only $PWD would not).
//   node scripts/uni.cjs dev h5 | dev mp-weixin | build h5 | build mp-weixin
const path = require('path')
const { spawn } = require('child_process')

const [mode, platform, ...rest] = process.argv.slice(2)
if (!['dev', 'build'].includes(mode) || !['h5', 'mp-weixin'].includes(platform)) {
  console.error('usage: node scripts/uni.cjs <dev|build> <h5|mp-weixin> [uni options]')
  process.exit(2)
}

const root = path.resolve(__dirname, '..')
const cli = require.resolve('@dcloudio/vite-plugin-uni/bin/uni.js', { paths: [root] })
const args = [cli, ...(mode === 'build' ? ['build'] : []), '-p', platform, ...rest]
const env = { ...process.env, UNI_INPUT_DIR: root }

const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' })
const forward = (signal) => () => child.kill(signal)
process.on('SIGINT', forward('SIGINT'))
process.on('SIGTERM', forward('SIGTERM'))
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)))
