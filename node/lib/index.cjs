'use strict'
// `aura-sign`: a drop-in for `@auraimage/sdk` (same names, signatures,
// defaults and Promise shapes), with synchronous twins and Cloudflare helpers.

const native = require('./native.cjs')
const { call, CLASSES: _classes, ...errors } = require('./errors.cjs')
const { nowSeconds, nowOr } = require('./clock.cjs')
const cloudflare = require('./cloudflare.cjs')

const number = (v) => (typeof v === 'number' ? v : undefined)

/** `new AuraImage({ secretKey, projectName, serveSecret?, cdnUrl? })`. */
class AuraImage {
  #native

  constructor({ secretKey, projectName, serveSecret, cdnUrl } = {}) {
    this.#native = call(() => new native.NativeAuraImage(secretKey ?? '', projectName ?? '', serveSecret ?? null, cdnUrl ?? null, true))
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
    return call(() =>
      this.#native.signUpload(nowOr(o.now), o.maxSize, o.allowedTypes, o.expiresIn, o.projectName, o.visibility, o.name, o.overwrite),
    )
  }

  /** Signed URL for a private image; expiresIn clamped to [60, 604800]. */
  async getSignedUrl(name, options = {}) {
    return this.getSignedUrlSync(name, { ...options, now: nowSeconds() })
  }

  getSignedUrlSync(name, options = {}) {
    return call(() => this.#native.getSignedUrl(name, nowOr(options.now), number(options.expiresIn), options.cdnUrl ?? null))
  }

  /** Signed URLs for many names in one native call. */
  getSignedUrls(names, options = {}) {
    return call(() => this.#native.getSignedUrls(names, nowOr(options.now), number(options.expiresIn), options.cdnUrl ?? null))
  }

  /** The exact setVisibility request ({method, url, headers, body}) for your own HTTP client. */
  visibilityRequest(name, visibility, options = {}) {
    const r = call(() => this.#native.setVisibilityRequest(name, visibility, nowOr(options.now)))
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

function buildServeUrl(options) {
  return call(() => native.buildServeUrl(urlOptions(options), true))
}

function buildBlurhashUrl(options) {
  return call(() => native.buildBlurhashUrl(urlOptions(options), true))
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
