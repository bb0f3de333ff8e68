export * from './errors'
export * from './cloudflare'

export type ImageVisibility = 'public' | 'private'

export interface AuraImageOptions {
  secretKey: string
  projectName: string
  serveSecret?: string
  cdnUrl?: string
  /** For setVisibility, upload, uploadFromUrl; default globalThis.fetch (looked up per call). */
  fetch?: typeof fetch
  /** Milliseconds per request when the core sets none (uploadFromUrl's fetch has its own); default none, as the SDK. */
  timeout?: number
  /** How to wait before a retry the core asks for; default setTimeout. */
  sleep?: (ms: number) => Promise<unknown>
  /** The retry jitter in [0, 1); default Math.random (inject it for deterministic tests). */
  random?: () => number
}
export interface UploadFromUrlOptions {
  /** Default: the last segment of the URL's path. */
  name?: string
  maxSize?: number | string
  visibility?: ImageVisibility
  overwrite?: boolean
  /** Milliseconds for the fetch of the source; default 30000. */
  timeout?: number
}
export interface UploadOptions extends SignUploadOptions {
  /** The multipart file name; default the File's name, else 'upload'. */
  filename?: string
  /** Default the Blob's type, else application/octet-stream. */
  contentType?: string
}
/** What the CDN answers an upload with. */
export interface UploadResult {
  url: string
  name: string
  blurhash?: string
  width?: number
  height?: number
  format?: string
  size?: number
  visibility?: ImageVisibility
  [extra: string]: unknown
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
  /** As @auraimage/sdk: rejects with RemoteError (`status`) when the CDN refuses. */
  setVisibility(name: string, visibility: ImageVisibility): Promise<{ visibility: ImageVisibility | undefined }>
  /** Uploads bytes with a fresh upload token for `options`. */
  upload(file: Uint8Array | ArrayBuffer | ArrayBufferView | Blob, options?: UploadOptions): Promise<UploadResult>
  /** As @auraimage/sdk: rejects with UploadFromUrlError (kind, url, status). */
  uploadFromUrl(url: string, options?: UploadFromUrlOptions): Promise<UploadResult>
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
