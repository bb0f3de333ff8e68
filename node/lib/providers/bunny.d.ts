import type { Secret } from '../../native/index'
import type { Clock } from '../cloudflare'

/** 'default': the Python signer's bytes, refusing what a client would not request as signed; the others: one official signer. */
export type BunnyStyle = 'default' | 'node' | 'python' | 'go' | 'rust' | 'php'

export interface BunnySignOptions extends Clock {
  style?: BunnyStyle
  /** Seconds from now; default 86400. */
  expirationTime?: number
  /** Absolute Unix seconds instead. */
  expiresAt?: number
  /** Lock to this viewer IP (IPv6 to its /64). */
  userIp?: string
  /** The token in the path (/bcdn_token=…/path); default the style's (true for python only). */
  isDirectory?: boolean
  pathAllowed?: string
  countriesAllowed?: string
  countriesBlocked?: string
  ignoreParams?: boolean
  speedLimit?: number
}
export interface SignedBunnyUrl {
  url: string
  token: string
  expires: number
  signaturePath: string
  signingData: string
}
export declare class BunnySigner {
  constructor(securityKey: string | Secret)
  signUrl(url: string, options?: BunnySignOptions): string
  signDetails(url: string, options?: BunnySignOptions): SignedBunnyUrl
}
export interface BunnyToken {
  expires: number
  directory: boolean
  ipLocked: boolean
  pathAllowed: string | null
  countriesAllowed: string | null
  countriesBlocked: string | null
  speedLimit: string | null
  ignoreParams: boolean
}
export declare class BunnyVerifier {
  constructor(keys: string | Secret | Array<string | Secret>)
  verify(url: string, options?: Clock & { viewerIp?: string; viewerCountry?: string }): BunnyToken
}
