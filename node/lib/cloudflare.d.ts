import type { StreamKey as NativeStreamKey, StreamPublicKey as NativeStreamPublicKey, JwtKey as NativeJwtKey, StreamUrls, KeyEntry } from '../native/index'

export { StreamUrls }
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
export declare function signImagesUrl(url: string, key: string, options?: ImagesOptions): string
export declare function signImagesUrlDebug(url: string, key: string, options?: ImagesOptions): { url: string; stringToSign: string }
/** Returns exp; valid while now <= exp. */
export declare function verifyImagesUrl(url: string, keys: string | string[], options?: Clock): number

export declare const StreamKey: {
  fromAny(text: string, options?: { keyId?: string }): NativeStreamKey
}
export declare const StreamPublicKey: {
  fromAny(text: string, options?: { keyId?: string }): NativeStreamPublicKey
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
  constructor(key: NativeStreamKey | string, options?: { keyId?: string; style?: StreamStyle })
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
}
export declare const jwt: {
  sign(claims: Record<string, unknown>, key: NativeJwtKey, options?: { headers?: Record<string, unknown> }): string
  verify(
    token: string,
    keys: NativeJwtKey | NativeJwtKey[],
    options: Clock & { algorithms: Array<'HS256' | 'RS256' | 'ES256' | 'EdDSA'>; leeway?: number; requireExp?: boolean },
  ): Record<string, unknown>
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
