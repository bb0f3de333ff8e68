import type { Secret } from '../../native/index'
import type { Clock } from '../cloudflare'

/** Whole Unix seconds, or a Date (truncated to seconds, as the samples' int(total_seconds())). */
export type GoogleCdnTime = number | Date

/** One of `expires` / `expiresIn` (required for URLs, prefixes, cookies and path components). */
export interface GoogleCdnExpiry extends Clock {
  /** Valid while now <= expires; before 1970 is refused. */
  expires?: GoogleCdnTime
  /** Seconds after `now`. */
  expiresIn?: number
}
export interface GoogleCdnSigned {
  /** What the sample returns: the URL, the `Name=value` cookie, or the token. */
  value: string
  /** The exact text given to HMAC / Ed25519. */
  stringToSign: string
}
export interface GoogleCdnGrant {
  keyName: string
  expires: number
  /** The signed URLPrefix, decoded; null for a whole-URL signature. */
  urlPrefix: string | null
}

export declare class CloudCdnSigner {
  /** `base64Key`: urlsafe base64, padding required (as Google shows it); `keyName`: A–Z a–z 0–9 - _ . */
  constructor(keyName: string, base64Key: string | Secret)
  readonly keyName: string
  signUrl(url: string, options: GoogleCdnExpiry): string
  signUrlDetails(url: string, options: GoogleCdnExpiry): GoogleCdnSigned
  signUrlPrefix(url: string, urlPrefix: string, options: GoogleCdnExpiry): string
  signUrlPrefixDetails(url: string, urlPrefix: string, options: GoogleCdnExpiry): GoogleCdnSigned
  /** `Cloud-CDN-Cookie=URLPrefix=…:Expires=…:KeyName=…:Signature=…` (name included). */
  signCookie(urlPrefix: string, options: GoogleCdnExpiry): string
  signCookieDetails(urlPrefix: string, options: GoogleCdnExpiry): GoogleCdnSigned
}
export type CloudCdnKeys = Record<string, string | Secret> | Map<string, string | Secret> | Array<{ keyName: string; key: string | Secret }>
export declare class CloudCdnVerifier {
  constructor(keys?: CloudCdnKeys)
  addKey(keyName: string, base64Key: string | Secret): this
  verifyUrl(url: string, options?: Clock): GoogleCdnGrant
  /** The cookie value (with or without `Cloud-CDN-Cookie=`) for a request to `requestUrl`. */
  verifyCookie(cookie: string, requestUrl: string, options?: Clock): GoogleCdnGrant
}

/** 32 bytes, or urlsafe base64 text (padded or not). */
export type Ed25519PublicKey = Uint8Array | ArrayBuffer | string

export declare class MediaCdnSigner {
  /** `base64Key`: the 32-byte Ed25519 seed, urlsafe base64 (padding required). */
  constructor(keyName: string, base64Key: string | Secret)
  readonly keyName: string
  /** The 32-byte public key for the keyset (a Buffer: `.toString('base64url')` for gcloud). */
  publicKey(): Uint8Array
  signUrl(url: string, options: GoogleCdnExpiry): string
  signUrlDetails(url: string, options: GoogleCdnExpiry): GoogleCdnSigned
  signUrlPrefix(url: string, urlPrefix: string, options: GoogleCdnExpiry): string
  signUrlPrefixDetails(url: string, urlPrefix: string, options: GoogleCdnExpiry): GoogleCdnSigned
  /** `Edge-Cache-Cookie=URLPrefix=…:Expires=…:KeyName=…:Signature=…`. */
  signCookie(urlPrefix: string, options: GoogleCdnExpiry): string
  signCookieDetails(urlPrefix: string, options: GoogleCdnExpiry): GoogleCdnSigned
  /** `urlPrefix + 'edge-cache-token=Expires=…&KeyName=…&Signature=…/' + filename`. */
  signPathComponent(urlPrefix: string, filename: string, options: GoogleCdnExpiry): string
  signPathComponentDetails(urlPrefix: string, filename: string, options: GoogleCdnExpiry): GoogleCdnSigned
}
export type MediaCdnKeys =
  | MediaCdnSigner
  | Record<string, Ed25519PublicKey>
  | Map<string, Ed25519PublicKey>
  | Array<MediaCdnSigner | { keyName: string; publicKey: Ed25519PublicKey }>
export declare class MediaCdnVerifier {
  constructor(keys?: MediaCdnKeys)
  addPublicKey(keyName: string, publicKey: Ed25519PublicKey): this
  verifyUrl(url: string, options?: Clock): GoogleCdnGrant
  /** The cookie value (with or without `Edge-Cache-Cookie=`) for a request to `requestUrl`. */
  verifyCookie(cookie: string, requestUrl: string, options?: Clock): GoogleCdnGrant
  verifyPathComponent(url: string, options?: Clock): GoogleCdnGrant
}

export type MediaCdnTokenAlgorithm = 'ed25519' | 'sha1' | 'sha256'
export interface GoogleCdnHeader {
  name: string
  value: string
}
/** dualtoken.py sign_token's arguments: exactly one of fullPath, pathGlobs, urlPrefix ('' is none, as in the sample). */
export interface MediaCdnTokenOptions extends Clock {
  fullPath?: string
  /** Globs separated by ',' or '!'; '*' matches any run. */
  pathGlobs?: string
  urlPrefix?: string
  starts?: GoogleCdnTime
  /** Default now + 3600, as the sample. */
  expires?: GoogleCdnTime
  expiresIn?: number
  sessionId?: string
  data?: string
  /** The token lists the names; the signature covers name=value. */
  headers?: GoogleCdnHeader[] | Record<string, string>
  /** Comma-separated CIDRs (ASCII). */
  ipRanges?: string
}
export declare class MediaCdnTokenSigner {
  /** An Ed25519 seed (32 bytes) or an HMAC secret, urlsafe base64; the algorithm is required. */
  constructor(base64Key: string | Secret, options: { algorithm: MediaCdnTokenAlgorithm | Uppercase<MediaCdnTokenAlgorithm> })
  readonly algorithm: MediaCdnTokenAlgorithm
  /** The Ed25519 public key (a Buffer); null for an HMAC key. */
  publicKey(): Uint8Array | null
  sign(options: MediaCdnTokenOptions): string
  signDetails(options: MediaCdnTokenOptions): GoogleCdnSigned
}
export interface MediaCdnTokenRequest extends Clock {
  /** The full request URL (for URLPrefix). */
  url?: string
  /** The request path (for FullPath and PathGlobs). */
  path?: string
  /** Request headers (names case-insensitive; Node's req.headers works: arrays are joined with ', '). */
  headers?: GoogleCdnHeader[] | Record<string, string | string[] | undefined>
  /** Required when the token has IPRanges. */
  viewerIp?: string
}
export interface MediaCdnTokenGrant {
  starts: number | null
  expires: number
  sessionId: string | null
  data: string | null
  headerNames: string[]
  ipRanges: string | null
}
export declare class MediaCdnTokenVerifier {
  constructor(keys?: {
    publicKeys?: Ed25519PublicKey | MediaCdnSigner | MediaCdnTokenSigner | Array<Ed25519PublicKey | MediaCdnSigner | MediaCdnTokenSigner>
    hmacKeys?: string | Secret | Array<string | Secret>
  })
  addPublicKey(publicKey: Ed25519PublicKey | MediaCdnSigner | MediaCdnTokenSigner): this
  addHmacKey(base64Key: string | Secret): this
  verify(token: string, request?: MediaCdnTokenRequest): MediaCdnTokenGrant
}
