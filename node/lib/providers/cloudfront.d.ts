import type { Secret, CloudFrontKey as NativeCloudFrontKey, CloudFrontPublicKey as NativeCloudFrontPublicKey } from '../../native/index'
import type { Clock } from '../cloudflare'

export type CloudFrontStyle = 'default' | 'aws-js' | 'botocore'
export type CloudFrontHashAlgorithm = 'SHA1' | 'SHA256'
export type CloudFrontKey = NativeCloudFrontKey
export type CloudFrontPublicKey = NativeCloudFrontPublicKey
/** What the AWS SDK takes: a Date, a date string, or milliseconds. */
export type CloudFrontDate = Date | string | number

export interface CloudFrontConditions {
  dateLessThan: CloudFrontDate
  dateGreaterThan?: CloudFrontDate
  /** IPv4 address or CIDR. */
  ipAddress?: string
}
export type CloudFrontUrlOptions = Clock & ({ url: string; policy?: undefined } & CloudFrontConditions | { url?: string; policy: string })
export type CloudFrontCookieOptions = Clock & ({ url: string; policy?: undefined } & CloudFrontConditions | { url?: string; policy: string })
export interface CloudFrontSignedUrl {
  url: string
  /** The exact text signed. */
  policy: string
  hashAlgorithm: CloudFrontHashAlgorithm
  canned: boolean
}
export interface CloudFrontCookies {
  'CloudFront-Key-Pair-Id': string
  'CloudFront-Signature': string
  'CloudFront-Expires'?: number
  'CloudFront-Policy'?: string
  'CloudFront-Hash-Algorithm'?: 'SHA256'
}
export interface CloudFrontSignedCookies {
  cookies: CloudFrontCookies
  policy: string
  hashAlgorithm: CloudFrontHashAlgorithm
}
export interface CloudFrontUnsigned<T> {
  readonly policy: string
  readonly hashAlgorithm: CloudFrontHashAlgorithm
  readonly canned: boolean
  sign(): T
  /** A PKCS#1 v1.5 signature made elsewhere (an HSM), checked with the public key. */
  finish(signature: Uint8Array): T
}
export interface CloudFrontSignerOptions {
  keyPairId: string
  /** PKCS#1 or PKCS#8 PEM. */
  privateKey: string | Secret
  hashAlgorithm?: CloudFrontHashAlgorithm
  style?: CloudFrontStyle
}
export declare const CloudFrontKey: {
  fromPem(pem: string | Secret, keyPairId: string, options?: { hashAlgorithm?: CloudFrontHashAlgorithm }): NativeCloudFrontKey
}
export declare const CloudFrontPublicKey: {
  fromPem(pem: string | Secret, keyPairId: string): NativeCloudFrontPublicKey
}
export declare class CloudFrontSigner {
  constructor(options: CloudFrontSignerOptions)
  constructor(key: NativeCloudFrontKey, options?: { style?: CloudFrontStyle })
  readonly style: CloudFrontStyle
  readonly keyPairId: string
  readonly hashAlgorithm: CloudFrontHashAlgorithm
  publicKey(): NativeCloudFrontPublicKey
  prepareUrl(options: CloudFrontUrlOptions): CloudFrontUnsigned<CloudFrontSignedUrl>
  signUrl(options: CloudFrontUrlOptions): CloudFrontSignedUrl
  getSignedUrl(options: CloudFrontUrlOptions): string
  prepareCookies(options: CloudFrontCookieOptions): CloudFrontUnsigned<CloudFrontSignedCookies>
  signCookies(options: CloudFrontCookieOptions): CloudFrontSignedCookies
  getSignedCookies(options: CloudFrontCookieOptions): CloudFrontCookies
}
export declare function buildPolicy(resource: string, conditions: CloudFrontConditions, style?: CloudFrontStyle): string
export declare function epochSeconds(value: CloudFrontDate): number
export interface CloudFrontVerifyOptions extends Clock {
  /** Required when the policy has IpAddress. */
  clientIp?: string
  /** Default true (CloudFront accepts RSA-SHA1). */
  allowSha1?: boolean
}
export interface CloudFrontVerifiedAccess {
  keyPairId: string
  hashAlgorithm: CloudFrontHashAlgorithm
  canned: boolean
  policy: string
  resource: string
  dateLessThan: number
  dateGreaterThan?: number | null
  ipAddress?: string | null
}
export declare class CloudFrontVerifier {
  constructor(keys: NativeCloudFrontPublicKey | NativeCloudFrontKey | CloudFrontSigner | Array<NativeCloudFrontPublicKey | NativeCloudFrontKey | CloudFrontSigner>)
  verifyUrl(url: string, options?: CloudFrontVerifyOptions): CloudFrontVerifiedAccess
  verifyCookies(url: string, cookies: Partial<CloudFrontCookies> | Array<[string, string]>, options?: CloudFrontVerifyOptions): CloudFrontVerifiedAccess
}
