//! `userIp` → the bytes hashed: IPv4 as 4 bytes, IPv6 as 16 bytes with the
//! last 8 zeroed (/64).

use std::net::{IpAddr, Ipv6Addr};

use super::style::BunnyStyle;
use super::url_python::ipv6_with_scope;
use crate::error::{invalid, Result};

fn v6_prefix(addr: Ipv6Addr) -> Vec<u8> {
    let mut octets = addr.octets();
    octets[8..].fill(0);
    octets.to_vec()
}

fn not_an_ip(text: &str) -> crate::AuraError {
    invalid(format!("user_ip {text:?} is not a valid IP address"))
}

/// The bytes one signer hashes for `user_ip`. All five refuse leading
/// zeros, short forms, padding and CIDR suffixes; they differ on zones
/// (only Python accepts and ignores `%eth0`) and on IPv4-mapped IPv6 (only
/// Go signs `::ffff:1.2.3.4` as the 4 bytes of `1.2.3.4`).
pub(super) fn ip_bytes(text: &str, style: BunnyStyle) -> Result<Vec<u8>> {
    if style == BunnyStyle::Python && text.contains('%') {
        return ipv6_with_scope(text)
            .map(v6_prefix)
            .ok_or_else(|| not_an_ip(text));
    }
    match text.parse::<IpAddr>().map_err(|_| not_an_ip(text))? {
        IpAddr::V4(v4) => Ok(v4.octets().to_vec()),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) if style == BunnyStyle::Go => Ok(v4.octets().to_vec()),
            _ => Ok(v6_prefix(v6)),
        },
    }
}

/// The default style's extra refusals: a zone, and IPv4 written inside IPv6
/// (`::ffff:1.2.3.4`, `::1.2.3.4`, `::ffff:102:304`), which Go locks to the
/// IPv4 address and the others to `::/64`.
pub(super) fn check_default(text: &str) -> Result<()> {
    if text.contains('%') {
        return Err(invalid(format!(
            "user_ip {text:?} has a zone: only the Python signer accepts it (and ignores it); pass the address alone"
        )));
    }
    let embedded = text.contains(':') && text.contains('.');
    let mapped =
        matches!(text.parse::<IpAddr>(), Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_some());
    if embedded || mapped {
        return Err(invalid(format!(
            "user_ip {text:?} is IPv4 inside IPv6: Go signs it as IPv4, the others as the /64 ::/64; pass the IPv4 address"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_per_style() {
        assert_eq!(ip_bytes("1.2.3.4", BunnyStyle::Node).unwrap(), [1, 2, 3, 4]);
        let v6 = ip_bytes("2001:db8::1", BunnyStyle::Node).unwrap();
        assert_eq!(
            v6,
            [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            ip_bytes("::ffff:1.2.3.4", BunnyStyle::Go).unwrap(),
            [1, 2, 3, 4]
        );
        assert_eq!(
            ip_bytes("::ffff:1.2.3.4", BunnyStyle::Php).unwrap(),
            [0u8; 16]
        );
        assert!(ip_bytes("fe80::1%eth0", BunnyStyle::Node).is_err());
        assert_eq!(
            ip_bytes("fe80::1%eth0", BunnyStyle::Python).unwrap()[..2],
            [0xfe, 0x80]
        );
        for bad in [
            "01.2.3.4",
            "1.2.3",
            " 1.2.3.4",
            "2001:db8::1/64",
            "fe80::1%",
            "1.2.3.4%x",
        ] {
            for style in BunnyStyle::ALL {
                assert!(ip_bytes(bad, style).is_err(), "{bad} {style:?}");
            }
        }
        assert!(check_default("::ffff:102:304").is_err());
        assert!(check_default("::1.2.3.4").is_err());
        assert!(check_default("2001:db8::1").is_ok());
    }
}
