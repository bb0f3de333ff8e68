'use strict'
// `aura-sign/mux`: Mux signed playback, DRM-license and viewer-count tokens
// (RS256 JWTs), byte-identical to @mux/mux-node 15.3.0's mux.jwt.*, from the
// signing key parsed once; and a verifier. The clock is read here
// (Date.now, so fake timers work) unless `now` (Unix seconds) is given.

const native = require('../native.cjs')
const { call } = require('../errors.cjs')
const { nowOr } = require('../clock.cjs')
const { wellFormed, jsonWellFormed } = require('../text.cjs')
const { reveal } = require('../secret.cjs')

const env = () => globalThis.process?.env ?? {}

function tokenOptions(o) {
  wellFormed('expiration', o.expiration)
  jsonWellFormed('params', o.params)
  return { expiration: o.expiration, params: o.params }
}

/**
 * `new MuxSigner({ keyId, keySecret })`: the signing key's id and its
 * private key (the dashboard's base64 string, or PKCS#1 / PKCS#8 PEM). As
 * mux-node, they default to MUX_SIGNING_KEY and MUX_PRIVATE_KEY.
 */
class MuxSigner {
  #native

  constructor(options = {}) {
    const o = options ?? {}
    const keyId = o.keyId ?? env().MUX_SIGNING_KEY ?? ''
    const keySecret = reveal(o.keySecret) ?? env().MUX_PRIVATE_KEY ?? ''
    wellFormed('keyId', keyId)
    this.#native = call(() => new native.NativeMuxSigner(keyId, reveal(keySecret)))
  }

  get keyId() {
    return this.#native.keyId
  }

  /** The public half, under this signer's key id (for a MuxVerifier). */
  publicKey() {
    return call(() => this.#native.publicKey())
  }

  /**
   * mux-node's jwt.signPlaybackId(playbackId, { type, expiration, params }):
   * `type` one name (default 'video') → the token; a list of names or
   * [name, params] pairs → `{ 'playback-token': …, 'thumbnail-token': … }`.
   */
  signPlaybackId(playbackId, options = {}) {
    wellFormed('playbackId', playbackId)
    const o = tokenOptions(options)
    if (Array.isArray(options.type)) {
      jsonWellFormed('type', options.type)
      return call(() => this.#native.signPlaybackIds(playbackId, options.type, nowOr(options.now), o))
    }
    return call(() => this.#native.signPlaybackId(playbackId, options.type ?? null, nowOr(options.now), o))
  }

  /** mux-node's jwt.signDrmLicense: a drm_license token (aud "d"). */
  signDrmLicense(playbackId, options = {}) {
    wellFormed('playbackId', playbackId)
    const o = tokenOptions(options)
    return call(() => this.#native.signDrmLicense(playbackId, options.type ?? null, nowOr(options.now), o))
  }

  /** mux-node's jwt.signViewerCounts(id, { type: 'video' | 'asset' | 'playback' | 'live_stream' }). */
  signViewerCounts(id, options = {}) {
    wellFormed('id', id)
    const o = tokenOptions(options)
    return call(() => this.#native.signViewerCounts(id, options.type ?? null, nowOr(options.now), o))
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `MuxSigner { keyId: ${JSON.stringify(this.keyId)}, <private key> }`
  }

  toString() {
    return `MuxSigner(${this.keyId})`
  }

  toJSON() {
    return { keyId: this.keyId }
  }
}

const MuxPublicKey = {
  /** SPKI / PKCS#1 public PEM, their base64, or a private key's public half, under `keyId`. */
  fromAny: (text, keyId) => (wellFormed('keyId', keyId), call(() => native.MuxPublicKey.fromAny(reveal(text), keyId))),
}

const asPublic = (k) => (k instanceof MuxSigner ? k.publicKey() : k)

/**
 * Trusted public keys (each under its signing-key id; a MuxSigner gives
 * its own). RS256 only; the key chosen by `kid`; `aud`, `sub`, `exp`, `nbf`.
 */
class MuxVerifier {
  #native

  constructor(keys) {
    const list = (Array.isArray(keys) ? keys : [keys]).map(asPublic)
    this.#native = call(() => new native.NativeMuxVerifier(list))
  }

  /** A playback token (type video… drm_license, default video) for `playbackId`: its claims. */
  verifyPlayback(token, playbackId, options = {}) {
    return call(() => this.#native.verify(token, 'playback', options.type ?? null, playbackId, nowOr(options.now), options.leeway ?? 0))
  }

  /** A viewer-count token (type video, asset, playback, live_stream) for `id`: its claims. */
  verifyViewerCounts(token, id, options = {}) {
    return call(() => this.#native.verify(token, 'viewer_counts', options.type ?? null, id, nowOr(options.now), options.leeway ?? 0))
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return 'MuxVerifier { <public keys> }'
  }
}

module.exports = { MuxSigner, MuxPublicKey, MuxVerifier }
