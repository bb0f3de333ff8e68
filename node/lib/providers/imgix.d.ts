import type { Secret } from '../../native/index'
import type { Clock } from '../cloudflare'

/** 'js': @imgix/js-core 3.8.0 (default); 'python': imgix 4.0.0 on PyPI. */
export type ImgixStyle = 'js' | 'python'
export type ImgixParamValue = string | number | boolean | null | Array<string | number | boolean>
export type ImgixParams = Record<string, ImgixParamValue>

export interface ImgixClientOptions {
  domain: string
  /** Without one (or empty) nothing is signed. */
  secureURLToken?: string | Secret
  /** Default true. */
  useHTTPS?: boolean
  /** Add ixlib=js-3.8.0 / python-4.0.0; default false. */
  includeLibraryParam?: boolean
  style?: ImgixStyle
}
export interface ImgixSrcSetOptions {
  disablePathEncoding?: boolean
  /** Whole pixels. */
  widths?: number[]
  minWidth?: number
  maxWidth?: number
  /** >= 0.01 */
  widthTolerance?: number
  /** 1–5 */
  devicePixelRatios?: number[]
  /** `{ ratio: quality }` */
  variableQualities?: Record<number, number>
  disableVariableQuality?: boolean
}
export declare class ImgixClient {
  constructor(options: ImgixClientOptions)
  readonly domain: string
  readonly style: ImgixStyle
  buildURL(path?: string, params?: ImgixParams, options?: { disablePathEncoding?: boolean }): string
  buildSrcSet(path?: string, params?: ImgixParams, options?: ImgixSrcSetOptions): string
}
export interface ImgixVerifiedUrl {
  /** The signed text: path and query before s. */
  pathAndQuery: string
  /** The expires parameter, when present. */
  expires: number | null
}
export declare class ImgixVerifier {
  constructor(tokens: string | Secret | Array<string | Secret>)
  verify(url: string, options?: Clock): ImgixVerifiedUrl
}
