'use strict'
// `aura-sign/cloudflare`: Images signed URLs, Stream tokens, JWT with prepared
// keys, key generation and a key ring. Every method takes `now` (Unix
// seconds) in its options; by default the clock is read from Date.now().

const native = require('./native.cjs')
const { call } = require('./errors.cjs')
const { nowOr } = require('./clock.cjs')

const keysList = (keys) => (typeof keys === 'string' ? [keys] : Array.from(keys))

/** mode 'default' (safe) or 'worker' (Cloudflare's docs Worker, byte for byte). */
function signImagesUrl(url, key, options = {}) {
  return call(() => native.signImagesUrl(url, key, options.expiresIn ?? 86400, nowOr(options.now), options.mode ?? 'default')).url
}

/** `{url, stringToSign}`: what was signed, for debugging. */
function signImagesUrlDebug(url, key, options = {}) {
  return call(() => native.signImagesUrl(url, key, options.expiresIn ?? 86400, nowOr(options.now), options.mode ?? 'default'))
}

/** Resolves `exp`; valid while now <= exp. */
function verifyImagesUrl(url, keys, options = {}) {
  return call(() => native.verifyImagesUrl(url, keysList(keys), nowOr(options.now)))
}

const StreamKey = {
  /** Any format Cloudflare hands out: base64 `pem`, PKCS#1/PKCS#8 PEM, JWK, base64 JWK. */
  fromAny: (text, options = {}) => call(() => native.StreamKey.fromAny(text, options.keyId ?? null)),
}

const StreamPublicKey = {
  fromAny: (text, options = {}) => call(() => native.StreamPublicKey.fromAny(text, options.keyId ?? null)),
  fromJwks: (text) => call(() => native.StreamPublicKey.fromJwks(text)),
}

function tokenOptions(o) {
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
    this.#native = call(() => new native.NativeStreamSigner(parsed, options.keyId ?? null, options.style ?? 'cloudflare'))
  }

  get keyId() {
    return this.#native.keyId
  }

  sign(videoId, options = {}) {
    return call(() => this.#native.sign(videoId, nowOr(options.now), tokenOptions(options)))
  }

  /** One token per video (a playlist), signed on every core. */
  signMany(videoIds, options = {}) {
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
  return call(() => native.verifyStreamToken(token, list.map(asPublic), videoId, nowOr(now), rest))
}

/** `{decision: 'allow' | 'block', matchedRule: index | null}`: first match wins. */
function evaluateAccessRules(rules, viewerIp, viewerCountry) {
  const { decision, matchedRule } = call(() => native.evaluateAccessRules(rules, viewerIp ?? null, viewerCountry ?? null))
  return { decision, matchedRule: matchedRule ?? null }
}

const JwtKey = {
  fromPem: (text, options = {}) => call(() => native.JwtKey.fromPem(text, options.kid ?? null)),
  hmac: (secret, options = {}) => call(() => native.JwtKey.hmac(secret, options.kid ?? null)),
}

const jwt = {
  /** Signs `claims` with a prepared key (its algorithm is bound to its type). */
  sign: (claims, key, options = {}) => call(() => native.jwtSign(claims, key, options.headers ?? null)),
  /** Verifies with the key whose kid matches; `algorithms` must be named. */
  verify: (token, keys, options) =>
    call(() =>
      native.jwtVerify(token, Array.isArray(keys) ? keys : [keys], options.algorithms, nowOr(options.now), options.leeway ?? 0, options.requireExp ?? false),
    ),
}

const generateSecret = (kind = 'secret_key') => call(() => native.generateSecret(kind))
const generateKeyId = () => call(() => native.generateKeyId())
/** `{id, pem, jwk}` as `POST /stream/keys` returns them. */
const generateStreamKey = (options = {}) => call(() => native.generateStreamKey(options.keyId ?? null))
const exportStreamKey = (key, keyId) => call(() => native.exportStreamKey(key, keyId))

/** Sign with the newest active secret; verify with active and retiring ones; revoke one. */
class KeyRing {
  #native = new native.NativeKeyRing()

  add(id, secret, options = {}) {
    call(() => this.#native.add(id, secret, nowOr(options.now)))
  }

  rotate(id, secret, options = {}) {
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
  StreamUrls: native.StreamUrls,
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
