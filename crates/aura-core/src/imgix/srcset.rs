//! `buildSrcSet` / `create_srcset`: width-described or DPR-described
//! candidates, each a (signed) URL.

use super::builder::ImgixClient;
use super::{ImgixStyle, ImgixValue};
use crate::error::{invalid, Result};
use crate::js::number::number_to_string;

/// The default widths (both SDKs: 100 → 8192, tolerance 0.08).
pub const DEFAULT_WIDTHS: [u32; 31] = [
    100, 116, 135, 156, 181, 210, 244, 283, 328, 380, 441, 512, 594, 689, 799, 927, 1075, 1247,
    1446, 1678, 1946, 2257, 2619, 3038, 3524, 4087, 4741, 5500, 6380, 7401, 8192,
];
const MIN_WIDTH: u32 = 100;
const MAX_WIDTH: u32 = 8192;
const TOLERANCE: f64 = 0.08;
const DPR_QUALITIES: [(u32, u32); 5] = [(1, 75), (2, 50), (3, 35), (4, 23), (5, 20)];

/// `buildSrcSet`'s options / `create_srcset`'s options and keywords.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImgixSrcsetOptions {
    /// Passed to every candidate's `build_url` (`disablePathEncoding`).
    pub disable_path_encoding: bool,
    /// Explicit widths instead of generated ones.
    pub widths: Option<Vec<u32>>,
    /// The smallest generated width; 100 when `None`.
    pub min_width: Option<u32>,
    /// The largest generated width; 8192 when `None`.
    pub max_width: Option<u32>,
    /// ≥ 0.01; consecutive widths differ by `1 + 2 * tolerance`.
    pub width_tolerance: Option<f64>,
    /// For DPR srcsets (`w` or `h` given); 1–5.
    pub device_pixel_ratios: Option<Vec<f64>>,
    /// `q` per ratio, over the defaults 1→75, 2→50, 3→35, 4→23, 5→20.
    pub variable_qualities: Option<Vec<(u32, u32)>>,
    /// No `q` per ratio.
    pub disable_variable_quality: bool,
}

fn tolerance_ok(tol: f64) -> Result<()> {
    if tol.is_finite() && tol >= 0.01 {
        Ok(())
    } else {
        Err(invalid(
            "The srcset widthTolerance must be a number greater than or equal to 0.01",
        ))
    }
}

fn range_ok(min: u32, max: u32) -> Result<()> {
    if min == 0 || min > max {
        return Err(invalid(format!(
            "The min and max srcset widths can only be passed positive Number values, and min must be less than max. Found min: {min} and max: {max}."
        )));
    }
    Ok(())
}

/// The generated widths: JS `targetWidths` (`Math.round`, no cap) or
/// Python `target_widths` (the fixed list for the defaults, round half to
/// even, stops at 8192).
pub fn target_widths(style: ImgixStyle, min: u32, max: u32, tolerance: f64) -> Result<Vec<u32>> {
    range_ok(min, max)?;
    tolerance_ok(tolerance)?;
    if style == ImgixStyle::Python && min == MIN_WIDTH && max == MAX_WIDTH && tolerance == TOLERANCE
    {
        return Ok(DEFAULT_WIDTHS.to_vec());
    }
    if min == max {
        return Ok(vec![min]);
    }
    let mut widths = Vec::new();
    let mut current = min as f64;
    while current < max as f64 && (style == ImgixStyle::Js || current < MAX_WIDTH as f64) {
        let rounded = match style {
            ImgixStyle::Js => (current + 0.5).floor(),
            ImgixStyle::Python => current.round_ties_even(),
        };
        widths.push(rounded as u32);
        current *= 1.0 + tolerance * 2.0;
    }
    if widths.last().is_some_and(|&w| w < max) {
        widths.push(max);
    }
    Ok(widths)
}

fn get<'a>(params: &'a [(String, ImgixValue)], key: &str) -> Option<&'a ImgixValue> {
    params.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// `{...params, key: value}`: replaced in place or appended.
