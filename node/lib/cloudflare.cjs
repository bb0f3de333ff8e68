'use strict'
// `aura-sign/cloudflare`: Images signed URLs, Stream tokens, JWT with prepared
// keys, key generation and a key ring. Every method takes `now` (Unix
// seconds) in its options; by default the clock is read from Date.now().
// Strings that end up in a signed URL, a token or a key (URLs, video ids,
// key ids, claims, access rules) are refused with InvalidInput when they hold
// a lone surrogate (text.cjs), instead of being signed as U+FFFD.

const native = require('./native.cjs')
const { call, toAuraError, InvalidInput } = require('./errors.cjs')
const { nowOr } = require('./clock.cjs')
const { wellFormed, wellFormedEach, jsonWellFormed } = require('./text.cjs')
const { Secret, reveal } = require('./secret.cjs')
const { drive, expect, sleep } = require('./http.cjs')

const keysList = (keys) => (typeof keys === 'string' || keys instanceof Secret ? [reveal(keys)] : Array.from(keys, reveal))

/** mode 'default' (safe) or 'worker' (Cloudflare's docs Worker, byte for byte). `key`: text or a Secret. */
function signImagesUrl(url, key, options = {}) {
  wellFormed('url', url)
  return call(() => native.signImagesUrl(url, reveal(key), options.expiresIn ?? 86400, nowOr(options.now), options.mode ?? 'default')).url
}

/** `{url, stringToSign}`: what was signed, for debugging. */
function signImagesUrlDebug(url, key, options = {}) {
  wellFormed('url', url)
  return call(() => native.signImagesUrl(url, reveal(key), options.expiresIn ?? 86400, nowOr(options.now), options.mode ?? 'default'))
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
  fromAny: (text, options = {}) => call(() => native.StreamKey.fromAny(reveal(text), keyId(options))),
}

