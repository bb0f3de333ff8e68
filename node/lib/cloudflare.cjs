'use strict'
// `aura-sign/cloudflare`: Images signed URLs, Stream tokens, JWT with prepared
// keys, key generation and a key ring. Every method takes `now` (Unix
// seconds) in its options; by default the clock is read from Date.now().
// Strings that end up in a signed URL, a token or a key (URLs, video ids,
// key ids, claims, access rules) are refused with InvalidInput when they hold
// a lone surrogate (text.cjs), instead of being signed as U+FFFD.

const native = require('./native.cjs')
const { call, toAuraError } = require('./errors.cjs')
const { nowOr } = require('./clock.cjs')
const { wellFormed, wellFormedEach, jsonWellFormed } = require('./text.cjs')

const keysList = (keys) => (typeof keys === 'string' ? [keys] : Array.from(keys))

/** mode 'default' (safe) or 'worker' (Cloudflare's docs Worker, byte for byte). */
function signImagesUrl(url, key, options = {}) {
  wellFormed('url', url)
  return call(() => native.signImagesUrl(url, key, options.expiresIn ?? 86400, nowOr(options.now), options.mode ?? 'default')).url
}

/** `{url, stringToSign}`: what was signed, for debugging. */
function signImagesUrlDebug(url, key, options = {}) {
  wellFormed('url', url)
  return call(() => native.signImagesUrl(url, key, options.expiresIn ?? 86400, nowOr(options.now), options.mode ?? 'default'))
}

/** Stream playback and download URLs (the native class; its errors become AuraErrors). */
class StreamUrls extends native.StreamUrls {
  constructor(...args) {
    try {
      super(...args)
    } catch (err) {
      throw toAuraError(err)
    }
  }

  thumbnail(...args) {
    return call(() => super.thumbnail(...args))
  }
}

/** Resolves `exp`; valid while now <= exp. */
function verifyImagesUrl(url, keys, options = {}) {
  return call(() => native.verifyImagesUrl(url, keysList(keys), nowOr(options.now)))
}

const keyId = (options) => (wellFormed('keyId', options.keyId), options.keyId ?? null)

const StreamKey = {
  /** Any format Cloudflare hands out: base64 `pem`, PKCS#1/PKCS#8 PEM, JWK, base64 JWK. */
  fromAny: (text, options = {}) => call(() => native.StreamKey.fromAny(text, keyId(options))),
}

const StreamPublicKey = {
  fromAny: (text, options = {}) => call(() => native.StreamPublicKey.fromAny(text, keyId(options))),
  fromJwks: (text) => call(() => native.StreamPublicKey.fromJwks(text)),
}

function tokenOptions(o) {
  jsonWellFormed('accessRules', o.accessRules)
  return {
    expiresIn: o.expiresIn,
    notBefore: o.notBefore,
    accessRules: o.accessRules,
    downloadable: o.downloadable,
    allowLongLifetime: o.allowLongLifetime,
  }
}

/** Signs Stream tokens with a key parsed once. style: cloudflare | jsonwebtoken | jsonwebtoken-claims-kid | go-jose. */
class StreamSigner {
  #native

  constructor(key, options = {}) {
    const parsed = typeof key === 'string' ? StreamKey.fromAny(key, options) : key
    this.#native = call(() => new native.NativeStreamSigner(parsed, keyId(options), options.style ?? 'cloudflare'))
  }

  get keyId() {
    return this.#native.keyId
  }