fn with(
    params: &[(String, ImgixValue)],
    key: &str,
    value: ImgixValue,
) -> Vec<(String, ImgixValue)> {
    let mut out = params.to_vec();
    match out.iter_mut().find(|(k, _)| k == key) {
        Some(entry) => entry.1 = value,
        None => out.push((key.to_string(), value)),
    }
    out
}

fn quality_for(qualities: &[(u32, u32)], dpr: f64) -> Option<u32> {
    let exact = qualities
        .iter()
        .find(|(r, _)| *r as f64 == dpr)
        .map(|(_, q)| *q);
    exact.or_else(|| {
        qualities
            .iter()
            .find(|(r, _)| *r as f64 == dpr.floor())
            .map(|(_, q)| *q)
    })
}

fn merged_qualities(extra: Option<&Vec<(u32, u32)>>) -> Vec<(u32, u32)> {
    let mut q = DPR_QUALITIES.to_vec();
    for &(ratio, quality) in extra.into_iter().flatten() {
        match q.iter_mut().find(|(r, _)| *r == ratio) {
            Some(entry) => entry.1 = quality,
            None => q.push((ratio, quality)),
        }
    }
    q
}

impl ImgixClient {
    /// `buildSrcSet(path, params, options)` / `create_srcset(path, params,
    /// options, widths=…, start=…, stop=…, tol=…, disable_variable_quality=…)`.
    pub fn build_srcset(
        &self,
        path: &str,
        params: &[(String, ImgixValue)],
        o: &ImgixSrcsetOptions,
    ) -> Result<String> {
        match self.style() {
            ImgixStyle::Js => self.js_srcset(path, params, o),
            ImgixStyle::Python => self.python_srcset(path, params, o),
        }
    }

