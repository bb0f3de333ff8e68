'use strict'
// `aura-sign/imgix`: imgix signed URLs and srcsets (`s=` signing), byte-
// identical to @imgix/js-core 3.8.0 (style 'js', the default) and imgix 4.0.0
// on PyPI (style 'python'), and a verifier. The constructor takes
// js-core's options, so `new ImgixClient({ domain, secureURLToken })` is a
// drop-in for its buildURL / buildSrcSet. A JavaScript number that is whole
// is an integer (`2`, never `2.0`, also in the python style).

const native = require('../native.cjs')
const { call } = require('../errors.cjs')
const { nowOr } = require('../clock.cjs')
const { wellFormed, jsonWellFormed } = require('../text.cjs')
const { reveal } = require('../secret.cjs')

const srcsetOptions = (o) => ({
  disablePathEncoding: o.disablePathEncoding,
  widths: o.widths,
  minWidth: o.minWidth,
  maxWidth: o.maxWidth,
  widthTolerance: o.widthTolerance,
  devicePixelRatios: o.devicePixelRatios,
  variableQualities: o.variableQualities,
  disableVariableQuality: o.disableVariableQuality,
})

// A plain object of strings, booleans and finite numbers crosses to the
// native side as its JSON text (one string instead of one napi call per
// property; exact for those values). Anything else, and any lone surrogate
// (refused below by jsonWellFormed), takes the native value conversion.
function plainJson(params) {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return null
  const proto = Object.getPrototypeOf(params)
  if (proto !== Object.prototype && proto !== null) return null
  for (const key of Object.keys(params)) {
    if (!key.isWellFormed()) return null
    const v = params[key]
    const t = typeof v
    if (t === 'string') {
      if (!v.isWellFormed()) return null
    } else if (t === 'number') {
      if (!Number.isFinite(v)) return null
    } else if (t !== 'boolean') {
      return null
    }
  }
  return JSON.stringify(params)
}

/**
 * `new ImgixClient({ domain, secureURLToken?, useHTTPS = true,
 * includeLibraryParam = false, style = 'js' })`: the token is held once;
 * without one (or an empty one) URLs are not signed, as in the SDKs.
 */
class ImgixClient {
  #native
  #domain

  constructor(options = {}) {
    const o = options ?? {}
    wellFormed('domain', o.domain)
    wellFormed('secureURLToken', o.secureURLToken)
    this.#native = call(
      () => new native.NativeImgixClient(o.domain, reveal(o.secureURLToken) ?? null, o.style ?? 'js', o.useHTTPS ?? true, o.includeLibraryParam ?? false),
    )
    this.#domain = o.domain
  }

  get domain() {
    return this.#domain
  }

  get style() {
    return this.#native.style
  }

  /** js-core's buildURL(path, params, { disablePathEncoding }). */
  buildURL(path = '', params = {}, options = {}) {
    wellFormed('path', path)
    const dpe = options?.disablePathEncoding ?? false
    const json = plainJson(params)
    if (json !== null) return call(() => this.#native.buildUrlJson(path, json, dpe))
    jsonWellFormed('params', params)
    return call(() => this.#native.buildUrl(path, params, dpe))
  }

  /** js-core's buildSrcSet(path, params, options): width or DPR candidates, each signed. */
  buildSrcSet(path = '', params = {}, options = {}) {
    wellFormed('path', path)
    const json = plainJson(params)
    if (json !== null) return call(() => this.#native.buildSrcsetJson(path, json, srcsetOptions(options ?? {})))
    jsonWellFormed('params', params)
    return call(() => this.#native.buildSrcset(path, params, srcsetOptions(options ?? {})))
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `ImgixClient { domain: ${JSON.stringify(this.#domain)}, style: ${JSON.stringify(this.style)}, <secure URL token> }`
  }

  toString() {
    return `ImgixClient(${this.#domain})`
  }

  toJSON() {
    return { domain: this.#domain, style: this.style }
  }
}

/** Several secure URL tokens (rotation); `verify(url, { now })` → `{ pathAndQuery, expires }`. */
class ImgixVerifier {
  #native

  constructor(tokens) {
    const list = (Array.isArray(tokens) ? tokens : [tokens]).map(reveal)
    this.#native = call(() => new native.NativeImgixVerifier(list))
  }

  /** `s` must be the last parameter and match one token; an `expires` parameter is enforced (now <= expires). */
  verify(url, options = {}) {
    const v = call(() => this.#native.verify(url, nowOr(options.now)))
    return { pathAndQuery: v.pathAndQuery, expires: v.expires ?? null }
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return 'ImgixVerifier { <tokens> }'
  }

  toString() {
    return 'ImgixVerifier'
  }

  toJSON() {
    return {}
  }
}

module.exports = { ImgixClient, ImgixVerifier }