const StreamPublicKey = {
  fromAny: (text, options = {}) => call(() => native.StreamPublicKey.fromAny(reveal(text), keyId(options))),
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

/**
 * Signs Stream tokens with a key parsed once: key text (any format), a
 * StreamKey, or what Cloudflare#createStreamKey returned.
 * style: cloudflare | jsonwebtoken | jsonwebtoken-claims-kid | go-jose.
 */
class StreamSigner {
  #native

  constructor(key, options = {}) {
    const parsed =
      typeof key === 'string' || key instanceof Secret ? StreamKey.fromAny(key, options) : key instanceof CreatedStreamKey ? key.key : key
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
  /** One JWK (RFC 7517), as text or an object; its `kid` is the key's. */
  fromJwk: (jwk) => call(() => native.JwtKey.fromJwk(typeof jwk === 'string' ? jwk : JSON.stringify(jwk))),
}

const octets = (what, v) => {
  if (typeof v === 'string') {
    wellFormed(what, v)
    return new Uint8Array(Buffer.from(v, 'utf8'))
  }
  if (v instanceof Uint8Array) return v
  throw new TypeError(`${what} must be a string or a Uint8Array`)
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
  /**
   * RFC 7515 compact JWS over these exact bytes (a string is UTF-8): the
   * caller writes the protected header, whose `alg` must be the key's.
   */
  signCompact: (protectedHeader, payload, key) =>
    call(() => native.jwsSignCompact(octets('protectedHeader', protectedHeader), octets('payload', payload), key)),
  /** `{header, payload}` once the signature verifies; no claim is looked at. */
  verifyCompact: (token, keys, options) =>
    call(() => native.jwsVerifyCompact(token, Array.isArray(keys) ? keys : [keys], options.algorithms)),
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

// ---- the Cloudflare API ------------------------------------------------------

/**
 * A Stream signing key just created (Cloudflare shows `pem` and `jwk` only
 * once; both are Secrets). `key` is loaded, with `id` as its key id: pass
 * this object to `new StreamSigner(created)` or call `created.signer()`.
 */
class CreatedStreamKey {
  constructor({ id, created, pem, jwk, key }) {
    this.id = id
    this.created = created ?? null
    this.pem = pem
    this.jwk = jwk ?? null
    this.key = key
  }

  signer(options = {}) {
    return new StreamSigner(this, options)
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `CreatedStreamKey { id: ${JSON.stringify(this.id)}, created: ${JSON.stringify(this.created)}, <private key> }`
  }
}

const env = () => globalThis.process?.env ?? {}

// The native answers as the documented result objects (absent values null).
const imageOf = (i) => ({
  id: i.id, filename: i.filename ?? null, requireSignedUrls: i.requireSignedUrls, uploaded: i.uploaded ?? null,
  variants: i.variants, creator: i.creator ?? null, raw: i.raw,
})
const videoOf = (v) => ({ uid: v.uid, requireSignedUrls: v.requireSignedUrls, readyToStream: v.readyToStream ?? null, state: v.state ?? null, raw: v.raw })
const streamKeyInfoOf = (k) => ({ id: k.id, created: k.created ?? null, keyId: k.keyId ?? null })

/**
 * Cloudflare Images and Stream APIs: `new Cloudflare({ accountId?, apiToken?,
 * email?, apiKey?, baseUrl?, timeout?, fetch?, sleep?, random? })`. Credentials given
 * here, else CLOUDFLARE_API_TOKEN, else CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY;
 * account from CLOUDFLARE_ACCOUNT_ID; base URL CLOUDFLARE_BASE_URL or
 * https://api.cloudflare.com/client/v4. `timeout`: ms per attempt (30000).
 * Requests, retries and answers are the core's; this only moves bytes.
 */
class Cloudflare {
  #api
  #host

  constructor(options = {}) {
    const o = options ?? {}
    const e = env()
    const given = o.apiToken !== undefined || o.email !== undefined || o.apiKey !== undefined
    const [token, email, key] = given ? [o.apiToken, o.email, o.apiKey] : [e.CLOUDFLARE_API_TOKEN, e.CLOUDFLARE_EMAIL, e.CLOUDFLARE_API_KEY]
    const accountId = o.accountId ?? e.CLOUDFLARE_ACCOUNT_ID
    if (accountId === undefined || accountId === '') {
      throw new InvalidInput('invalid_input', 'no Cloudflare account id: pass accountId or set CLOUDFLARE_ACCOUNT_ID')
    }
    const baseUrl = o.baseUrl ?? (e.CLOUDFLARE_BASE_URL || undefined)
    this.#api = call(() => new native.NativeCloudflareApi(accountId, reveal(token) ?? null, email ?? null, reveal(key) ?? null, baseUrl ?? null))
    this.#host = { fetch: o.fetch, timeout: o.timeout ?? 30000, sleep: o.sleep ?? sleep, random: o.random }
  }

  get accountId() {
    return this.#api.accountId
  }

  get baseUrl() {
    return this.#api.baseUrl
  }

  async #run(build, kind) {
    const ex = call(() => build(this.#api))
    return expect(await drive(ex, this.#host), kind)
  }

  /** Every Images signing key `{ name, value: Secret }`. */
  async listImagesKeys() {
    return (await this.#run((a) => a.listImagesKeys(), 'imagesKeys')).keys
  }

  /** Creates `name`; refuses (InvalidInput) when it exists: a second PUT would rotate a live key. */
  async createImagesKey(name) {
    return (await this.#run((a) => a.createImagesKey(name), 'imagesKey')).key
  }

  /** New value for the existing key `name` (URLs signed with the old one stop working); KeyNotFound when missing. */
  async rotateImagesKey(name) {
    return (await this.#run((a) => a.rotateImagesKey(name), 'imagesKey')).key
  }

  /** Deletes `name`; resolves to the keys left. */
  async deleteImagesKey(name) {
    return (await this.#run((a) => a.deleteImagesKey(name), 'imagesKeys')).keys
  }

  /** Seed 000: `{ key, action: 'adopted' | 'created' }`; a live key is never rotated silently. */
  async ensureSigningKey(name, options = {}) {
    const { key, action } = await this.#run((a) => a.ensureSigningKey(name, options?.adopt, options?.delete), 'ensured')
    return { key, action }
  }

  /** The removal side: `{ outcome: 'kept' }` (delete: false), `'already-gone'`, or `'deleted'` with `remaining`. */
  async removeSigningKey(name, options = {}) {
    const answer = await this.#run((a) => a.removeSigningKey(name, options?.adopt, options?.delete), 'removed')
    return answer.removal === 'deleted' ? { outcome: 'deleted', remaining: answer.keys } : { outcome: answer.removal }
  }

  async imageDetails(imageId) {
    return imageOf((await this.#run((a) => a.imageDetails(imageId), 'image')).image)
  }

  /** `requireSignedURLs`; the answer's `id` is the one to use from now on. */
  async setImageRequireSignedUrls(imageId, require) {
    return imageOf((await this.#run((a) => a.setImageRequireSignedUrls(imageId, require), 'image')).image)
  }

  /** A new Stream signing key (its only showing): loads straight into a StreamSigner. */
  async createStreamKey() {
    return new CreatedStreamKey((await this.#run((a) => a.createStreamKey(), 'streamKey')).streamKey)
  }

  /** `[{ id, created, keyId }]` (no key material). */
  async listStreamKeys() {
    return (await this.#run((a) => a.listStreamKeys(), 'streamKeys')).streamKeys.map(streamKeyInfoOf)
  }

  /** Revokes a key (its tokens stop working); resolves to what Cloudflare reports. */
  async revokeStreamKey(keyId) {
    return (await this.#run((a) => a.revokeStreamKey(keyId), 'streamKeyRevoked')).revoked ?? null
  }

  async videoDetails(uid) {
    return videoOf((await this.#run((a) => a.videoDetails(uid), 'video')).video)
  }

  /** Seed 003's POST /stream/{uid} with {uid, requireSignedURLs}. */
  async setVideoRequireSignedUrls(uid, require) {
    return videoOf((await this.#run((a) => a.setVideoRequireSignedUrls(uid, require), 'video')).video)
  }

  /**
   * A token minted by Cloudflare's /token (rate limited: prefer a local
   * StreamSigner). Options: signingKey ({id, pem} or a created key), exp, nbf
   * (Unix seconds), downloadable, accessRules, original. Resolves to a Secret.
   */
  async streamToken(uid, options = {}) {
    const o = options ?? {}
    jsonWellFormed('accessRules', o.accessRules)
    const body = {
      keyId: o.signingKey?.id,
      pem: reveal(o.signingKey?.pem),
      exp: o.exp,
      nbf: o.nbf,
      downloadable: o.downloadable,
      accessRules: o.accessRules,
      original: o.original,
    }
    return (await this.#run((a) => a.streamToken(uid, body), 'streamToken')).token
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `Cloudflare { accountId: ${JSON.stringify(this.accountId)}, baseUrl: ${JSON.stringify(this.baseUrl)}, auth: ${this.#api.authScheme} }`
  }

  toJSON() {
    return { accountId: this.accountId, baseUrl: this.baseUrl }
  }
}

module.exports = {
  Cloudflare,
  CreatedStreamKey,
  Secret,
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
