#!/usr/bin/env node
'use strict'
// Runs the uni-app CLI with the repository root as its input folder.
// UNI_INPUT_DIR must be ABSOLUTE: with a relative "." the CLI builds without an
// error but leaves static/ out of the output. path.resolve works on Windows too,
// where HBuilderX users mostly are (a POSIX-only $PWD would not).
//
//   node scripts/uni.cjs dev h5 | dev mp-weixin | build h5 | build mp-weixin [--local-space] [uni options]
//
// The uniCloud space: a CLI build embeds the space the uniCloud plugin finds in
// UNI_CLOUD_SPACES; with none it leaves the SDK out and every cloud call fails
// at run time. So a build takes the space from, in order:
//   1. UNI_CLOUD_SPACES (the JSON array the uniCloud plugin reads), as given;
//   2. --local-space: the local runtime of `npm run dev` (127.0.0.1:RUNTIME_PORT),
//      for builds that are measured or tested here, never shipped;
//   3. cloud-space.json at the repository root (git-ignored; see
//      cloud-space.example.json and the README, "Production builds from the CLI").
// A build with none of them fails with a message saying so; a dev build warns.
// HBuilderX's own run and publish menus do not use this script.
const fs = require('fs')
const path = require('path')
const { spawn } = require('child_process')

const root = path.resolve(__dirname, '..')
const SPACE_FILE = path.join(root, 'cloud-space.json')

/** The local runtime's space (emulators/start.ts uses the same id and secret). */
function localSpace() {
  const port = Number(process.env.RUNTIME_PORT || 7300)
  return [{ provider: 'aliyun', id: 'local-space', name: 'local', clientSecret: 'local-client-secret', apiEndpoint: `http://127.0.0.1:${port}` }]
}

/** Problems of a space file's contents, by field (never the values: clientSecret is a secret). */
function spaceFileProblems(space) {
  const problems = []
  if (!space || typeof space !== 'object' || Array.isArray(space)) return ['the file must hold one JSON object']
  if (space.provider !== undefined && space.provider !== 'aliyun') problems.push('provider: only "aliyun" is supported')
  if (typeof space.spaceId !== 'string' || !/^[A-Za-z0-9-]{4,64}$/.test(space.spaceId)) problems.push('spaceId: missing or not a space id (uniCloud console → 服务空间列表)')
  if (typeof space.clientSecret !== 'string' || space.clientSecret.length < 8 || /\s/.test(space.clientSecret)) {
    problems.push('clientSecret: missing or malformed (uniCloud console → 服务空间列表 → the space)')
  }
  if (space.apiEndpoint !== undefined && !/^https:\/\/[^\s/]+/.test(String(space.apiEndpoint))) problems.push('apiEndpoint: must be an https URL when given')
  return problems
}

/** UNI_CLOUD_SPACES for this run (`spaces`), or why there is none (`missing`). */
function resolveSpaces(flags, env = process.env, spaceFile = SPACE_FILE) {
  if (env.UNI_CLOUD_SPACES) return { spaces: env.UNI_CLOUD_SPACES, from: 'UNI_CLOUD_SPACES' }
  if (flags.localSpace) return { spaces: JSON.stringify(localSpace()), from: 'the local runtime (--local-space)' }
  if (!fs.existsSync(spaceFile)) return { missing: 'no uniCloud space: set UNI_CLOUD_SPACES, or create cloud-space.json (see cloud-space.example.json)' }
  let space
  try {
    space = JSON.parse(fs.readFileSync(spaceFile, 'utf8'))
  } catch {
    return { missing: 'cloud-space.json is not valid JSON' }
  }
  const problems = spaceFileProblems(space)
  if (problems.length) return { missing: `cloud-space.json: ${problems.join('; ')}` }
  const entry = { provider: 'aliyun', id: space.spaceId, name: space.name || space.spaceId, clientSecret: space.clientSecret }
  if (space.apiEndpoint) entry.apiEndpoint = space.apiEndpoint
  return { spaces: JSON.stringify([entry]), from: 'cloud-space.json' }
}

function main() {
  const [mode, platform, ...rest] = process.argv.slice(2)
  if (!['dev', 'build'].includes(mode) || !['h5', 'mp-weixin'].includes(platform)) {
    console.error('usage: node scripts/uni.cjs <dev|build> <h5|mp-weixin> [--local-space] [uni options]')
    process.exit(2)
  }
  const flags = { localSpace: rest.includes('--local-space') }
  const uniArgs = rest.filter((arg) => arg !== '--local-space')
  const env = { ...process.env, UNI_INPUT_DIR: root }
  const resolved = resolveSpaces(flags)
  if (resolved.spaces) {
    env.UNI_CLOUD_SPACES = resolved.spaces
    if (mode === 'build') console.log(`[uni] uniCloud space from ${resolved.from}`)
  } else if (mode === 'build') {
    console.error(`[uni] ${resolved.missing}.`)
    console.error('[uni] Without a space the app would be built without uniCloud and every cloud call would fail. README → "Production builds from the CLI".')
    process.exit(1)
  } else {
    console.warn(`[uni] warning: ${resolved.missing}; cloud calls will fail in this dev build.`)
  }

  const cli = require.resolve('@dcloudio/vite-plugin-uni/bin/uni.js', { paths: [root] })
  const args = [cli, ...(mode === 'build' ? ['build'] : []), '-p', platform, ...uniArgs]
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' })
  const forward = (signal) => () => child.kill(signal)
  process.on('SIGINT', forward('SIGINT'))
  process.on('SIGTERM', forward('SIGTERM'))
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)))
}

if (require.main === module) main()

module.exports = { resolveSpaces, spaceFileProblems, localSpace }
