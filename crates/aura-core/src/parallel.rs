//! Batch work split across the machine's cores with scoped threads (no
//! runtime, no dependency). Small batches stay on the calling thread.

use crate::error::{AuraError, Result};

/// Maps `f` over `items` in order, on up to `available_parallelism()` threads
/// once there are at least `min_parallel` items.
pub(crate) fn par_map<T: Sync, R: Send>(
    items: &[T],
    min_parallel: usize,
    f: impl Fn(&T) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads <= 1 || items.len() < min_parallel.max(2) {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| scope.spawn(move || c.iter().map(f).collect::<Result<Vec<R>>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            out.extend(
                h.join()
                    .map_err(|_| AuraError::Internal("a batch worker thread panicked".into()))??,
            );
        }
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_and_propagates_errors() {
        let items: Vec<u32> = (0..5000).collect();
        let doubled = super::par_map(&items, 1, |x| Ok(x * 2)).unwrap();
        assert_eq!(doubled, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        let err = super::par_map(&items, 1, |x| {
            if *x == 4321 {
                Err(crate::error::invalid("boom"))
            } else {
                Ok(*x)
            }
        });
        assert_eq!(err.unwrap_err().code(), "invalid_input");
    }
}
