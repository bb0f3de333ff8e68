'use strict'
// `aura-sign`: a drop-in for `@auraimage/sdk` (same names, signatures,
// defaults and Promise shapes), with synchronous twins and Cloudflare helpers.

const native = require('./native.cjs')
const { call, CLASSES: _classes, fromData: _fromData, ...errors } = require('./errors.cjs')
const { nowSeconds, nowOr } = require('./clock.cjs')
const { uriEncoded, wellFormed, wellFormedEach } = require('./text.cjs')
const { drive, expect, sleep, boundary } = require('./http.cjs')
const cloudflare = require('./cloudflare.cjs')

const number = (v) => (typeof v === 'number' ? v : undefined)

/**
 * `new AuraImage({ secretKey, projectName, serveSecret?, cdnUrl? })`, plus
 * `fetch?` (default globalThis.fetch, looked up per call), `timeout?` (ms per
 * request; default none, as the SDK) and `sleep?` (ms => Promise) for the
 * HTTP methods (setVisibility, upload, uploadFromUrl).
 */
// Lone surrogates (text.cjs): each method calls the core first, so every error
// the SDK raises before it encodes or stringifies comes first, as in the SDK;
// then URIError where the SDK applies encodeURIComponent, InvalidInput where
// it would sign or return bytes aura cannot produce. Secrets are not checked:
// the SDK's TextEncoder turns a lone surrogate into U+FFFD, as napi does.
class AuraImage {
  #native
  #projectName
  #cdnUrl
  #host

  constructor({ secretKey, projectName, serveSecret, cdnUrl, fetch, timeout, sleep: sleepFn, random } = {}) {
    this.#native = call(() => new native.NativeAuraImage(secretKey ?? '', projectName ?? '', serveSecret ?? null, cdnUrl ?? null, true))
    this.#projectName = projectName
    this.#cdnUrl = cdnUrl
    this.#host = { fetch, timeout, sleep: sleepFn ?? sleep, random }
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

  /**
   * As @auraimage/sdk: PATCH {cdnUrl}/v1/images/{project}/{name} with a fresh
   * upload token; resolves to `{ visibility }`, rejects with RemoteError
   * (`AuraImage.setVisibility failed (status): message`, `.status`).
   */
  async setVisibility(name, visibility) {
    const ex = call(() => this.#native.setVisibilityExchange(name, visibility, nowSeconds()))
    const answer = await drive(ex, this.#host, () => {
      uriEncoded(this.#projectName, name)
      wellFormed('cdnUrl', this.#cdnUrl)
    })
    return { visibility: expect(answer, 'visibility').visibility ?? undefined }
  }

  /**
   * Uploads `file` (Uint8Array, ArrayBuffer, Blob/File) as one multipart
   * `file` part with a fresh upload token for the signUpload `options`
   * (`name`, `visibility`, `overwrite`, `maxSize`…), plus `filename` (default
   * the File's name, else 'upload') and `contentType` (default the Blob's
   * type, else application/octet-stream). Resolves to the upload result.
   */
  async upload(file, options = {}) {
    const o = options ?? {}
    const bytes = await bytesOf(file)
    const filename = o.filename ?? (typeof file?.name === 'string' && file.name !== '' ? file.name : 'upload')
    const contentType = o.contentType ?? (typeof file?.type === 'string' && file.type !== '' ? file.type : 'application/octet-stream')
    const ex = call(() =>
      this.#native.uploadExchange(bytes, filename, contentType, nowSeconds(), boundary(),
        o.maxSize, o.allowedTypes, o.expiresIn, o.projectName, o.visibility, o.name, o.overwrite),
    )
    const answer = await drive(ex, this.#host, () => {
      wellFormed('projectName', o.projectName ?? this.#projectName)
      wellFormedEach('allowedTypes', o.allowedTypes)
      wellFormed('visibility', o.visibility)
      wellFormed('name', o.name)
      wellFormed('filename', filename)
      wellFormed('contentType', contentType)
    })
    return expect(answer, 'uploaded').uploaded
  }

  /**
   * As @auraimage/sdk: fetches `url` once (`timeout` ms, default 30000),
   * checks it, uploads it; rejects with UploadFromUrlError (`kind`, `url`,
   * `status`) with the SDK's messages. Options: name, maxSize, visibility,
   * overwrite, timeout.
   */
  async uploadFromUrl(url, options = {}) {
    const o = options ?? {}
    const ex = call(() =>
      this.#native.uploadFromUrlExchange(url, nowSeconds(), boundary(), o.name ?? null, o.maxSize ?? null, o.visibility ?? null, o.overwrite ?? null, o.timeout ?? null),
    )
    const answer = await drive(ex, this.#host, () => {
      wellFormed('name', o.name)
      wellFormed('visibility', o.visibility)
    })
    return expect(answer, 'uploaded').uploaded
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `AuraImage { projectName: ${JSON.stringify(this.projectName)}, secretKey: <redacted> }`
  }

  toJSON() {
    return { projectName: this.projectName }
  }
}

/** The bytes of an upload: a Uint8Array (a Buffer too), an ArrayBuffer, another view, or a Blob. */
async function bytesOf(file) {
  if (file instanceof Uint8Array) return file
  if (file instanceof ArrayBuffer) return new Uint8Array(file)
  if (ArrayBuffer.isView(file)) return new Uint8Array(file.buffer, file.byteOffset, file.byteLength)
  if (typeof Blob !== 'undefined' && file instanceof Blob) return new Uint8Array(await file.arrayBuffer())
  throw new errors.InvalidInput('invalid_input', 'upload: file must be a Uint8Array, an ArrayBuffer or a Blob')
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
