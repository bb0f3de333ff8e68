import type { StreamKey as NativeStreamKey, StreamPublicKey as NativeStreamPublicKey, JwtKey as NativeJwtKey, KeyEntry } from '../native/index'
import { StreamUrls, Secret } from '../native/index'

export { StreamUrls, Secret }
export type StreamKey = NativeStreamKey
export type StreamPublicKey = NativeStreamPublicKey
export type JwtKey = NativeJwtKey

export interface Clock {
  /** Unix seconds; default Math.floor(Date.now() / 1000). */
  now?: number
}

export interface ImagesOptions extends Clock {
  /** Seconds; default 86400. */
  expiresIn?: number
  /** 'default' (safe) or 'worker' (Cloudflare's docs Worker, byte for byte). */
  mode?: 'default' | 'worker'
}
/** `key`: the signing key's text, or the Secret Cloudflare#listImagesKeys / ensureSigningKey gave. */
export declare function signImagesUrl(url: string, key: string | Secret, options?: ImagesOptions): string
export declare function signImagesUrlDebug(url: string, key: string | Secret, options?: ImagesOptions): { url: string; stringToSign: string }
/** Returns exp; valid while now <= exp. */
export declare function verifyImagesUrl(url: string, keys: string | Secret | Array<string | Secret>, options?: Clock): number

export declare const StreamKey: {
  fromAny(text: string | Secret, options?: { keyId?: string }): NativeStreamKey
}
export declare const StreamPublicKey: {
  fromAny(text: string | Secret, options?: { keyId?: string }): NativeStreamPublicKey
  fromJwks(text: string): NativeStreamPublicKey[]
}

export interface AccessRule {
  type: 'any' | 'ip.src' | 'ip.geoip.country'
  action: 'allow' | 'block'
  ip?: string[]
  country?: string[]
}
export interface StreamTokenOptions extends Clock {
  /** Seconds; default 3600. Above 86400 needs allowLongLifetime. */
  expiresIn?: number
  /** Absolute Unix time. */
  notBefore?: number
  accessRules?: AccessRule[]
  downloadable?: boolean
  allowLongLifetime?: boolean
}
export type StreamStyle = 'cloudflare' | 'jsonwebtoken' | 'jsonwebtoken-claims-kid' | 'go-jose'
export declare class StreamSigner {
  constructor(key: NativeStreamKey | CreatedStreamKey | string | Secret, options?: { keyId?: string; style?: StreamStyle })
  readonly keyId: string
  sign(videoId: string, options?: StreamTokenOptions): string
  signMany(videoIds: string[], options?: StreamTokenOptions): string[]
}
export interface VerifyStreamOptions extends Clock {
  /** The expected video UID; null skips the sub check on purpose. Required. */
  videoId: string | null
  leeway?: number
  purpose?: 'playback' | 'download'
  viewerIp?: string
  viewerCountry?: string
  requireExp?: boolean
}
export declare function verifyStreamToken(
  token: string,
  keys: NativeStreamPublicKey | NativeStreamKey | Array<NativeStreamPublicKey | NativeStreamKey>,
  options: VerifyStreamOptions,
): Record<string, unknown>
export declare function evaluateAccessRules(
  rules: AccessRule[],
  viewerIp?: string | null,
  viewerCountry?: string | null,
): { decision: 'allow' | 'block'; matchedRule: number | null }

export declare const JwtKey: {
  fromPem(text: string, options?: { kid?: string }): NativeJwtKey
  hmac(secret: string, options?: { kid?: string }): NativeJwtKey
  /** One JWK (RFC 7517): oct (HS256), RSA, EC P-256 or OKP Ed25519. */
  fromJwk(jwk: string | Record<string, unknown>): NativeJwtKey
}
export declare const jwt: {
  sign(claims: Record<string, unknown>, key: NativeJwtKey, options?: { headers?: Record<string, unknown> }): string
  verify(
    token: string,
    keys: NativeJwtKey | NativeJwtKey[],
    options: Clock & { algorithms: Array<'HS256' | 'RS256' | 'ES256' | 'EdDSA'>; leeway?: number; requireExp?: boolean },
  ): Record<string, unknown>
  /** RFC 7515 compact JWS over exact bytes (strings are UTF-8). */
  signCompact(protectedHeader: string | Uint8Array, payload: string | Uint8Array, key: NativeJwtKey): string
  /** Checks only the signature. */
  verifyCompact(
    token: string,
    keys: NativeJwtKey | NativeJwtKey[],
    options: { algorithms: Array<'HS256' | 'RS256' | 'ES256' | 'EdDSA'> },
  ): { header: Record<string, unknown>; payload: Uint8Array }
}

