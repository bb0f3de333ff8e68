import type { Secret } from '../../native/index'
import type { Clock } from '../cloudflare'

export type EdgeAuthAlgorithm = 'sha256' | 'sha1' | 'md5'
/** 'default': both packages' bytes, refusing what they escape differently or what the edge cannot split; 'node' / 'python': one package's bytes. */
export type EdgeAuthStyle = 'default' | 'node' | 'python'

export interface EdgeAuthSettings {
  style?: EdgeAuthStyle
  salt?: string
  /** Default '~'; never empty. */
  fieldDelimiter?: string
  /** Default '!'. */
  aclDelimiter?: string
  escapeEarly?: boolean
}
export interface EdgeAuthTokenOptions extends EdgeAuthSettings, Clock {
  ip?: string
  /** Unix seconds (> 0) or 'now'. */
  startTime?: number | 'now'
  /** Unix seconds (> 0); wins over windowSeconds. */
  endTime?: number
  windowSeconds?: number
  sessionId?: string
  payload?: string
}
export interface EdgeAuthTokenDetails {
  token: string
  stringToSign: string
  start?: number | null
  expires: number
}
export interface EdgeAuthClaims {
  ip: string | null
  start: number | null
  expires: number
  acl: string[] | null
  sessionId: string | null
  payload: string | null
}
export declare class EdgeAuthSigner {
  /** `key`: the even-length hex key of the property's token settings. */
  constructor(key: string | Secret, options?: { algorithm?: EdgeAuthAlgorithm })
  readonly algorithm: EdgeAuthAlgorithm
  urlToken(url: string, options?: EdgeAuthTokenOptions): string
  urlTokenDetails(url: string, options?: EdgeAuthTokenOptions): EdgeAuthTokenDetails
  aclToken(acl: string | string[], options?: EdgeAuthTokenOptions): string
  aclTokenDetails(acl: string | string[], options?: EdgeAuthTokenOptions): EdgeAuthTokenDetails
}
export interface EdgeAuthVerifyOptions extends Clock {
  /** Required when the token carries ip=. */
  viewerIp?: string
}
export declare class EdgeAuthVerifier {
  constructor(keys: string | Secret | Array<string | Secret>, options?: EdgeAuthSettings & { algorithm?: EdgeAuthAlgorithm })
  verifyUrl(token: string, url: string, options?: EdgeAuthVerifyOptions): EdgeAuthClaims
  verifyAcl(token: string, path: string, options?: EdgeAuthVerifyOptions): EdgeAuthClaims
}
