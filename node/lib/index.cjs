'use strict'
// `aura-sign`: a drop-in for `@auraimage/sdk` (same names, signatures,
// defaults and Promise shapes), with synchronous twins and Cloudflare helpers.

const native = require('./native.cjs')
const { call, CLASSES: _classes, ...errors } = require('./errors.cjs')
const { nowSeconds, nowOr } = require('./clock.cjs')
const { uriEncoded, wellFormed, wellFormedEach } = require('./text.cjs')
const cloudflare = require('./cloudflare.cjs')

const number = (v) => (typeof v === 'number' ? v : undefined)

/** `new AuraImage({ secretKey, projectName, serveSecret?, cdnUrl? })`. */
// Lone surrogates (text.cjs): each method calls the core first, so every error
// the SDK raises before it encodes or stringifies comes first, as in the SDK;
// then URIError where the SDK applies encodeURIComponent, InvalidInput where
// it would sign or return bytes aura cannot produce. Secrets are not checked:
// the SDK's TextEncoder turns a lone surrogate into U+FFFD, as napi does.
class AuraImage {
  #native
  #projectName
  #cdnUrl

  constructor({ secretKey, projectName, serveSecret, cdnUrl } = {}) {
    this.#native = call(() => new native.NativeAuraImage(secretKey ?? '', projectName ?? '', serveSecret ?? null, cdnUrl ?? null, true))
    this.#projectName = projectName
    this.#cdnUrl = cdnUrl
  }

  get projectName() {
    return this.#native.projectName
  }

  /** Upload token (header `X-Aura-Signature`), as @auraimage/sdk. */
  async signUpload(options = {}) {
    return this.signUploadSync({ ...options, now: nowSeconds() })
  }

  /** Synchronous twin; `options.now` in Unix seconds (default: Date.now()). */
  signUploadSync(options = {}) {
    const o = options ?? {}
    const token = call(() =>
      this.#native.signUpload(nowOr(o.now), o.maxSize, o.allowedTypes, o.expiresIn, o.projectName, o.visibility, o.name, o.overwrite),
    )
    // JSON-stringified only: the SDK would sign `\udXXX` escapes.
    wellFormed('projectName', o.projectName ?? this.#projectName)
    wellFormedEach('allowedTypes', o.allowedTypes)
    wellFormed('visibility', o.visibility)
    wellFormed('name', o.name)
    return token
  }

  /** Signed URL for a private image; expiresIn clamped to [60, 604800]. */
  async getSignedUrl(name, options = {}) {
    return this.getSignedUrlSync(name, { ...options, now: nowSeconds() })
  }

  getSignedUrlSync(name, options = {}) {
    const url = call(() => this.#native.getSignedUrl(name, nowOr(options.now), number(options.expiresIn), options.cdnUrl ?? null))
    this.#signedUrlText([name], options)
    return url
  }

  /** Names go through encodeURIComponent (URIError); project and cdnUrl are signed or returned raw. */
  #signedUrlText(names, options) {
    uriEncoded(...names)
    wellFormed('projectName', this.#projectName)
    wellFormed('cdnUrl', options.cdnUrl ?? this.#cdnUrl)
  }

  /** Signed URLs for many names in one native call. */
  getSignedUrls(names, options = {}) {
    const urls = call(() => this.#native.getSignedUrls(names, nowOr(options.now), number(options.expiresIn), options.cdnUrl ?? null))
    this.#signedUrlText(names, options)
    return urls
  }

  /** The exact setVisibility request ({method, url, headers, body}) for your own HTTP client. */
  visibilityRequest(name, visibility, options = {}) {
    const r = call(() => this.#native.setVisibilityRequest(name, visibility, nowOr(options.now)))
    // The SDK encodes both project and name into the PATCH URL.
    uriEncoded(this.#projectName, name)
    wellFormed('cdnUrl', this.#cdnUrl)
    return { method: r.method, url: r.url, headers: Object.fromEntries(r.headers), body: r.body }
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `AuraImage { projectName: ${JSON.stringify(this.projectName)}, secretKey: <redacted> }`
  }

  toJSON() {
    return { projectName: this.projectName }
  }
}

/** `parseSize('30mb')` → 31457280, exactly as @auraimage/sdk (numbers pass through). */
function parseSize(input) {
  return call(() => native.parseSize(input, true))
}

function urlOptions(options) {
  return { ...options, lqip: Boolean(options.lqip), v: options.v === undefined || options.v === null ? undefined : options.v }
}

// project, name and v go through encodeURIComponent; cdnUrl, fit and format are copied raw.
function buildServeUrl(options) {
  const url = call(() => native.buildServeUrl(urlOptions(options), true))
  uriEncoded(options.project, options.name, options.v)
  wellFormed('cdnUrl', options.cdnUrl)
  wellFormed('fit', options.fit)
  wellFormed('format', options.format)
  return url
}

function buildBlurhashUrl(options) {
  const url = call(() => native.buildBlurhashUrl(urlOptions(options), true))
  uriEncoded(options.project, options.name, options.v)
  wellFormed('cdnUrl', options.cdnUrl)
  return url
}

function parseSetVisibilityResponse(status, body) {
  return call(() => native.parseSetVisibilityResponse(status, body))
}

const allErrorCodes = () => native.allErrorCodes()

module.exports = {
  AuraImage,
  parseSize,
  buildServeUrl,
  buildBlurhashUrl,
  parseSetVisibilityResponse,
  allErrorCodes,
  ...errors,
  ...cloudflare,
}