export declare function generateSecret(kind?: 'secret_key' | 'serve_secret'): string
export declare function generateKeyId(): string
export declare function generateStreamKey(options?: { keyId?: string }): { id: string; pem: string; jwk: string }
export declare function exportStreamKey(key: NativeStreamKey, keyId: string): { id: string; pem: string; jwk: string }
export declare class KeyRing {
  add(id: string, secret: string, options?: Clock): void
  rotate(id: string, secret: string, options?: Clock): void
  retire(id: string): void
  revoke(id: string): void
  signingKey(): { id: string; secret: string }
  verificationSecrets(): string[]
  list(): KeyEntry[]
}

// ---- the Cloudflare API ----------------------------------------------------

export interface CloudflareOptions {
  /** Default CLOUDFLARE_ACCOUNT_ID. */
  accountId?: string
  /** An API token; when none of apiToken/email/apiKey is given: CLOUDFLARE_API_TOKEN, else CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY. */
  apiToken?: string | Secret
  /** With apiKey: the legacy Global API key scheme. */
  email?: string
  apiKey?: string | Secret
  /** Default CLOUDFLARE_BASE_URL, else https://api.cloudflare.com/client/v4. */
  baseUrl?: string
  /** Milliseconds per attempt; default 30000. */
  timeout?: number
  /** Default globalThis.fetch (looked up per call). */
  fetch?: typeof fetch
  /** How to wait before a retry the core asks for; default setTimeout. */
  sleep?: (ms: number) => Promise<unknown>
  /** The retry jitter in [0, 1); default Math.random (inject it for deterministic tests). */
  random?: () => number
}
export interface ImagesSigningKey {
  name: string
  value: Secret
}
export interface EnsureOptions {
  /** Use an existing key of that name instead of refusing; default false. */
  adopt?: boolean
  /** Delete the key on removal; default true. */
  delete?: boolean
}
export interface EnsuredSigningKey {
  key: ImagesSigningKey
  action: 'adopted' | 'created'
}
export type SigningKeyRemoval =
  | { outcome: 'kept' }
  | { outcome: 'already-gone' }
  | { outcome: 'deleted'; remaining: ImagesSigningKey[] }
export interface ImageDetails {
  id: string
  filename: string | null
  requireSignedUrls: boolean
  uploaded: string | null
  variants: string[]
  creator: string | null
  /** The whole `result` Cloudflare sent. */
  raw: Record<string, unknown>
}
export interface VideoDetails {
  uid: string
  requireSignedUrls: boolean
  readyToStream: boolean | null
  /** status.state: pendingupload, queued, inprogress, ready, error… */
  state: string | null
  raw: Record<string, unknown>
}
export interface StreamKeyInfo {
  id: string
  created: string | null
  keyId: string | null
}
/** A Stream signing key just created; pass it to `new StreamSigner(created)`. */
export declare class CreatedStreamKey {
  private constructor()
  readonly id: string
  readonly created: string | null
  /** Standard base64 of a PKCS#1 PEM, as Cloudflare sent it. */
  readonly pem: Secret
  /** Standard base64 of the JWK JSON, when sent. */
  readonly jwk: Secret | null
  /** The private key, with `id` as its key id. */
  readonly key: NativeStreamKey
  signer(options?: { style?: StreamStyle }): StreamSigner
}
export interface StreamTokenRequest {
  /** Sign with your own key: `{ id, pem }` or a CreatedStreamKey. */
  signingKey?: { id: string; pem: string | Secret }
  /** Unix seconds; at most 24 h after issue. */
  exp?: number
  nbf?: number
  downloadable?: boolean
  accessRules?: AccessRule[]
  /** flags.original */
  original?: boolean
}
/** Cloudflare Images and Stream APIs; every rule (retries, answers) is the core's. */
export declare class Cloudflare {
  constructor(options?: CloudflareOptions)
  readonly accountId: string
  readonly baseUrl: string
  listImagesKeys(): Promise<ImagesSigningKey[]>
  createImagesKey(name: string): Promise<ImagesSigningKey>
  rotateImagesKey(name: string): Promise<ImagesSigningKey>
  deleteImagesKey(name: string): Promise<ImagesSigningKey[]>
  ensureSigningKey(name: string, options?: EnsureOptions): Promise<EnsuredSigningKey>
  removeSigningKey(name: string, options?: EnsureOptions): Promise<SigningKeyRemoval>
  imageDetails(imageId: string): Promise<ImageDetails>
  setImageRequireSignedUrls(imageId: string, require: boolean): Promise<ImageDetails>
  createStreamKey(): Promise<CreatedStreamKey>
  listStreamKeys(): Promise<StreamKeyInfo[]>
  revokeStreamKey(keyId: string): Promise<string | null>
  videoDetails(uid: string): Promise<VideoDetails>
  setVideoRequireSignedUrls(uid: string, require: boolean): Promise<VideoDetails>
  streamToken(uid: string, options?: StreamTokenRequest): Promise<Secret>
}
