//! When to retry, and how long to wait first: the policy of the official SDKs.
//!
//! Retried: 408, 409, 429 and 5xx answers, connection failures and timeouts, unless the
//! server says `x-should-retry: false` (and always when it says `true`). The wait is the
//! server's `retry-after-ms` or `Retry-After` (seconds or an HTTP date) when it gives one, up
//! to a cap past which the error is returned at once; otherwise `min(0.5 s · 2ⁿ, 8 s)` less up
//! to 25 % of jitter.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// First backoff delay.
const INITIAL_DELAY: Duration = Duration::from_millis(500);
/// Longest backoff delay.
const MAX_DELAY: Duration = Duration::from_secs(8);

/// Whether an answer with this status and these headers may succeed if sent again.
pub(crate) fn should_retry_status(status: StatusCode, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// What the server asks to wait, from `retry-after-ms`, then `Retry-After`.
pub(crate) fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = text("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        if ms.is_finite() && ms >= 0.0 {
            return Some(seconds_saturating(ms / 1000.0));
        }
    }
    let value = text("retry-after")?;
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then(|| seconds_saturating(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A finite, non-negative number of seconds as a `Duration`; one too large for a `Duration`
/// (`Retry-After: 1e20`) is the longest, not a panic.
fn seconds_saturating(seconds: f64) -> Duration {
    Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX)
}

/// The backoff before retry number `retry` (0 for the first), with jitter in `[0, 1)`.
pub(crate) fn backoff(retry: u32, jitter: f64) -> Duration {
    let base = INITIAL_DELAY
        .saturating_mul(1u32.checked_shl(retry.min(16)).unwrap_or(u32::MAX))
        .min(MAX_DELAY);
    base.mul_f64(1.0 - 0.25 * jitter.clamp(0.0, 1.0))
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait this long, then send again.
    RetryAfter(Duration),
    /// Return the error.
    GiveUp,
}

/// Decides for a failure; `headers` are the failed answer's, when there was one.
pub(crate) fn decide(
    retryable: bool,
    retries_left: u32,
    retry: u32,
    headers: Option<&HeaderMap>,
    cap: Duration,
    jitter: f64,
) -> Decision {
    if !retryable || retries_left == 0 {
        return Decision::GiveUp;
    }
    match headers.and_then(|h| server_delay(h, SystemTime::now())) {
        Some(wait) if wait > cap => Decision::GiveUp,
        Some(wait) => Decision::RetryAfter(wait),
        None => Decision::RetryAfter(backoff(retry, jitter)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn statuses_that_are_retried() {
        let none = HeaderMap::new();
        for code in [408, 409, 429, 500, 502, 503, 504] {
            assert!(
                should_retry_status(StatusCode::from_u16(code).unwrap(), &none),
                "{code}"
            );
        }
        for code in [400, 401, 403, 404, 422] {
            assert!(
                !should_retry_status(StatusCode::from_u16(code).unwrap(), &none),
                "{code}"
            );
        }
        assert!(!should_retry_status(
            StatusCode::TOO_MANY_REQUESTS,
            &headers(&[("x-should-retry", "false")])
        ));
        assert!(should_retry_status(
            StatusCode::BAD_REQUEST,
            &headers(&[("x-should-retry", "true")])
        ));
    }

    #[test]
    fn server_delays_in_every_form() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            server_delay(&headers(&[("retry-after-ms", "250")]), now),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after", "3")]), now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after", "1.5")]), now),
            Some(Duration::from_millis(1500))
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(
            server_delay(&headers(&[("retry-after", &date)]), now),
            Some(Duration::from_secs(7))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(
            server_delay(&headers(&[("retry-after", &past)]), now),
            Some(Duration::ZERO)
        );
        // retry-after-ms wins over Retry-After.
        assert_eq!(
            server_delay(
                &headers(&[("retry-after-ms", "10"), ("retry-after", "9")]),
                now
            ),
            Some(Duration::from_millis(10))
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after", "soon")]), now),
            None
        );
        assert_eq!(server_delay(&headers(&[("retry-after", "-1")]), now), None);
        // Too long for a `Duration`: the longest one, which no cap accepts.
        assert_eq!(
            server_delay(&headers(&[("retry-after", "1e20")]), now),
            Some(Duration::MAX)
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after-ms", "1e30")]), now),
            Some(Duration::MAX)
        );
        assert_eq!(server_delay(&HeaderMap::new(), now), None);
    }

    #[test]
    fn backoff_doubles_to_a_cap_with_jitter_below() {
        assert_eq!(backoff(0, 0.0), Duration::from_millis(500));
        assert_eq!(backoff(1, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(3, 0.0), Duration::from_secs(4));
        assert_eq!(backoff(4, 0.0), Duration::from_secs(8));
        assert_eq!(backoff(40, 0.0), Duration::from_secs(8));
        assert_eq!(backoff(0, 1.0), Duration::from_millis(375));
        assert!(backoff(2, 0.5) < backoff(2, 0.0));
    }

    #[test]
    fn decisions() {
        let cap = Duration::from_secs(60);
        assert_eq!(decide(false, 2, 0, None, cap, 0.0), Decision::GiveUp);
        assert_eq!(decide(true, 0, 2, None, cap, 0.0), Decision::GiveUp);
        assert_eq!(
            decide(true, 2, 0, None, cap, 0.0),
            Decision::RetryAfter(Duration::from_millis(500))
        );
        let slow = headers(&[("retry-after", "120")]);
        assert_eq!(decide(true, 2, 0, Some(&slow), cap, 0.0), Decision::GiveUp);
        let soon = headers(&[("retry-after", "2")]);
        assert_eq!(
            decide(true, 2, 0, Some(&soon), cap, 0.0),
            Decision::RetryAfter(Duration::from_secs(2))
        );
    }
}
