'use strict'
// `aura-sign/akamai`: Akamai EdgeAuth (Auth Token 2.0) URL and ACL tokens,
// byte-identical to akamai-edgeauth 0.2.0 (style 'node') and 0.3.2 on PyPI
// (style 'python'); the default style signs what both produce and refuses
// what the edge could not split. The key (hex) is decoded once per signer.
// Every call reads the clock here (Date.now, so fake timers work) unless
// `now` (Unix seconds) is given.

const native = require('../native.cjs')
const { call } = require('../errors.cjs')
const { nowOr } = require('../clock.cjs')
const { wellFormed, wellFormedEach } = require('../text.cjs')
const { reveal } = require('../secret.cjs')

const STRINGS = ['ip', 'sessionId', 'payload', 'salt', 'fieldDelimiter', 'aclDelimiter']

function tokenOptions(o) {
  for (const k of STRINGS) wellFormed(k, o[k])
  return {
    style: o.style,
    ip: o.ip,
    startTime: o.startTime,
    endTime: o.endTime,
    windowSeconds: o.windowSeconds,
    sessionId: o.sessionId,
    payload: o.payload,
    salt: o.salt,
    fieldDelimiter: o.fieldDelimiter,
    aclDelimiter: o.aclDelimiter,
    escapeEarly: o.escapeEarly,
  }
}

const aclList = (acl) => (typeof acl === 'string' ? [acl] : acl)

/** `new EdgeAuthSigner(hexKey, { algorithm: 'sha256' | 'sha1' | 'md5' })`. */
class EdgeAuthSigner {
  #native

  constructor(key, options = {}) {
    this.#native = call(() => new native.NativeEdgeAuthSigner(reveal(key), options.algorithm ?? 'sha256'))
  }

  get algorithm() {
    return this.#native.algorithm
  }

  /** `{ token, stringToSign, start, expires }` for a URL token (the URL is hashed, not written). */
  urlTokenDetails(url, options = {}) {
    wellFormed('url', url)
    const o = tokenOptions(options)
    return call(() => this.#native.urlToken(url, nowOr(options.now), o))
  }

  /** As akamai-edgeauth's generateURLToken(url): the token text. */
  urlToken(url, options = {}) {
    return this.urlTokenDetails(url, options).token
  }

  /** `{ token, stringToSign, start, expires }` for an ACL token (one entry or a list). */
  aclTokenDetails(acl, options = {}) {
    const list = aclList(acl)
    wellFormedEach('acl', list)
    const o = tokenOptions(options)
    return call(() => this.#native.aclToken(list, nowOr(options.now), o))
  }

  /** As akamai-edgeauth's generateACLToken(acl): the token text. */
  aclToken(acl, options = {}) {
    return this.aclTokenDetails(acl, options).token
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `EdgeAuthSigner { algorithm: ${JSON.stringify(this.algorithm)}, <key> }`
  }

  toString() {
    return `EdgeAuthSigner(${this.algorithm})`
  }

  toJSON() {
    return { algorithm: this.algorithm }
  }
}

const claimsOf = (c) => ({
  ip: c.ip ?? null,
  start: c.start ?? null,
  expires: c.expires,
  acl: c.acl ?? null,
  sessionId: c.sessionId ?? null,
  payload: c.payload ?? null,
})

/**
 * The edge's side: `new EdgeAuthVerifier(keys, { algorithm, style, salt,
 * fieldDelimiter, aclDelimiter, escapeEarly })`. Valid while st <= now < exp.
 */
class EdgeAuthVerifier {
  #native

  constructor(keys, options = {}) {
    const list = (Array.isArray(keys) ? keys : [keys]).map(reveal)
    const { algorithm, ...settings } = options
    this.#native = call(() => new native.NativeEdgeAuthVerifier(list, algorithm ?? 'sha256', tokenOptions(settings)))
  }

  /** A URL token for `url` (path and query as the edge hashes them). */
  verifyUrl(token, url, options = {}) {
    return claimsOf(call(() => this.#native.verifyUrl(token, url, nowOr(options.now), options.viewerIp ?? null)))
  }

  /** An ACL token for a request to `path` (one ACL entry must match). */
  verifyAcl(token, path, options = {}) {
    return claimsOf(call(() => this.#native.verifyAcl(token, path, nowOr(options.now), options.viewerIp ?? null)))
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return 'EdgeAuthVerifier { <keys> }'
  }

  toString() {
    return 'EdgeAuthVerifier'
  }

  toJSON() {
    return {}
  }
}

module.exports = { EdgeAuthSigner, EdgeAuthVerifier }
