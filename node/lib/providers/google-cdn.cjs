'use strict'
// `aura-sign/google-cdn`: Google Cloud CDN (HMAC-SHA1) and Media CDN
// (Ed25519; HMAC tokens) signed URLs, URL prefixes, cookies, path components
// and dual tokens, byte-identical to Google's Python samples
// (cdn/snippets.py, media_cdn/snippets.py, media_cdn/dualtoken.py); and the
// verifiers Google does not ship. Keys are decoded once per signer. Times are
// whole Unix seconds (or a Date, truncated to seconds as the samples'
// `int(total_seconds())`); `now` defaults to the clock read here (Date.now,
// so fake timers work).

const native = require('../native.cjs')
const { call, InvalidInput } = require('../errors.cjs')
const { nowOr } = require('../clock.cjs')
const { wellFormed } = require('../text.cjs')
const { reveal } = require('../secret.cjs')

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/** A Date as Unix seconds (truncated toward zero, as Python's int()); anything else as it is (checked natively). */
const secondsOf = (v) => (v instanceof Date ? Math.trunc(v.getTime() / 1000) : (v ?? undefined))

function expiryOf(o) {
  return { expires: secondsOf(o.expires), expiresIn: o.expiresIn ?? undefined }
}

const optionsOf = (options) => options ?? {}

const detailsOf = (s) => ({ value: s.value, stringToSign: s.stringToSign })

const grantOf = (g) => ({ keyName: g.keyName, expires: g.expires, urlPrefix: g.urlPrefix ?? null })

/** Uint8Array / Buffer / ArrayBuffer as a Uint8Array; anything else as it is (refused natively). */
const bytesOf = (v) => (v instanceof ArrayBuffer ? new Uint8Array(v) : v)

/**
 * `{ name: value }` (Node's request headers: an array value is joined with
 * ', ', undefined skipped) or the sample's `[{ name, value }]`.
 */
function headerList(what, headers, joinArrays) {
  if (headers === undefined || headers === null) return undefined
  let list
  if (Array.isArray(headers)) list = headers.map((h) => ({ name: h?.name, value: h?.value }))
  else if (typeof headers === 'object') {
    list = Object.entries(headers)
      .filter(([, v]) => v !== undefined)
      .map(([name, value]) => ({ name, value: joinArrays && Array.isArray(value) ? value.join(', ') : value }))
  } else throw new InvalidInput('invalid_input', `${what} must be an object of name: value or a list of { name, value }`)
  for (const h of list) {
    wellFormed(`${what} name`, h.name)
    wellFormed(`${what} value`, h.value)
  }
  return list
}

/** Key-name-keyed entries: `{ name: key }`, a Map, or a list of `{ keyName, [field] }`. */
function namedEntries(what, keys, field) {
  if (keys === undefined || keys === null) return []
  if (Array.isArray(keys)) return keys.map((k) => [k?.keyName, k?.[field]])
  if (keys instanceof Map) return [...keys]
  if (typeof keys === 'object') return Object.entries(keys)
  throw new InvalidInput('invalid_input', `${what} must be { keyName: key } or a list of { keyName, ${field} }`)
}

/** `new CloudCdnSigner(keyName, base64Key)`: the backend's signing key (urlsafe base64, as Google shows it). */
class CloudCdnSigner {
  #native

  constructor(keyName, base64Key) {
    const key = reveal(base64Key)
    wellFormed('keyName', keyName)
    wellFormed('base64Key', key)
    this.#native = call(() => new native.NativeCloudCdnSigner(keyName, key))
  }

  get keyName() {
    return this.#native.keyName
  }

