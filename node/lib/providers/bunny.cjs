'use strict'
// `aura-sign/bunny`: Bunny CDN token authentication (`HS256-` tokens), byte-
// identical to BunnyWay's official signers 2.1.0 (styles 'node', 'python',
// 'go', 'rust', 'php'); the 'default' style gives the Python signer's bytes
// and refuses inputs where that URL is not what a client will request. The
// clock is read here (Date.now, so fake timers work) unless `now` is given.

const native = require('../native.cjs')
const { call } = require('../errors.cjs')
const { nowOr } = require('../clock.cjs')
const { wellFormed } = require('../text.cjs')
const { reveal } = require('../secret.cjs')

const TEXT = ['userIp', 'pathAllowed', 'countriesAllowed', 'countriesBlocked']

function signOptions(o) {
  for (const k of TEXT) wellFormed(k, o[k])
  return {
    style: o.style,
    expirationTime: o.expirationTime,
    expiresAt: o.expiresAt,
    userIp: o.userIp,
    isDirectory: o.isDirectory,
    pathAllowed: o.pathAllowed,
    countriesAllowed: o.countriesAllowed,
    countriesBlocked: o.countriesBlocked,
    ignoreParams: o.ignoreParams,
    speedLimit: o.speedLimit,
  }
}

/** `new BunnySigner(securityKey)`: the pull zone's token authentication key. */
class BunnySigner {
  #native

  constructor(securityKey) {
    wellFormed('securityKey', securityKey)
    this.#native = call(() => new native.NativeBunnySigner(reveal(securityKey)))
  }

  /** `{ url, token, expires, signaturePath, signingData }`. */
  signDetails(url, options = {}) {
    wellFormed('url', url)
    const o = signOptions(options)
    return call(() => this.#native.sign(url, nowOr(options.now), o))
  }

  /** As the official signers' signUrl: the signed URL. */
  signUrl(url, options = {}) {
    return this.signDetails(url, options).url
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return 'BunnySigner { <security key> }'
  }

  toString() {
    return 'BunnySigner'
  }

  toJSON() {
    return {}
  }
}

/** Keys (rotation); `verify(url, { now, viewerIp, viewerCountry })` → what the URL grants. */
class BunnyVerifier {
  #native

  constructor(keys) {
    const list = (Array.isArray(keys) ? keys : [keys]).map(reveal)
    this.#native = call(() => new native.NativeBunnyVerifier(list))
  }

  verify(url, options = {}) {
    const t = call(() => this.#native.verify(url, nowOr(options.now), options.viewerIp ?? null, options.viewerCountry ?? null))
    return {
      expires: t.expires,
      directory: t.directory,
      ipLocked: t.ipLocked,
      pathAllowed: t.pathAllowed ?? null,
      countriesAllowed: t.countriesAllowed ?? null,
      countriesBlocked: t.countriesBlocked ?? null,
      speedLimit: t.speedLimit ?? null,
      ignoreParams: t.ignoreParams,
    }
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return 'BunnyVerifier { <keys> }'
  }

  toString() {
    return 'BunnyVerifier'
  }

  toJSON() {
    return {}
  }
}

module.exports = { BunnySigner, BunnyVerifier }
