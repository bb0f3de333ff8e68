package dev.aurasign

// The idiomatic layer over the uniffi bindings: the clock is read here (on
// the JVM), named/default arguments, and `.code` on every AuraException.

/** Unix seconds from the platform clock (floored). */
fun nowSeconds(): Long = Math.floorDiv(System.currentTimeMillis(), 1000L)

/** The stable error code (the same string in every language). Exhaustive by construction. */
val AuraException.code: String
    get() = when (this) {
        is AuraException.InvalidInput -> code
        is AuraException.Malformed -> code
        is AuraException.BadSignature -> code
        is AuraException.Expired -> code
        is AuraException.NotYetValid -> code
        is AuraException.UnknownKid -> code
        is AuraException.KidMismatch -> code
        is AuraException.AlgNotAllowed -> code
        is AuraException.SubMismatch -> code
        is AuraException.NotDownloadable -> code
        is AuraException.AccessDenied -> code
        is AuraException.NotAPrivateKey -> code
        is AuraException.InvalidKey -> code
        is AuraException.UnsupportedKeyType -> code
        is AuraException.KeyTooSmall -> code
        is AuraException.MissingProjectName -> code
        is AuraException.WrongImage -> code
        is AuraException.FlexibleVariantNotSignable -> code
        is AuraException.LifetimeTooLong -> code
        is AuraException.RemoteException -> code
        is AuraException.InvalidResponse -> code
        is AuraException.KeyNotFound -> code
        is AuraException.UploadFromUrl -> code
        is AuraException.Internal -> code
    }

/** The human-readable explanation (no secret in it). Exhaustive by construction. */
val AuraException.detail: String
    get() = when (this) {
        is AuraException.InvalidInput -> detail
        is AuraException.Malformed -> detail
        is AuraException.BadSignature -> detail
        is AuraException.Expired -> detail
        is AuraException.NotYetValid -> detail
        is AuraException.UnknownKid -> detail
        is AuraException.KidMismatch -> detail
        is AuraException.AlgNotAllowed -> detail
        is AuraException.SubMismatch -> detail
        is AuraException.NotDownloadable -> detail
        is AuraException.AccessDenied -> detail
        is AuraException.NotAPrivateKey -> detail
        is AuraException.InvalidKey -> detail
        is AuraException.UnsupportedKeyType -> detail
        is AuraException.KeyTooSmall -> detail
        is AuraException.MissingProjectName -> detail
        is AuraException.WrongImage -> detail
        is AuraException.FlexibleVariantNotSignable -> detail
        is AuraException.LifetimeTooLong -> detail
        is AuraException.RemoteException -> detail
        is AuraException.InvalidResponse -> detail
        is AuraException.KeyNotFound -> detail
        is AuraException.UploadFromUrl -> detail
        is AuraException.Internal -> detail
    }

// One name per operation. Each generated function that takes `now` gets an
// overload of the same name without it, which reads the clock here; pass
// `now = …` (named) to call the generated one with a fixed time.

/** An upload token (header `X-Aura-Signature`). */
fun AuraImage.signUpload(options: UploadOptions = UploadOptions()): String = signUpload(options, nowSeconds())

/** A signed URL; `expiresIn` seconds, clamped to [60, 604800]. */
fun AuraImage.getSignedUrl(name: String, expiresIn: Double? = null, cdnUrl: String? = null): String =
    getSignedUrl(name, expiresIn, cdnUrl, nowSeconds())

fun AuraImage.getSignedUrls(names: List<String>, expiresIn: Double? = null, cdnUrl: String? = null): List<String> =
    getSignedUrls(names, expiresIn, cdnUrl, nowSeconds())

fun StreamSigner.sign(videoId: String, options: StreamTokenOptions = StreamTokenOptions()): String =
    sign(videoId, options, nowSeconds())

fun StreamSigner.signMany(videoIds: List<String>, options: StreamTokenOptions = StreamTokenOptions()): List<String> =
    signMany(videoIds, options, nowSeconds())

/**
 * Verifies a Stream token. `videoId` is required: the expected UID, or null
 * to skip the `sub` check on purpose.
 */
fun verifyStreamToken(
    token: String,
    keys: List<StreamPublicKey>,
    videoId: String?,
    options: StreamVerifyOptions = StreamVerifyOptions(),
): StreamClaims = verifyStreamToken(token, keys, videoId, options, nowSeconds())

/** A signed Cloudflare Images URL; `mode` null is [ImagesMode.DEFAULT] (safe), [ImagesMode.WORKER] the docs Worker's bytes. */
fun signImagesUrl(url: String, key: String, expiresIn: Long = 86_400, mode: ImagesMode? = null): String =
    signImagesUrl(url, key, expiresIn, mode, nowSeconds())

/** `exp` of a valid signed Images URL (valid while now <= exp). */
fun verifyImagesUrl(url: String, keys: List<String>): Long = verifyImagesUrl(url, keys, nowSeconds())

/** Verifies an upload token with the secrets `resolver` returns for its project (rotation). */
fun verifyUploadToken(token: String, now: Long = nowSeconds(), resolver: (projectName: String) -> List<String>): UploadClaims =
    verifyUploadTokenResolved(token, resolver(uploadTokenProjectName(token)), now)

/** A verified serve token; with `project` and `name`, another image is `wrong_image`. */
fun verifyServeToken(token: String, secrets: List<String>, project: String? = null, name: String? = null): ServeClaims =
    verifyServeToken(token, secrets, project, name, nowSeconds())

/** A verified upload token; secrets tried in order (rotation). */
fun verifyUploadToken(token: String, secrets: List<String>): UploadClaims = verifyUploadToken(token, secrets, nowSeconds())

/** A verified JWT's claims. */
fun jwtDecode(token: String, keys: List<JwtKey>, algorithms: List<JwtAlgorithm>, leeway: Long = 0, requireExp: Boolean = false): JwtClaims =
    jwtDecode(token, keys, algorithms, leeway, requireExp, nowSeconds())

/** A verified Mux token's claims; `id` is the expected `sub`. */
fun MuxVerifier.verify(token: String, audience: MuxAudience, id: String, leeway: Long = 0): JwtClaims =
    verify(token, audience, id, leeway, nowSeconds())

fun KeyRing.add(id: String, secret: String) = add(id, secret, nowSeconds())

fun KeyRing.rotate(id: String, secret: String) = rotate(id, secret, nowSeconds())