    fn width_entries(
        &self,
        path: &str,
        params: &[(String, ImgixValue)],
        widths: &[u32],
        o: &ImgixSrcsetOptions,
    ) -> Result<String> {
        let entries = widths
            .iter()
            .map(|&w| {
                let url = self.build_url(
                    path,
                    &with(params, "w", ImgixValue::Int(w as i64)),
                    o.disable_path_encoding,
                )?;
                Ok(format!("{url} {w}w"))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(entries.join(",\n"))
    }

    fn js_srcset(
        &self,
        path: &str,
        params: &[(String, ImgixValue)],
        o: &ImgixSrcsetOptions,
    ) -> Result<String> {
        let truthy = |k| get(params, k).is_some_and(ImgixValue::js_truthy);
        if truthy("w") || truthy("h") {
            if let Some(ratios) = &o.device_pixel_ratios {
                if ratios.is_empty() {
                    return Err(invalid("The devicePixelRatios argument can only be passed a valid non-empty array of integers"));
                }
                if !ratios.iter().all(|r| (1.0..=5.0).contains(r)) {
                    return Err(invalid("The devicePixelRatios argument can only contain positive integer values between 1 and 5"));
                }
            }
            let default_ratios = [1.0, 2.0, 3.0, 4.0, 5.0];
            let ratios = o.device_pixel_ratios.as_deref().unwrap_or(&default_ratios);
            let qualities = merged_qualities(o.variable_qualities.as_ref());
            let entries = ratios
                .iter()
                .map(|&dpr| {
                    let mut p = with(params, "dpr", ImgixValue::Float(dpr));
                    if !o.disable_variable_quality {
                        let q = match get(params, "q").filter(|q| q.js_truthy()) {
                            Some(q) => Some(q.clone()),
                            None => quality_for(&qualities, dpr).map(|q| ImgixValue::Int(q as i64)),
                        };
                        p = with(&p, "q", q.unwrap_or(ImgixValue::Null));
                    }
                    let url = self.build_url(path, &p, o.disable_path_encoding)?;
                    Ok(format!("{url} {}x", number_to_string(dpr)))
                })
                .collect::<Result<Vec<_>>>()?;
            return Ok(entries.join(",\n"));
        }
        if let Some(tol) = o.width_tolerance {
            tolerance_ok(tol)?;
        }
        let tol = o.width_tolerance.unwrap_or(TOLERANCE);
        let (min, max) = (
            o.min_width.unwrap_or(MIN_WIDTH),
            o.max_width.unwrap_or(MAX_WIDTH),
        );
        if min != MIN_WIDTH || max != MAX_WIDTH {
            range_ok(min, max)?;
        }
        let widths =
            match &o.widths {
                Some(w) if w.is_empty() => return Err(invalid(
                    "The widths argument can only be passed a valid non-empty array of integers",
                )),
                Some(w) if w.contains(&0) => {
                    return Err(invalid(
                        "A custom widths argument can only contain positive integer values",
                    ))
                }
                Some(w) => w.clone(),
                None => target_widths(ImgixStyle::Js, min, max, tol)?,
            };
        self.width_entries(path, params, &widths, o)
    }

    fn python_srcset(
        &self,
        path: &str,
        params: &[(String, ImgixValue)],
        o: &ImgixSrcsetOptions,
    ) -> Result<String> {
        if let Some(widths) = o.widths.as_ref().filter(|w| !w.is_empty()) {
            return self.width_entries(path, params, widths, o);
        }
        let min = o.min_width.unwrap_or(MIN_WIDTH);
        let max = o.max_width.unwrap_or(MAX_WIDTH);
        let tol = o.width_tolerance.unwrap_or(TOLERANCE);
        if min == 0 {
            return Err(invalid(
                "`start` width must be greater than, or equal to, zero",
            ));
        }
        if min > max {
            return Err(invalid("`start` width must be less than `stop` width"));
        }
        if !(tol.is_finite() && tol >= 0.01) {
            return Err(invalid("`tol`erance value must be >= 0.01"));
        }
        let targets = target_widths(ImgixStyle::Python, min, max, tol)?;
        if get(params, "w").is_none() && get(params, "h").is_none() {
            return self.width_entries(path, params, &targets, o);
        }
        // DPR: `variable_qualities` also limits the ratios to 1..=len.
        let mut ratios: Vec<f64> = vec![1.0, 2.0, 3.0, 4.0, 5.0];
        if let Some(vq) = o.variable_qualities.as_ref().filter(|v| !v.is_empty()) {
            ratios = (1..=vq.len()).map(|r| r as f64).collect();
        }
        let qualities = merged_qualities(o.variable_qualities.as_ref());
        if let Some(dprs) = o.device_pixel_ratios.as_ref().filter(|d| !d.is_empty()) {
            // The SDK checks only the last ratio; the others pass unchecked
            // (7 → "7x" with the previous q). All are checked here.
            if !dprs
                .iter()
                .all(|r| r.fract() == 0.0 && (1.0..=5.0).contains(r))
            {
                return Err(invalid(
                    "`device_pixel_ratios` can only contain positive integer values between 1 and 5",
                ));
            }
            ratios = dprs.clone();
        }
        let mut p = params.to_vec();
        let mut entries = Vec::with_capacity(ratios.len());
        for dpr in ratios {
            p = with(&p, "dpr", ImgixValue::Int(dpr as i64));
            if !o.disable_variable_quality {
                let q = match get(params, "q").filter(|q| q.py_truthy()) {
                    Some(q) => Some(q.clone()),
                    None => quality_for(&qualities, dpr)
                        .filter(|&q| q != 0)
                        .map(|q| ImgixValue::Int(q as i64)),
                };
                if let Some(q) = q {
                    p = with(&p, "q", q);
                }
            }
            let url = self.build_url(path, &p, o.disable_path_encoding)?;
            entries.push(format!("{url} {}x", dpr as i64));
        }
        Ok(entries.join(",\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(
            target_widths(ImgixStyle::Js, 100, 8192, 0.08).unwrap(),
            DEFAULT_WIDTHS
        );
        assert_eq!(
            target_widths(ImgixStyle::Js, 7000, 9000, 0.08).unwrap(),
            [7000, 8120, 9000]
        );
        assert_eq!(
            target_widths(ImgixStyle::Python, 7000, 20000, 0.08).unwrap(),
            [7000, 8120, 20000]
        );
        assert_eq!(
            target_widths(ImgixStyle::Js, 300, 300, 0.08).unwrap(),
            [300]
        );
        assert!(target_widths(ImgixStyle::Js, 0, 300, 0.08).is_err());
        assert!(target_widths(ImgixStyle::Js, 100, 300, 0.001).is_err());
    }
}
