'use strict'
// `aura-sign/cloudfront`: AWS CloudFront signed URLs and cookies (canned and
// custom policies, SHA-1 and SHA-256 key pairs), byte-identical to
// @aws-sdk/cloudfront-signer 3.1166.0 (style 'aws-js') or botocore 1.44.8
// ('botocore'); the 'default' style signs exactly the URL it returns. The
// private key is parsed once per signer. Dates are what the AWS SDK takes
// (a Date, a date string, or milliseconds), converted as it does
// (`new Date(x)`, rounded to seconds); `now` (Unix seconds) defaults to the
// clock read here (Date.now, so fake timers work).

const native = require('../native.cjs')
const { call } = require('../errors.cjs')
const { nowOr } = require('../clock.cjs')
const { wellFormed } = require('../text.cjs')
const { reveal } = require('../secret.cjs')

/** Unix seconds for a Date, a date string or milliseconds (the AWS SDK's inputs). */
const epochSeconds = (value) => call(() => native.cloudFrontEpochSeconds(new Date(value).getTime()))

function conditionsOf(o) {
  wellFormed('ipAddress', o.ipAddress)
  return {
    dateLessThan: epochSeconds(o.dateLessThan),
    dateGreaterThan: o.dateGreaterThan === undefined || o.dateGreaterThan === null ? undefined : epochSeconds(o.dateGreaterThan),
    ipAddress: o.ipAddress,
  }
}

const CloudFrontKey = {
  /** PKCS#1 or PKCS#8 PEM; hashAlgorithm 'SHA1' (default, CloudFront's) or 'SHA256'. */
  fromPem: (pem, keyPairId, options = {}) => call(() => native.CloudFrontKey.fromPem(reveal(pem), keyPairId, options.hashAlgorithm ?? 'SHA1')),
}

const CloudFrontPublicKey = {
  /** SPKI or PKCS#1 public PEM under its key pair id. */
  fromPem: (pem, keyPairId) => call(() => native.CloudFrontPublicKey.fromPem(reveal(pem), keyPairId)),
}

const wrapUnsigned = (u) => ({
  policy: u.policy,
  hashAlgorithm: u.hashAlgorithm,
  canned: u.canned,
  sign: () => call(() => u.sign()),
  /** With a PKCS#1 v1.5 signature made elsewhere (an HSM): checked with the public key first. */
  finish: (signature) => call(() => u.finish(new Uint8Array(signature))),
})

/**
 * `new CloudFrontSigner({ keyPairId, privateKey, hashAlgorithm?, style? })`
 * (or `new CloudFrontSigner(cloudFrontKey, { style })`): getSignedUrl and
 * getSignedCookies take the AWS SDK's other options (url, dateLessThan,
 * dateGreaterThan, ipAddress, policy) plus `now`.
 */
class CloudFrontSigner {
  #native
  #key

  constructor(keyOrOptions, options = {}) {
    const isKey = keyOrOptions instanceof native.CloudFrontKey
    const o = isKey ? options : { ...keyOrOptions, ...options }
    wellFormed('keyPairId', o.keyPairId)
    this.#key = isKey ? keyOrOptions : CloudFrontKey.fromPem(o.privateKey, o.keyPairId, { hashAlgorithm: o.hashAlgorithm })
    this.#native = call(() => new native.NativeCloudFrontSigner(this.#key, o.style ?? 'default'))
  }

  get style() {
    return this.#native.style
  }

  get keyPairId() {
    return this.#native.keyPairId
  }

  get hashAlgorithm() {
    return this.#native.hashAlgorithm
  }

  /** The public half (for a CloudFrontVerifier). */
  publicKey() {
    return this.#key.publicKey()
  }

  /** Everything but the signature: `{ policy, hashAlgorithm, canned, sign(), finish(signature) }`. */
  prepareUrl(options) {
    const o = options ?? {}
    wellFormed('url', o.url)
    wellFormed('policy', o.policy)
    const now = nowOr(o.now)
    if (o.policy) return wrapUnsigned(call(() => this.#native.prepareUrlWithPolicy(o.url || null, o.policy, now)))
    return wrapUnsigned(call(() => this.#native.prepareUrl(o.url ?? '', conditionsOf(o), now)))
  }

  /** `{ url, policy, hashAlgorithm, canned }`. */
  signUrl(options) {
    return this.prepareUrl(options).sign()
  }

  /** As @aws-sdk/cloudfront-signer's getSignedUrl: the signed URL. */
  getSignedUrl(options) {
    return this.signUrl(options).url
  }

  prepareCookies(options) {
    const o = options ?? {}
    wellFormed('url', o.url)
    wellFormed('policy', o.policy)
    const now = nowOr(o.now)
    if (o.policy) return wrapUnsigned(call(() => this.#native.prepareCookiesWithPolicy(o.policy, now)))
    return wrapUnsigned(call(() => this.#native.prepareCookies(o.url ?? '', conditionsOf(o), now)))
  }

  /** `{ cookies, policy, hashAlgorithm }`. */
  signCookies(options) {
    return this.prepareCookies(options).sign()
  }

  /** As @aws-sdk/cloudfront-signer's getSignedCookies: `{ 'CloudFront-Key-Pair-Id', 'CloudFront-Signature', 'CloudFront-Expires' | 'CloudFront-Policy', ['CloudFront-Hash-Algorithm'] }`. */
  getSignedCookies(options) {
    return this.signCookies(options).cookies
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `CloudFrontSigner { keyPairId: ${JSON.stringify(this.keyPairId)}, hashAlgorithm: ${JSON.stringify(this.hashAlgorithm)}, style: ${JSON.stringify(this.style)}, <private key> }`
  }

  toString() {
    return `CloudFrontSigner(${this.keyPairId})`
  }

  toJSON() {
    return { keyPairId: this.keyPairId, hashAlgorithm: this.hashAlgorithm, style: this.style }
  }
}

/** A policy as a style writes it (botocore's build_policy, the JS signer's builder, or the default's). */
const buildPolicy = (resource, options, style = 'default') => call(() => native.cloudFrontBuildPolicy(style, resource, conditionsOf(options)))

const asPublic = (k) => (k instanceof CloudFrontSigner || k instanceof native.CloudFrontKey ? k.publicKey() : k)

/** Trusted public keys by key pair id: what CloudFront checks (policy, times, viewer IP). */
class CloudFrontVerifier {
  #native

  constructor(keys) {
    const list = (Array.isArray(keys) ? keys : [keys]).map(asPublic)
    this.#native = call(() => new native.NativeCloudFrontVerifier(list))
  }

  /** A signed URL as the request arrives. Options: now, clientIp, allowSha1 (default true). */
  verifyUrl(url, options = {}) {
    return call(() => this.#native.verifyUrl(url, nowOr(options.now), options.clientIp ?? null, options.allowSha1 ?? true))
  }

  /** Signed cookies (an object or [name, value] pairs) for a request to `url`. */
  verifyCookies(url, cookies, options = {}) {
    const pairs = (Array.isArray(cookies) ? cookies : Object.entries(cookies)).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)])
    return call(() => this.#native.verifyCookies(url, pairs, nowOr(options.now), options.clientIp ?? null, options.allowSha1 ?? true))
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return 'CloudFrontVerifier { <public keys> }'
  }
}

module.exports = { CloudFrontKey, CloudFrontPublicKey, CloudFrontSigner, CloudFrontVerifier, buildPolicy, epochSeconds }
