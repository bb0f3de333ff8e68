'use strict'
// The native addon, from one of two places (the napi-rs v3 layout):
//  1. the development build in ../native/ (`npm run build`, the generated
//     napi-rs loader), which the published package does not ship — first,
//     so a checkout always tests what it just built;
//  2. the platform package npm installed from `optionalDependencies`
//     (`aura-sign-linux-x64-gnu`, …; npm picks the one whose os/cpu/libc
//     match, so on Linux the first of -gnu/-musl that resolves is the one),
//     which must carry exactly this package's version.
const { existsSync } = require('node:fs')
const path = require('node:path')
const { version } = require('../package.json')

const { platform, arch } = process
const abis = { linux: ['-gnu', '-musl'], win32: ['-msvc'] }[platform] ?? ['']
const candidates = abis.map((abi) => `aura-sign-${platform}-${arch}${abi}`)
const errors = []

function load() {
  const dev = path.join(__dirname, '..', 'native', 'index.cjs')
  if (existsSync(dev)) {
    try {
      return require(dev)
    } catch (e) {
      errors.push(`../native/index.cjs (a development build): ${e.message.split('\n')[0]}`)
    }
  }
  for (const name of candidates) {
    let binding
    try {
      binding = require(name)
    } catch (e) {
      errors.push(`${name}: ${e.message.split('\n')[0]}`)
      continue
    }
    const found = require(`${name}/package.json`).version
    if (found !== version) throw new Error(`aura-sign ${version} found ${name} ${found}; the two versions must match (reinstall aura-sign)`)
    return binding
  }
  throw new Error(`aura-sign: no native addon for ${platform}-${arch}. Tried:\n  ${errors.join('\n  ')}\n` +
    `npm installs the platform package from optionalDependencies: reinstall without --omit=optional / --no-optional.`)
}

module.exports = load()