  /** `{ value, stringToSign }` of sign_url. */
  signUrlDetails(url, options) {
    const o = optionsOf(options)
    wellFormed('url', url)
    return detailsOf(call(() => this.#native.signUrl(url, nowOr(o.now), expiryOf(o))))
  }

  /** As cdn/snippets.py sign_url: `url?Expires=E&KeyName=K&Signature=S`. */
  signUrl(url, options) {
    return this.signUrlDetails(url, options).value
  }

  /** `{ value, stringToSign }` of sign_url_prefix. */
  signUrlPrefixDetails(url, urlPrefix, options) {
    const o = optionsOf(options)
    wellFormed('url', url)
    wellFormed('urlPrefix', urlPrefix)
    return detailsOf(call(() => this.#native.signUrlPrefix(url, urlPrefix, nowOr(o.now), expiryOf(o))))
  }

  /** As sign_url_prefix: `url?URLPrefix=P&Expires=E&KeyName=K&Signature=S`, valid for every URL under the prefix. */
  signUrlPrefix(url, urlPrefix, options) {
    return this.signUrlPrefixDetails(url, urlPrefix, options).value
  }

  /** `{ value, stringToSign }` of sign_cookie. */
  signCookieDetails(urlPrefix, options) {
    const o = optionsOf(options)
    wellFormed('urlPrefix', urlPrefix)
    return detailsOf(call(() => this.#native.signCookie(urlPrefix, nowOr(o.now), expiryOf(o))))
  }

  /** As sign_cookie: `Cloud-CDN-Cookie=URLPrefix=P:Expires=E:KeyName=K:Signature=S` (name included). */
  signCookie(urlPrefix, options) {
    return this.signCookieDetails(urlPrefix, options).value
  }

  [INSPECT]() {
    return `CloudCdnSigner { keyName: ${JSON.stringify(this.keyName)}, <key> }`
  }

  toString() {
    return `CloudCdnSigner(${this.keyName})`
  }

  toJSON() {
    return { keyName: this.keyName }
  }
}

/**
 * The backend's keys by key name (rotation: several): `new
 * CloudCdnVerifier({ 'my-key': base64Key })` or `[{ keyName, key }]`.
 * Valid while now <= Expires.
 */
class CloudCdnVerifier {
  #native

  constructor(keys) {
    this.#native = call(() => new native.NativeCloudCdnVerifier())
    for (const [keyName, key] of namedEntries('keys', keys, 'key')) this.addKey(keyName, key)
  }

  /** Adds (or replaces) the key named `keyName`; returns this verifier. */
  addKey(keyName, base64Key) {
    const key = reveal(base64Key)
    wellFormed('keyName', keyName)
    wellFormed('base64Key', key)
    call(() => this.#native.addKey(keyName, key))
    return this
  }

  /** A URL from signUrl or signUrlPrefix → `{ keyName, expires, urlPrefix }`, or a typed error. */
  verifyUrl(url, options) {
    const o = optionsOf(options)
    wellFormed('url', url)
    return grantOf(call(() => this.#native.verifyUrl(url, nowOr(o.now))))
  }

  /** A Cloud-CDN-Cookie value (with or without its name) for a request to `requestUrl`. */
  verifyCookie(cookie, requestUrl, options) {
    const o = optionsOf(options)
    wellFormed('cookie', cookie)
    wellFormed('requestUrl', requestUrl)
    return grantOf(call(() => this.#native.verifyCookie(cookie, requestUrl, nowOr(o.now))))
  }

  [INSPECT]() {
    return 'CloudCdnVerifier { <keys> }'
  }

  toString() {
    return 'CloudCdnVerifier'
  }

  toJSON() {
    return {}
  }
}

/** `new MediaCdnSigner(keyName, base64Seed)`: the keyset key's name and its 32-byte Ed25519 seed (urlsafe base64). */
class MediaCdnSigner {
  #native

  constructor(keyName, base64Key) {
    const key = reveal(base64Key)
    wellFormed('keyName', keyName)
    wellFormed('base64Key', key)
    this.#native = call(() => new native.NativeMediaCdnSigner(keyName, key))
  }

  get keyName() {
    return this.#native.keyName
  }

  /** The 32-byte public key for the keyset (`.toString('base64url')` for gcloud). */
  publicKey() {
    return Buffer.from(this.#native.publicKey())
  }

  signUrlDetails(url, options) {
    const o = optionsOf(options)
    wellFormed('url', url)
    return detailsOf(call(() => this.#native.signUrl(url, nowOr(o.now), expiryOf(o))))
  }

  /** As media_cdn/snippets.py sign_url. */
  signUrl(url, options) {
    return this.signUrlDetails(url, options).value
  }

  signUrlPrefixDetails(url, urlPrefix, options) {
    const o = optionsOf(options)
    wellFormed('url', url)
    wellFormed('urlPrefix', urlPrefix)
    return detailsOf(call(() => this.#native.signUrlPrefix(url, urlPrefix, nowOr(o.now), expiryOf(o))))
  }

  /** As sign_url_prefix. */
  signUrlPrefix(url, urlPrefix, options) {
    return this.signUrlPrefixDetails(url, urlPrefix, options).value
  }

  signCookieDetails(urlPrefix, options) {
    const o = optionsOf(options)
    wellFormed('urlPrefix', urlPrefix)
    return detailsOf(call(() => this.#native.signCookie(urlPrefix, nowOr(o.now), expiryOf(o))))
  }

  /** As sign_cookie: `Edge-Cache-Cookie=URLPrefix=P:Expires=E:KeyName=K:Signature=S`. */
  signCookie(urlPrefix, options) {
    return this.signCookieDetails(urlPrefix, options).value
  }

  signPathComponentDetails(urlPrefix, filename, options) {
    const o = optionsOf(options)
    wellFormed('urlPrefix', urlPrefix)
    wellFormed('filename', filename)
    return detailsOf(call(() => this.#native.signPathComponent(urlPrefix, filename, nowOr(o.now), expiryOf(o))))
  }

  /** As dualtoken.py sign_path_component: `urlPrefix + 'edge-cache-token=Expires=E&KeyName=K&Signature=S/' + filename`. */
  signPathComponent(urlPrefix, filename, options) {
    return this.signPathComponentDetails(urlPrefix, filename, options).value
  }

  [INSPECT]() {
    return `MediaCdnSigner { keyName: ${JSON.stringify(this.keyName)}, <key> }`
  }

  toString() {
    return `MediaCdnSigner(${this.keyName})`
  }

  toJSON() {
    return { keyName: this.keyName }
  }
}

/** A public key as given: bytes natively, text as urlsafe base64 (padded or not). */
function addPublic(nativeVerifier, keyName, publicKey) {
  wellFormed('keyName', keyName)
  if (typeof publicKey === 'string') {
    wellFormed('publicKey', publicKey)
    return call(() => nativeVerifier.addPublicKeyBase64(keyName, publicKey))
  }
  return call(() => nativeVerifier.addPublicKey(keyName, bytesOf(publicKey)))
}

/**
 * The keyset's public keys by key name: `new MediaCdnVerifier(signer)`,
 * `{ keyName: publicKey }` (32 bytes, or urlsafe base64 text), or a list of
 * MediaCdnSigner / `{ keyName, publicKey }`. Valid while now <= Expires.
 */
class MediaCdnVerifier {
  #native

  constructor(keys) {
    this.#native = call(() => new native.NativeMediaCdnVerifier())
    const list = keys instanceof MediaCdnSigner ? [keys] : Array.isArray(keys) ? keys : null
    if (list) for (const k of list) k instanceof MediaCdnSigner ? this.addPublicKey(k.keyName, k.publicKey()) : this.addPublicKey(k?.keyName, k?.publicKey)
    else for (const [keyName, key] of namedEntries('keys', keys, 'publicKey')) this.addPublicKey(keyName, key)
  }

  /** Adds the public key of `keyName` (32 bytes, or urlsafe base64 text); returns this verifier. */
  addPublicKey(keyName, publicKey) {
    addPublic(this.#native, keyName, publicKey)
    return this
  }

  /** A URL from signUrl or signUrlPrefix → `{ keyName, expires, urlPrefix }`. */
  verifyUrl(url, options) {
    const o = optionsOf(options)
    wellFormed('url', url)
    return grantOf(call(() => this.#native.verifyUrl(url, nowOr(o.now))))
  }

  /** An Edge-Cache-Cookie value (with or without its name) for a request to `requestUrl`. */
  verifyCookie(cookie, requestUrl, options) {
    const o = optionsOf(options)
    wellFormed('cookie', cookie)
    wellFormed('requestUrl', requestUrl)
    return grantOf(call(() => this.#native.verifyCookie(cookie, requestUrl, nowOr(o.now))))
  }

  /** A URL from signPathComponent; `urlPrefix` is the part before `edge-cache-token=`. */
  verifyPathComponent(url, options) {
    const o = optionsOf(options)
    wellFormed('url', url)
    return grantOf(call(() => this.#native.verifyPathComponent(url, nowOr(o.now))))
  }

  [INSPECT]() {
    return 'MediaCdnVerifier { <public keys> }'
  }

  toString() {
    return 'MediaCdnVerifier'
  }

  toJSON() {
    return {}
  }
}

const TOKEN_TEXT = ['fullPath', 'pathGlobs', 'urlPrefix', 'sessionId', 'data', 'ipRanges']

function tokenOptions(o) {
  for (const k of TOKEN_TEXT) wellFormed(k, o[k])
  return {
    fullPath: o.fullPath ?? undefined,
    pathGlobs: o.pathGlobs ?? undefined,
    urlPrefix: o.urlPrefix ?? undefined,
    starts: secondsOf(o.starts),
    expires: secondsOf(o.expires),
    expiresIn: o.expiresIn ?? undefined,
    sessionId: o.sessionId ?? undefined,
    data: o.data ?? undefined,
    headers: headerList('headers', o.headers, false),
    ipRanges: o.ipRanges ?? undefined,
  }
}

/**
 * `new MediaCdnTokenSigner(base64Key, { algorithm: 'ed25519' | 'sha1' |
 * 'sha256' })`: dualtoken.py's sign_token key (an Ed25519 seed or an HMAC
 * secret, urlsafe base64), decoded once. The algorithm is required, as in
 * the sample.
 */
class MediaCdnTokenSigner {
  #native

  constructor(base64Key, options) {
    const key = reveal(base64Key)
    const algorithm = options?.algorithm
    wellFormed('base64Key', key)
    if (typeof algorithm !== 'string') {
      throw new InvalidInput('invalid_input', "algorithm is required: 'ed25519', 'sha1' or 'sha256'")
    }
    this.#native = call(() => new native.NativeMediaCdnTokenSigner(key, algorithm))
  }

  get algorithm() {
    return this.#native.algorithm
  }

  /** The Ed25519 public key (null for an HMAC key). */
  publicKey() {
    const k = this.#native.publicKey()
    return k === null || k === undefined ? null : Buffer.from(k)
  }

  /** `{ value, stringToSign }` of sign_token (the signature covers `FullPath=<path>` and `Headers=name=value,…`). */
  signDetails(options) {
    const o = optionsOf(options)
    const t = tokenOptions(o)
    return detailsOf(call(() => this.#native.sign(t, nowOr(o.now))))
  }

  /** As sign_token: one of fullPath / pathGlobs / urlPrefix; expires (default now + 3600), starts, sessionId, data, headers, ipRanges. */
  sign(options) {
    return this.signDetails(options).value
  }

  [INSPECT]() {
    return `MediaCdnTokenSigner { algorithm: ${JSON.stringify(this.algorithm)}, <key> }`
  }

  toString() {
    return `MediaCdnTokenSigner(${this.algorithm})`
  }

  toJSON() {
    return { algorithm: this.algorithm }
  }
}

const grantOfToken = (g) => ({
  starts: g.starts ?? null,
  expires: g.expires,
  sessionId: g.sessionId ?? null,
  data: g.data ?? null,
  headerNames: g.headerNames,
  ipRanges: g.ipRanges ?? null,
})

/**
 * The keys a token may be signed with (tokens carry no key name, so every
 * key of the signature's kind is tried): `new MediaCdnTokenVerifier({
 * publicKeys: [Ed25519 public key | MediaCdnSigner | MediaCdnTokenSigner],
 * hmacKeys: [base64Key] })`.
 */
class MediaCdnTokenVerifier {
  #native

  constructor(keys) {
    const k = keys ?? {}
    this.#native = call(() => new native.NativeMediaCdnTokenVerifier())
    for (const p of [k.publicKeys ?? []].flat()) this.addPublicKey(p)
    for (const h of [k.hmacKeys ?? []].flat()) this.addHmacKey(h)
  }

  /** An Ed25519 public key (32 bytes, urlsafe base64 text, or a signer's); returns this verifier. */
  addPublicKey(publicKey) {
    let p = publicKey
    if (p instanceof MediaCdnSigner) p = p.publicKey()
    else if (p instanceof MediaCdnTokenSigner) {
      p = p.publicKey()
      if (p === null) throw new InvalidInput('invalid_input', 'an HMAC token signer has no public key: give its key in hmacKeys')
    }
    if (typeof p === 'string') {
      wellFormed('publicKey', p)
      call(() => this.#native.addEd25519PublicKeyBase64(p))
    } else call(() => this.#native.addEd25519PublicKey(bytesOf(p)))
    return this
  }

  /** An HMAC shared secret (urlsafe base64, as the sample decodes it); returns this verifier. */
  addHmacKey(base64Key) {
    const key = reveal(base64Key)
    wellFormed('hmacKey', key)
    call(() => this.#native.addHmacKey(key))
    return this
  }

  /**
   * `token` for a request: `{ url (for URLPrefix), path (for FullPath /
   * PathGlobs), headers, viewerIp, now }` → `{ starts, expires, sessionId,
   * data, headerNames, ipRanges }`, or a typed error.
   */
  verify(token, request) {
    const r = optionsOf(request)
    wellFormed('token', token)
    for (const k of ['url', 'path', 'viewerIp']) wellFormed(k, r[k])
    const req = { url: r.url ?? undefined, path: r.path ?? undefined, headers: headerList('headers', r.headers, true), viewerIp: r.viewerIp ?? undefined }
    return grantOfToken(call(() => this.#native.verify(token, req, nowOr(r.now))))
  }

  [INSPECT]() {
    return 'MediaCdnTokenVerifier { <keys> }'
  }

  toString() {
    return 'MediaCdnTokenVerifier'
  }

  toJSON() {
    return {}
  }
}

module.exports = { CloudCdnSigner, CloudCdnVerifier, MediaCdnSigner, MediaCdnVerifier, MediaCdnTokenSigner, MediaCdnTokenVerifier }
