export type AuraErrorCode =
  | 'invalid_input' | 'malformed' | 'bad_signature' | 'expired' | 'not_yet_valid' | 'unknown_kid' | 'kid_mismatch'
  | 'alg_not_allowed' | 'sub_mismatch' | 'not_downloadable' | 'access_denied' | 'not_a_private_key' | 'invalid_key'
  | 'unsupported_key_type' | 'key_too_small' | 'missing_project_name' | 'wrong_image' | 'flexible_variant_not_signable'
  | 'lifetime_too_long' | 'remote_error' | 'invalid_response' | 'key_not_found' | 'upload_from_url' | 'internal'

/** Every failure: `code` is the core's stable code, the same in every language. */
export declare class AuraError extends Error {
  constructor(code: AuraErrorCode, message: string, options?: ErrorOptions)
  readonly code: AuraErrorCode
}
export declare class InvalidInput extends AuraError {}
export declare class TokenError extends AuraError {}
export declare class MalformedToken extends TokenError {}
export declare class InvalidSignature extends TokenError {}
export declare class TokenExpired extends TokenError {}
export declare class TokenNotYetValid extends TokenError {}
export declare class UnknownKeyId extends TokenError {}
export declare class KeyIdMismatch extends TokenError {}
export declare class AlgorithmNotAllowed extends TokenError {}
export declare class WrongVideo extends TokenError {}
export declare class WrongImage extends TokenError {}
export declare class NotDownloadable extends TokenError {}
export declare class AccessDenied extends TokenError {}
export declare class KeyFormatError extends AuraError {}
export declare class NotAPrivateKey extends KeyFormatError {}
export declare class UnsupportedKeyType extends KeyFormatError {}
export declare class KeyTooSmall extends KeyFormatError {}
export declare class NotSignable extends AuraError {}
export declare class FlexibleVariantNotSignable extends NotSignable {}
export declare class LifetimeTooLong extends NotSignable {}
/** The remote service refused (or never answered: status 0). */
export declare class RemoteError extends AuraError {
  /** Set on errors from the HTTP methods: the HTTP status, 0 when no answer arrived. */
  readonly status?: number
  /** Set on errors from the HTTP methods: Cloudflare's numeric error codes, in order. */
  readonly codes?: number[]
}
export declare class InvalidResponse extends AuraError {}
export declare class KeyNotFound extends AuraError {}
export declare class InternalError extends AuraError {}
/** As @auraimage/sdk: a resolver met a token without projectName. */
export declare class MissingProjectNameError extends TokenError {
  constructor()
}
export type UploadFromUrlErrorKind = 'fetch' | 'content-type' | 'size' | 'upload' | 'invalid-name'
/** As @auraimage/sdk (name 'UploadFromUrlError', kind, url, status); also an AuraError with code 'upload_from_url'. */
export declare class UploadFromUrlError extends AuraError {
  constructor(message: string, url: string, kind: UploadFromUrlErrorKind, status?: number, options?: ErrorOptions)
  readonly url: string
  readonly kind: UploadFromUrlErrorKind
  /** The source's non-2xx status (kind fetch) or the CDN's (kind upload). */
  readonly status?: number
}
/** Maps a native error to its AuraError subclass (other values pass through). */
export declare function toAuraError(err: unknown): unknown
