//! Per-client rate limits on the expensive endpoints (Smart Pick, rank list checks, sharing):
//! a token bucket per client IP address (governor's keyed limiter), refilled at the configured
//! rate per minute up to the configured burst. A refused request gets 429 Too Many Requests
//! with `Retry-After`.
//!
//! The limiter measures time with the monotonic clock governor reads itself: it only spaces
//! requests, it never dates data, so it is the one place the web crate lets time in unasked.
//! The client is the peer's address, or behind trusted reverse proxies the address they
//! forwarded for ([`crate::client`]). Requests without a peer address (in-process tests) share
//! one bucket.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::state::Site;

/// The rate limiter of the expensive endpoints.
pub(crate) struct RateLimits {
    expensive: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl RateLimits {
    /// `per_minute` requests a minute on average, `burst` at once; zeros count as one.
    pub(crate) fn new(per_minute: u32, burst: u32) -> RateLimits {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN));
        RateLimits {
            expensive: RateLimiter::keyed(quota),
            clock: DefaultClock::default(),
        }
    }

    /// Takes one expensive request from the client's allowance, or says how long to wait.
    pub(crate) fn check(&self, client: IpAddr) -> Result<(), Duration> {
        self.expensive
            .check_key(&client)
            .map_err(|refused| refused.wait_time_from(self.clock.now()))
    }

    /// Forgets clients whose allowance is full again, so that the table does not grow with
    /// every address ever seen.
    pub(crate) fn forget_idle_clients(&self) {
        self.expensive.retain_recent();
        self.expensive.shrink_to_fit();
    }

    /// Number of clients remembered.
    #[cfg(test)]
    fn clients(&self) -> usize {
        self.expensive.len()
    }
}

/// The middleware in front of the expensive routes.
pub(crate) async fn limit_expensive(
    State(site): State<Site>,
    request: Request,
    next: Next,
) -> Response {
    if !crate::is_expensive(request.method(), request.uri().path()) {
        return next.run(request).await;
    }
    let client = crate::client::client_address(
        request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0),
        request.headers(),
        &site.settings().trusted_proxies,
    );
    match site.limits().check(client) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let seconds = seconds.max(1);
            tracing::info!(retry_after = seconds, "rate limit reached");
            let mut response = if request.uri().path().starts_with("/api/") {
                crate::api::ApiError::TooManyRequests(seconds).into_response()
            } else {
                crate::pages::PageError::refused(
                    &site.current(),
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too many requests",
                    format!(
                        "This address has asked for more results than the site can give each visitor. Please wait {seconds} second(s) and try again."
                    ),
                )
                .into_response()
            };
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn a_client_gets_its_burst_then_waits_and_others_are_unaffected() {
        let limits = RateLimits::new(60, 3);
        let a = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
        let b = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 2));
        for _ in 0..3 {
            limits.check(a).unwrap();
        }
        let wait = limits.check(a).unwrap_err();
        assert!(
            wait > Duration::from_millis(500) && wait <= Duration::from_secs(1),
            "{wait:?}"
        );
        limits.check(b).unwrap();
        assert_eq!(limits.clients(), 2);
    }
}
