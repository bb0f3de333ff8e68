//! `IpAddress` / `AWS:SourceIp` values: how each reference writes them
//! (cloudfront.md §2.5, §3) and how the verifier matches a viewer against them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::{invalid, Result};
use crate::js::whitespace::js_trim;

/// `Number(s)` for a string (ECMAScript StringToNumber): trimmed, `""` is 0,
/// `0x`/`0o`/`0b` prefixes without a sign, `Infinity` with an optional sign,
/// otherwise a decimal literal with optional sign, fraction and exponent.
fn js_string_to_number(s: &str) -> f64 {
    let t = js_trim(s);
    if t.is_empty() {
        return 0.0;
    }
    let radix = match t.get(..2) {
        Some("0x" | "0X") => Some(16),
        Some("0o" | "0O") => Some(8),
        Some("0b" | "0B") => Some(2),
        _ => None,
    };
    if let Some(radix) = radix {
        let digits = &t[2..];
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return f64::NAN;
        }
        return digits.chars().fold(0.0, |acc, c| {
            acc * f64::from(radix) + f64::from(c.to_digit(radix).expect("checked"))
        });
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if unsigned == "Infinity" {
        return if t.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    // StrUnsignedDecimalLiteral: digits [. digits?] | . digits, then [eE][+-]digits.
    let b = unsigned.as_bytes();
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return f64::NAN;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp_digits == 0 {
            return f64::NAN;
        }
        i += exp_digits;
    }
    if i != b.len() {
        return f64::NAN;
    }
    t.parse::<f64>().unwrap_or(f64::NAN)
}

fn js_is_integer_in(value: f64, max: f64) -> bool {
    value.is_finite() && value.trunc() == value && (0.0..=max).contains(&value)
}

/// The JS signer's `parseCIDR` (3.1166.0): the text is kept as written, `/32`
/// added when there is no mask, a third `/` part silently ignored (mask 32),
/// IPv4 only. Errors carry the SDK's message, double period included.
pub(crate) fn js_parse_cidr(cidr: &str) -> Result<String> {
    let inner = || -> std::result::Result<String, &'static str> {
        let parts: Vec<&str> = cidr.split('/').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Err("missing ip or mask part of CIDR");
        }
        let octets: Vec<&str> = parts[0].split('.').collect();
        if octets.len() != 4 {
            return Err("IP does not contain four octets.");
        }
        if !octets
            .iter()
            .all(|o| js_is_integer_in(js_string_to_number(o), 255.0))
        {
            return Err("invalid IP octets");
        }
        let mut mask = "32";
        if parts.len() == 2 {
            if !js_is_integer_in(js_string_to_number(parts[1]), 32.0) {
                return Err("invalid mask");
            }
            mask = parts[1];
        }
        Ok(format!("{}/{mask}", parts[0]))
    };
    inner().map_err(|reason| invalid(format!("IP address \"{cidr}\" is invalid due to {reason}.")))
}

/// botocore's `build_policy`: `/32` appended when there is no `/`; nothing
/// is validated.
pub(crate) fn botocore_cidr(ip: &str) -> String {
    if ip.contains('/') {
        ip.to_string()
    } else {
        format!("{ip}/32")
    }
}

/// A mask written as a canonical decimal (`0`, or no leading zero) ≤ `max`.
fn canonical_mask(text: &str, max: u8) -> Option<u8> {
    let canonical = text == "0" || (!text.starts_with('0') && !text.is_empty());
    if !canonical || !text.bytes().all(|b| b.is_ascii_digit()) || text.len() > 3 {
        return None;
    }
    text.parse::<u8>().ok().filter(|&m| m <= max)
}

/// The default style: canonical dotted-decimal IPv4 (no leading zeros, no
/// spaces, no hex) with an optional canonical mask 0–32; written with the
/// mask, which is exactly what the JS signer writes for such input. IPv6 is
/// refused: the JS signer refuses it, and AWS advises against IPv6 viewers on
/// distributions whose policies use `IpAddress`.
pub(crate) fn strict_cidr(cidr: &str) -> Result<String> {
    let refuse = |why: &str| invalid(format!("ip_address {cidr:?}: {why}"));
    let (ip, mask) = match cidr.split_once('/') {
        Some((ip, mask)) => (ip, Some(mask)),
        None => (cidr, None),
    };
    if ip.parse::<Ipv6Addr>().is_ok() {
        return Err(refuse(
            "IPv6 is not accepted in CloudFront IpAddress conditions; use an IPv4 CIDR",
        ));
    }
    // std's parser refuses leading zeros ("01.2.3.4") and anything but four decimal octets.
    ip.parse::<Ipv4Addr>()
        .map_err(|_| refuse("expected a dotted-decimal IPv4 address such as 192.0.2.0/24"))?;
    let mask = match mask {
        None => 32,
        Some(m) => {
            canonical_mask(m, 32).ok_or_else(|| refuse("the mask must be a whole number 0–32"))?
        }
    };
    Ok(format!("{ip}/{mask}"))
}