  sign(videoId, options = {}) {
    wellFormed('videoId', videoId)
    return call(() => this.#native.sign(videoId, nowOr(options.now), tokenOptions(options)))
  }

  /** One token per video (a playlist), signed on every core. */
  signMany(videoIds, options = {}) {
    wellFormedEach('videoId', videoIds)
    return call(() => this.#native.signMany(videoIds, nowOr(options.now), tokenOptions(options)))
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `StreamSigner { keyId: ${JSON.stringify(this.keyId)}, <private key> }`
  }
}

const asPublic = (k) => (k instanceof native.StreamKey ? k.publicKey() : k)

/**
 * Verifies a Stream token and returns its claims. `videoId` is required:
 * the expected video UID, or null to skip the `sub` check on purpose.
 */
function verifyStreamToken(token, keys, options) {
  if (!options || !('videoId' in options)) {
    throw new TypeError('verifyStreamToken(token, keys, { videoId }) needs videoId (null skips the sub check on purpose)')
  }
  const list = Array.isArray(keys) ? keys : [keys]
  const { videoId, now, ...rest } = options
  wellFormed('videoId', videoId)
  wellFormed('viewerCountry', rest.viewerCountry)
  return call(() => native.verifyStreamToken(token, list.map(asPublic), videoId, nowOr(now), rest))
}

/** `{decision: 'allow' | 'block', matchedRule: index | null}`: first match wins. */
function evaluateAccessRules(rules, viewerIp, viewerCountry) {
  const { decision, matchedRule } = call(() => native.evaluateAccessRules(rules, viewerIp ?? null, viewerCountry ?? null))
  return { decision, matchedRule: matchedRule ?? null }
}

const kid = (options) => (wellFormed('kid', options.kid), options.kid ?? null)

const JwtKey = {
  fromPem: (text, options = {}) => call(() => native.JwtKey.fromPem(text, kid(options))),
  hmac: (secret, options = {}) => call(() => native.JwtKey.hmac(secret, kid(options))),
}

const jwt = {
  /** Signs `claims` with a prepared key (its algorithm is bound to its type). */
  sign: (claims, key, options = {}) => {
    jsonWellFormed('claims', claims)
    jsonWellFormed('headers', options.headers)
    return call(() => native.jwtSign(claims, key, options.headers ?? null))
  },
  /** Verifies with the key whose kid matches; `algorithms` must be named. */
  verify: (token, keys, options) =>
    call(() =>
      native.jwtVerify(token, Array.isArray(keys) ? keys : [keys], options.algorithms, nowOr(options.now), options.leeway ?? 0, options.requireExp ?? false),
    ),
}

const generateSecret = (kind = 'secret_key') => call(() => native.generateSecret(kind))
const generateKeyId = () => call(() => native.generateKeyId())
/** `{id, pem, jwk}` as `POST /stream/keys` returns them. */
const generateStreamKey = (options = {}) => call(() => native.generateStreamKey(keyId(options)))
const exportStreamKey = (key, id) => call(() => native.exportStreamKey(key, keyId({ keyId: id })))

/** Sign with the newest active secret; verify with active and retiring ones; revoke one. */
class KeyRing {
  #native = new native.NativeKeyRing()

  add(id, secret, options = {}) {
    wellFormed('id', id)
    call(() => this.#native.add(id, secret, nowOr(options.now)))
  }

  rotate(id, secret, options = {}) {
    wellFormed('id', id)
    call(() => this.#native.rotate(id, secret, nowOr(options.now)))
  }

  retire(id) {
    call(() => this.#native.retire(id))
  }

  revoke(id) {
    call(() => this.#native.revoke(id))
  }

  signingKey() {
    const [id, secret] = call(() => this.#native.signingKey())
    return { id, secret }
  }

  verificationSecrets() {
    return this.#native.verificationSecrets()
  }

  list() {
    return this.#native.list()
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `KeyRing { ${this.list().length} keys }`
  }
}

module.exports = {
  signImagesUrl,
  signImagesUrlDebug,
  verifyImagesUrl,
  StreamKey,
  StreamPublicKey,
  StreamSigner,
  StreamUrls,
  verifyStreamToken,
  evaluateAccessRules,
  JwtKey,
  jwt,
  generateSecret,
  generateKeyId,
  generateStreamKey,
  exportStreamKey,
  KeyRing,
}
