// Hand-written (not generated): the clock read in Swift and defaulted, and
// `code` on every AuraException. Mirrors kotlin/src/main/kotlin/dev/aurasign/Aura.kt.
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
             let .RemoteError(code, _), let .InvalidResponse(code, _), let .KeyNotFound(code, _), let .Internal(code, _):
            return code
        }
    }
}

public extension AuraImage {
    func uploadToken(_ options: UploadOptions = UploadOptions(), now: Int64 = nowSeconds()) throws -> String {
        try signUpload(options: options, now: now)
    }

    func signedUrl(_ name: String, expiresIn: Double? = nil, cdnUrl: String? = nil, now: Int64 = nowSeconds()) throws -> String {
        try getSignedUrl(name: name, expiresIn: expiresIn, cdnUrl: cdnUrl, now: now)
    }

    func signedUrls(_ names: [String], expiresIn: Double? = nil, cdnUrl: String? = nil, now: Int64 = nowSeconds()) throws -> [String] {
        try getSignedUrls(names: names, expiresIn: expiresIn, cdnUrl: cdnUrl, now: now)
    }
}

public extension StreamSigner {
    func token(_ videoId: String, options: StreamTokenOptions = StreamTokenOptions(), now: Int64 = nowSeconds()) throws -> String {
        try sign(videoId: videoId, options: options, now: now)
    }
}

/// Claims as JSON text. `videoId` is required: the expected UID, or nil to skip the `sub` check on purpose.
public func verifyStream(_ token: String, keys: [StreamPublicKey], videoId: String?, now: Int64 = nowSeconds(),
                         options: StreamVerifyOptions = StreamVerifyOptions()) throws -> String {
    try verifyStreamToken(token: token, keys: keys, videoId: videoId, now: now, options: options)
}

public func verifyServe(_ token: String, secrets: [String], project: String? = nil, name: String? = nil, now: Int64 = nowSeconds()) throws -> String {
    try verifyServeToken(token: token, secrets: secrets, now: now, project: project, name: name)
}

public func verifyUpload(_ token: String, secrets: [String], now: Int64 = nowSeconds()) throws -> String {
    try verifyUploadToken(token: token, secrets: secrets, now: now)
}

public func imagesUrl(_ url: String, key: String, expiresIn: Int64 = 86_400, now: Int64 = nowSeconds(), mode: String = "default") throws -> String {
    try signImagesUrl(url: url, key: key, expiresIn: expiresIn, now: now, mode: mode)
}

public func verifyImages(_ url: String, keys: [String], now: Int64 = nowSeconds()) throws -> Int64 {
    try verifyImagesUrl(url: url, keys: keys, now: now)
}
