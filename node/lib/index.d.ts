export * from './errors'
export * from './cloudflare'

export type ImageVisibility = 'public' | 'private'

export interface AuraImageOptions {
  secretKey: string
  projectName: string
  serveSecret?: string
  cdnUrl?: string
}
export interface SignUploadOptions {
  /** Bytes or a size string ('30mb' default). */
  maxSize?: number | string
  allowedTypes?: string[]
  /** Seconds; default 3600. */
  expiresIn?: number
  projectName?: string
  visibility?: ImageVisibility
  name?: string
  overwrite?: boolean
}
export interface GetSignedUrlOptions {
  /** Seconds; default 3600; floored and clamped to [60, 604800]. */
  expiresIn?: number
  cdnUrl?: string
}
interface Now {
  /** Unix seconds; default Math.floor(Date.now() / 1000). */
  now?: number
}

/** A drop-in for @auraimage/sdk's AuraImage, with synchronous twins. */
export declare class AuraImage {
  constructor(options: AuraImageOptions)
  readonly projectName: string
  signUpload(options?: SignUploadOptions): Promise<string>
  signUploadSync(options?: SignUploadOptions & Now): string
  getSignedUrl(name: string, options?: GetSignedUrlOptions): Promise<string>
  getSignedUrlSync(name: string, options?: GetSignedUrlOptions & Now): string
  getSignedUrls(names: string[], options?: GetSignedUrlOptions & Now): string[]
  /** The exact setVisibility request, for your own HTTP client. */
  visibilityRequest(name: string, visibility: ImageVisibility, options?: Now): { method: string; url: string; headers: Record<string, string>; body: string }
}

export interface BuildServeUrlOptions {
  cdnUrl: string
  project: string
  name: string
  width?: number
  height?: number
  fit?: 'cover' | 'contain' | 'face' | 'auto'
  quality?: number
  format?: 'auto' | 'webp' | 'avif' | 'jpeg' | 'png' | string
  lqip?: boolean
  v?: string | number
}
export interface BuildBlurhashUrlOptions {
  cdnUrl: string
  project: string
  name: string
  v?: string | number
}
export declare function parseSize(input: number | string): number
export declare function buildServeUrl(options: BuildServeUrlOptions): string
export declare function buildBlurhashUrl(options: BuildBlurhashUrlOptions): string
/** The visibility a 2xx setVisibility answer reports; throws RemoteError otherwise. */
export declare function parseSetVisibilityResponse(status: number, body: string): string | null
export declare function allErrorCodes(): string[]
