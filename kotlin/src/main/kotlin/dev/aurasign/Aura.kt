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

/** An upload token (header `X-Aura-Signature`). */
fun AuraImage.uploadToken(options: UploadOptions = UploadOptions(), now: Long = nowSeconds()): String = signUpload(options, now)

/** A signed URL; `expiresIn` seconds, clamped to [60, 604800]. */
fun AuraImage.signedUrl(name: String, expiresIn: Double? = null, cdnUrl: String? = null, now: Long = nowSeconds()): String =
    getSignedUrl(name, expiresIn, cdnUrl, now)

fun AuraImage.signedUrls(names: List<String>, expiresIn: Double? = null, cdnUrl: String? = null, now: Long = nowSeconds()): List<String> =
    getSignedUrls(names, expiresIn, cdnUrl, now)

fun StreamSigner.token(videoId: String, options: StreamTokenOptions = StreamTokenOptions(), now: Long = nowSeconds()): String =
    sign(videoId, options, now)

/**
 * Verifies a Stream token; returns its claims as JSON text. `videoId` is
 * required: the expected UID, or null to skip the `sub` check on purpose.
 */
fun verifyStream(
    token: String,
    keys: List<StreamPublicKey>,
    videoId: String?,
    now: Long = nowSeconds(),
    options: StreamVerifyOptions = StreamVerifyOptions(),
): String = verifyStreamToken(token, keys, videoId, now, options)

/** A signed Cloudflare Images URL; `mode` "default" (safe) or "worker" (the docs Worker's bytes). */
fun imagesUrl(url: String, key: String, expiresIn: Long = 86_400, now: Long = nowSeconds(), mode: String = "default"): String =
    signImagesUrl(url, key, expiresIn, now, mode)

/** `exp` of a valid signed Images URL (valid while now <= exp). */
fun verifyImages(url: String, keys: List<String>, now: Long = nowSeconds()): Long = verifyImagesUrl(url, keys, now)

/** Verifies an upload token with the secrets `resolver` returns for its project (rotation). */
fun verifyUploadToken(token: String, now: Long = nowSeconds(), resolver: (projectName: String) -> List<String>): String =
    verifyUploadTokenResolved(token, resolver(uploadTokenProjectName(token)), now)

/** The verified serve-token payload (JSON); with `project` and `name`, another image is `wrong_image`. */
fun verifyServe(token: String, secrets: List<String>, project: String? = null, name: String? = null, now: Long = nowSeconds()): String =
    verifyServeToken(token, secrets, now, project, name)

/** The verified upload-token payload (JSON); secrets tried in order (rotation). */
fun verifyUpload(token: String, secrets: List<String>, now: Long = nowSeconds()): String = verifyUploadToken(token, secrets, now)

/** The verified JWT claims (JSON). */
fun decodeJwt(token: String, keys: List<JwtKey>, algorithms: List<String>, now: Long = nowSeconds(), leeway: Long = 0, requireExp: Boolean = false): String =
    jwtDecode(token, keys, algorithms, now, leeway, requireExp)

fun KeyRing.add(id: String, secret: String) = add(id, secret, nowSeconds())

fun KeyRing.rotate(id: String, secret: String) = rotate(id, secret, nowSeconds())