/// A parsed `AWS:SourceIp` for the verifier: strict IPv4 or IPv6 with an
/// optional canonical mask (absent = a single address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub(crate) fn parse(text: &str) -> Option<Cidr> {
        let (ip, mask) = match text.split_once('/') {
            Some((ip, mask)) => (ip, Some(mask)),
            None => (text, None),
        };
        let network: IpAddr = ip.parse().ok()?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match mask {
            None => max,
            Some(m) => canonical_mask(m, max)?,
        };
        Some(Cidr { network, prefix })
    }

    /// Whether `viewer` is inside. An IPv4-mapped IPv6 viewer
    /// (`::ffff:a.b.c.d`) is compared as the IPv4 address; otherwise the
    /// families never match each other.
    pub(crate) fn contains(&self, viewer: IpAddr) -> bool {
        let viewer = match viewer {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(viewer, IpAddr::V4),
            v4 => v4,
        };
        match (self.network, viewer) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_number_semantics() {
        for (s, want) in [
            ("", 0.0),
            (" 1", 1.0),
            ("0x7f", 127.0),
            ("1e0", 1.0),
            ("-0", -0.0),
            ("08", 8.0),
            ("1.", 1.0),
            (".5", 0.5),
            ("+3", 3.0),
            ("\u{feff}7\u{3000}", 7.0),
        ] {
            assert_eq!(js_string_to_number(s), want, "{s:?}");
        }
        for s in [
            "a", "1.2.3", "0x", "-0x1", "1e", "inf", "NaN", "1_0", "0x1g", ".",
        ] {
            assert!(js_string_to_number(s).is_nan(), "{s:?}");
        }
        assert_eq!(js_string_to_number("-Infinity"), f64::NEG_INFINITY);
    }

    #[test]
    fn js_parse_cidr_keeps_text_and_messages() {
        let ok = |s| js_parse_cidr(s).unwrap();
        assert_eq!(ok("192.0.2.0/24"), "192.0.2.0/24");
        assert_eq!(ok("192.0.2.44"), "192.0.2.44/32");
        assert_eq!(ok("1.2.3.4/24/8"), "1.2.3.4/32");
        assert_eq!(ok(" 1.2.3.4"), " 1.2.3.4/32");
        assert_eq!(ok("01.002.3.4/08"), "01.002.3.4/08");
        assert_eq!(ok("0x7f.1e0.0.1/-0"), "0x7f.1e0.0.1/-0");
        let err = |s| js_parse_cidr(s).unwrap_err().message();
        assert_eq!(
            err("1.2.3"),
            "IP address \"1.2.3\" is invalid due to IP does not contain four octets.."
        );
        assert_eq!(
            err("256.1.1.1"),
            "IP address \"256.1.1.1\" is invalid due to invalid IP octets."
        );
        assert_eq!(
            err("1.2.3.4/33"),
            "IP address \"1.2.3.4/33\" is invalid due to invalid mask."
        );
        assert_eq!(
            err("1.2.3.4/1.5"),
            "IP address \"1.2.3.4/1.5\" is invalid due to invalid mask."
        );
        assert_eq!(
            err("/24"),
            "IP address \"/24\" is invalid due to missing ip or mask part of CIDR."
        );
        assert_eq!(
            err("2001:db8::/32"),
            "IP address \"2001:db8::/32\" is invalid due to IP does not contain four octets.."
        );
    }

    #[test]
    fn strict_and_botocore_forms() {
        assert_eq!(strict_cidr("192.0.2.0/24").unwrap(), "192.0.2.0/24");
        assert_eq!(strict_cidr("192.0.2.44").unwrap(), "192.0.2.44/32");
        for bad in [
            " 1.2.3.4",
            "01.002.3.4/08",
            "0x7f.1e0.0.1/-0",
            "1.2.3.4/24/8",
            "1.2.3.4/",
            "2001:db8::/32",
            "",
            "1.2.3.4/033",
        ] {
            assert_eq!(
                strict_cidr(bad).unwrap_err().code(),
                "invalid_input",
                "{bad:?}"
            );
        }
        assert_eq!(botocore_cidr("2001:db8::/32"), "2001:db8::/32");
        assert_eq!(botocore_cidr("not-an-ip"), "not-an-ip/32");
    }

    #[test]
    fn matching() {
        let c = Cidr::parse("192.0.2.0/24").unwrap();
        assert!(c.contains("192.0.2.77".parse().unwrap()));
        assert!(c.contains("::ffff:192.0.2.1".parse().unwrap()));
        assert!(!c.contains("192.0.3.1".parse().unwrap()));
        assert!(!c.contains("2001:db8::1".parse().unwrap()));
        assert!(Cidr::parse("0.0.0.0/0")
            .unwrap()
            .contains("203.0.113.9".parse().unwrap()));
        assert!(Cidr::parse("192.0.2.44")
            .unwrap()
            .contains("192.0.2.44".parse().unwrap()));
        assert!(!Cidr::parse("192.0.2.44")
            .unwrap()
            .contains("192.0.2.45".parse().unwrap()));
        let v6 = Cidr::parse("2001:db8::/32").unwrap();
        assert!(v6.contains("2001:db8:1::1".parse().unwrap()));
        assert!(!v6.contains("2001:db9::1".parse().unwrap()));
        for bad in [
            "01.2.3.4/8",
            "1.2.3.4/33",
            "not-an-ip/32",
            " 1.2.3.4/32",
            "1.2.3.4/08",
            "::/129",
        ] {
            assert!(Cidr::parse(bad).is_none(), "{bad:?}");
        }
    }
}
