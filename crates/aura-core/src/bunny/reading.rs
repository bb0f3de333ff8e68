//! What a signer takes from the URL it is given.

/// The parts one signer reads from the URL, as that signer reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct UrlReading {
    /// `scheme://host` as the signer prints it (port, userinfo and case
    /// depend on the signer).
    pub base: Vec<u8>,
    /// The path it signs when `path_allowed` is empty, and prints. Bytes:
    /// Go's decoded path need not be UTF-8.
    pub path: Vec<u8>,
    /// The query parameters, decoded, in URL order, duplicates kept.
    pub pairs: Vec<(Vec<u8>, Vec<u8>)>,
}

/// Splits `name=value` at the first `=`; a piece without `=` is a name with
/// an empty value (all five signers).
pub(super) fn split_pair(piece: &[u8]) -> (&[u8], &[u8]) {
    match piece.iter().position(|&b| b == b'=') {
        Some(i) => (&piece[..i], &piece[i + 1..]),
        None => (piece, &[]),
    }
}
