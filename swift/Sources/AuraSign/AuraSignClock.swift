// Hand-written (not generated): the clock read in Swift, and `code` on every
// AuraException. Mirrors kotlin/src/main/kotlin/dev/aurasign/Aura.kt.
//
// One name per operation: each generated function that takes `now` (always
// its last argument) gets an overload here with the same name and labels but
// no `now:`, which reads the clock. Pass `now:` to call the generated one.
// Checked without a Swift toolchain by swift/check-handwritten.py (every
// call below names a generated function with these labels; every error case
// is covered).
import Foundation

/// Unix seconds from the platform clock (floored).
public func nowSeconds() -> Int64 {
    Int64(Date().timeIntervalSince1970.rounded(.down))
}

public extension AuraException {
    /// The stable error code (the same string in every language).
    var code: String {
        switch self {
        case let .InvalidInput(code, _), let .Malformed(code, _), let .BadSignature(code, _), let .Expired(code, _),
             let .NotYetValid(code, _), let .UnknownKid(code, _), let .KidMismatch(code, _), let .AlgNotAllowed(code, _),
             let .SubMismatch(code, _), let .NotDownloadable(code, _), let .AccessDenied(code, _, _), let .NotAPrivateKey(code, _),
             let .InvalidKey(code, _), let .UnsupportedKeyType(code, _), let .KeyTooSmall(code, _), let .MissingProjectName(code, _),
             let .WrongImage(code, _), let .FlexibleVariantNotSignable(code, _), let .LifetimeTooLong(code, _),
             let .RemoteError(code, _, _, _), let .InvalidResponse(code, _), let .KeyNotFound(code, _),
             let .UploadFromUrl(code, _, _, _, _), let .Internal(code, _):
            return code
        }
    }
}

public extension AuraImage {
    func signUpload(options: UploadOptions = UploadOptions()) throws -> String {
        try signUpload(options: options, now: nowSeconds())
    }

    func getSignedUrl(name: String, expiresIn: Double? = nil, cdnUrl: String? = nil) throws -> String {
        try getSignedUrl(name: name, expiresIn: expiresIn, cdnUrl: cdnUrl, now: nowSeconds())
    }

    func getSignedUrls(names: [String], expiresIn: Double? = nil, cdnUrl: String? = nil) throws -> [String] {
        try getSignedUrls(names: names, expiresIn: expiresIn, cdnUrl: cdnUrl, now: nowSeconds())
    }
}

public extension StreamSigner {
    func sign(videoId: String, options: StreamTokenOptions = StreamTokenOptions()) throws -> String {
        try sign(videoId: videoId, options: options, now: nowSeconds())
    }

    func signMany(videoIds: [String], options: StreamTokenOptions = StreamTokenOptions()) throws -> [String] {
        try signMany(videoIds: videoIds, options: options, now: nowSeconds())
    }
}

public extension MuxVerifier {
    func verify(token: String, audience: MuxAudience, id: String, leeway: Int64 = 0) throws -> JwtClaims {
        try verify(token: token, audience: audience, id: id, leeway: leeway, now: nowSeconds())
    }
}

public extension KeyRing {
    func add(id: String, secret: String) throws {
        try add(id: id, secret: secret, now: nowSeconds())
    }

    func rotate(id: String, secret: String) throws {
        try rotate(id: id, secret: secret, now: nowSeconds())
    }
}

/// `videoId` is required: the expected UID, or nil to skip the `sub` check on purpose.
public func verifyStreamToken(token: String, keys: [StreamPublicKey], videoId: String?,
                              options: StreamVerifyOptions = StreamVerifyOptions()) throws -> StreamClaims {
    try verifyStreamToken(token: token, keys: keys, videoId: videoId, options: options, now: nowSeconds())
}

public func verifyServeToken(token: String, secrets: [String], project: String? = nil, name: String? = nil) throws -> ServeClaims {
    try verifyServeToken(token: token, secrets: secrets, project: project, name: name, now: nowSeconds())
}

public func verifyUploadToken(token: String, secrets: [String]) throws -> UploadClaims {
    try verifyUploadToken(token: token, secrets: secrets, now: nowSeconds())
}

/// Verifies an upload token with the secrets `resolver` returns for its project (rotation).
public func verifyUploadToken(token: String, now: Int64 = nowSeconds(), resolver: (String) throws -> [String]) throws -> UploadClaims {
    try verifyUploadTokenResolved(token: token, secrets: resolver(uploadTokenProjectName(token: token)), now: now)
}

public func signImagesUrl(url: String, key: String, expiresIn: Int64 = 86_400, mode: ImagesMode? = nil) throws -> String {
    try signImagesUrl(url: url, key: key, expiresIn: expiresIn, mode: mode, now: nowSeconds())
}

public func verifyImagesUrl(url: String, keys: [String]) throws -> Int64 {
    try verifyImagesUrl(url: url, keys: keys, now: nowSeconds())
}

public func jwtDecode(token: String, keys: [JwtKey], algorithms: [JwtAlgorithm], leeway: Int64 = 0,
                      requireExp: Bool = false) throws -> JwtClaims {
    try jwtDecode(token: token, keys: keys, algorithms: algorithms, leeway: leeway, requireExp: requireExp, now: nowSeconds())
}
