import type { Secret, MuxPublicKey as NativeMuxPublicKey } from '../../native/index'
import type { Clock } from '../cloudflare'

export type MuxPlaybackType = 'video' | 'thumbnail' | 'gif' | 'storyboard' | 'stats' | 'drm_license'
export type MuxViewerCountType = 'video' | 'asset' | 'playback' | 'live_stream'
export type MuxTokenName = 'playback-token' | 'thumbnail-token' | 'gif-token' | 'storyboard-token' | 'stats-token' | 'drm-token'
export type MuxPublicKey = NativeMuxPublicKey

export interface MuxTokenOptions extends Clock {
  /** Seconds, or a time span ('7d', '2 hours', '90s'); default '7d'. */
  expiration?: number | string
  /** Extra claims (time, width, playback_restriction_id…), in this order. */
  params?: Record<string, unknown>
}
export interface MuxSignerOptions {
  /** The signing key's id; default MUX_SIGNING_KEY. */
  keyId?: string
  /** The dashboard's base64 string or PKCS#1/PKCS#8 PEM; default MUX_PRIVATE_KEY. */
  keySecret?: string | Secret
}
export declare class MuxSigner {
  constructor(options?: MuxSignerOptions)
  readonly keyId: string
  publicKey(): NativeMuxPublicKey
  signPlaybackId(playbackId: string, options?: MuxTokenOptions & { type?: MuxPlaybackType }): string
  signPlaybackId(
    playbackId: string,
    options: MuxTokenOptions & { type: Array<MuxPlaybackType | [MuxPlaybackType, Record<string, unknown>]> },
  ): Partial<Record<MuxTokenName, string>>
  signDrmLicense(playbackId: string, options?: MuxTokenOptions & { type?: MuxPlaybackType }): string
  signViewerCounts(id: string, options?: MuxTokenOptions & { type?: MuxViewerCountType }): string
}
export declare const MuxPublicKey: {
  fromAny(text: string | Secret, keyId: string): NativeMuxPublicKey
}
export interface MuxVerifyOptions<T> extends Clock {
  type?: T
  /** Seconds of clock skew, 0–300. */
  leeway?: number
}
export declare class MuxVerifier {
  constructor(keys: NativeMuxPublicKey | MuxSigner | Array<NativeMuxPublicKey | MuxSigner>)
  verifyPlayback(token: string, playbackId: string, options?: MuxVerifyOptions<MuxPlaybackType>): Record<string, unknown>
  verifyViewerCounts(token: string, id: string, options?: MuxVerifyOptions<MuxViewerCountType>): Record<string, unknown>
}
