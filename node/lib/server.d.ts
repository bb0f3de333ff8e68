export { MissingProjectNameError, UploadFromUrlError } from './errors'

export type ImageVisibility = 'public' | 'private'
export type Tier = 'hacker' | 'pro' | 'startup'
export interface UploadTokenPayload {
  projectName?: string
  maxSize: number
  allowedTypes: string[]
  iat: number
  exp: number
  visibility?: ImageVisibility
  name?: string
  overwrite?: boolean
  [extra: string]: unknown
}
export interface ServeTokenPayload {
  p: string
  f: string
  exp: number
  [extra: string]: unknown
}
export type SecretResolver = (projectName: string) => string | string[] | Promise<string | string[]>

export declare const MAX_SERVE_TTL_SEC: number
export declare function signUploadToken(payload: object, secret: string): Promise<string>
export declare function signServeToken(payload: object, secret: string): Promise<string>
/** The payload, or null (as @auraimage/sdk; strict). */
export declare function verifyUploadToken(token: string, secret: string | string[] | SecretResolver): Promise<UploadTokenPayload | null>
export declare function verifyServeToken(token: string, secret: string | string[]): Promise<ServeTokenPayload | null>
/** The payload, or a rejection with an AuraError whose code says why. */
export declare function checkUploadToken(token: string, secret: string | string[] | SecretResolver): Promise<UploadTokenPayload>
export declare function checkServeToken(
  token: string,
  secret: string | string[],
  expected?: { project?: string; name?: string },
): Promise<ServeTokenPayload>
