'use strict'
// Errors: every failure is an AuraError whose `code` is the core's stable code.
// `toAuraError` is the one mapping from native errors; a test proves it covers
// every code in allErrorCodes().

class AuraError extends Error {
  constructor(code, message, options) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

const define = (name, base) => ({ [name]: class extends base {} })[name]

const InvalidInput = define('InvalidInput', AuraError)
const TokenError = define('TokenError', AuraError)
const MalformedToken = define('MalformedToken', TokenError)
const InvalidSignature = define('InvalidSignature', TokenError)
const TokenExpired = define('TokenExpired', TokenError)
const TokenNotYetValid = define('TokenNotYetValid', TokenError)
const UnknownKeyId = define('UnknownKeyId', TokenError)
const KeyIdMismatch = define('KeyIdMismatch', TokenError)
const AlgorithmNotAllowed = define('AlgorithmNotAllowed', TokenError)
const WrongVideo = define('WrongVideo', TokenError)
const WrongImage = define('WrongImage', TokenError)
const NotDownloadable = define('NotDownloadable', TokenError)
const AccessDenied = define('AccessDenied', TokenError)
const KeyFormatError = define('KeyFormatError', AuraError)
const NotAPrivateKey = define('NotAPrivateKey', KeyFormatError)
const UnsupportedKeyType = define('UnsupportedKeyType', KeyFormatError)
const KeyTooSmall = define('KeyTooSmall', KeyFormatError)
const NotSignable = define('NotSignable', AuraError)
const FlexibleVariantNotSignable = define('FlexibleVariantNotSignable', NotSignable)
const LifetimeTooLong = define('LifetimeTooLong', NotSignable)
const RemoteError = define('RemoteError', AuraError)
const InvalidResponse = define('InvalidResponse', AuraError)
const KeyNotFound = define('KeyNotFound', AuraError)
const InternalError = define('InternalError', AuraError)

/** @auraimage/sdk's error, thrown before any signature check when a resolver meets a token without projectName. */
class MissingProjectNameError extends TokenError {
  constructor() {
    super('missing_project_name', 'Token payload is missing projectName — upgrade @auraimage/sdk to >= 0.4.0 and re-sign')
    this.name = 'MissingProjectNameError'
  }
}

/**
 * @auraimage/sdk's uploadFromUrl error (kind: fetch | content-type | size | upload | invalid-name),
 * constructed as the SDK's; here also an AuraError with code 'upload_from_url'.
 */
class UploadFromUrlError extends AuraError {
  constructor(message, url, kind, status, options) {
    super('upload_from_url', message, options)
    this.name = 'UploadFromUrlError'
    this.url = url
    this.kind = kind
    if (status !== undefined && status !== null) this.status = status
  }
}

const CLASSES = {
  invalid_input: InvalidInput,
  malformed: MalformedToken,
  bad_signature: InvalidSignature,
  expired: TokenExpired,
  not_yet_valid: TokenNotYetValid,
  unknown_kid: UnknownKeyId,
  kid_mismatch: KeyIdMismatch,
  alg_not_allowed: AlgorithmNotAllowed,
  sub_mismatch: WrongVideo,
  not_downloadable: NotDownloadable,
  access_denied: AccessDenied,
  not_a_private_key: NotAPrivateKey,
  invalid_key: KeyFormatError,
  unsupported_key_type: UnsupportedKeyType,
  key_too_small: KeyTooSmall,
  missing_project_name: MissingProjectNameError,
  wrong_image: WrongImage,
  flexible_variant_not_signable: FlexibleVariantNotSignable,
  lifetime_too_long: LifetimeTooLong,
  remote_error: RemoteError,
  invalid_response: InvalidResponse,
  key_not_found: KeyNotFound,
  upload_from_url: UploadFromUrlError,
  internal: InternalError,
}

// napi argument conversion (a wrong JS type): an input error.
const NAPI_INPUT = new Set(['InvalidArg', 'NumberExpected', 'StringExpected', 'ObjectExpected'])

/**
 * The one construction of an error from its code: `data` is a native error
 * (code and message) or an exchange's error data (code, message, and
 * kind/url/status for upload_from_url, status/codes for remote_error).
 */
function fromData(data, options) {
  const Class = CLASSES[data.code]
  if (Class === undefined) {
    if (NAPI_INPUT.has(data.code)) return new InvalidInput('invalid_input', data.message, options)
    return undefined
  }
  if (Class === MissingProjectNameError) return new MissingProjectNameError()
  if (Class === UploadFromUrlError) return new UploadFromUrlError(data.message, data.url, data.kind, data.status, options)
  const err = new Class(data.code, data.message, options)
  if (Class === RemoteError && data.status !== undefined && data.status !== null) {
    // status 0: no HTTP answer (refused, lost, timed out); codes: Cloudflare's, read by the core.
    err.status = data.status
    err.codes = data.codes ?? []
  }
  return err
}

/** The one mapping: a native error (err.code = core code) → its AuraError class. */
function toAuraError(err) {
  if (err instanceof AuraError || !err || typeof err.code !== 'string') return err
  return fromData(err, NAPI_INPUT.has(err.code) ? { cause: err } : undefined) ?? err
}

/** Runs a native call, rethrowing native errors as AuraError subclasses. */
function call(fn) {
  try {
    return fn()
  } catch (err) {
    throw toAuraError(err)
  }
}

module.exports = {
  AuraError, InvalidInput, TokenError, MalformedToken, InvalidSignature, TokenExpired, TokenNotYetValid,
  UnknownKeyId, KeyIdMismatch, AlgorithmNotAllowed, WrongVideo, WrongImage, NotDownloadable, AccessDenied,
  KeyFormatError, NotAPrivateKey, UnsupportedKeyType, KeyTooSmall, NotSignable, FlexibleVariantNotSignable,
  LifetimeTooLong, RemoteError, InvalidResponse, KeyNotFound, InternalError, MissingProjectNameError,
  UploadFromUrlError, CLASSES, fromData, toAuraError, call,
}
