//! Serving connections over TCP: HTTP/1.1, with a limit on how long a client may take to send
//! a request's headers and on how many connections one client address may hold at once, so
//! that clients who open connections and send nothing (or send headers a byte at a time)
//! cannot hold the server's sockets.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long a client has to send a request's headers, from the moment the server starts
/// reading them, before the connection is closed. Slow bodies and slow handlers have
/// [`crate::REQUEST_TIMEOUT`].
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections one client address may hold open at once; further ones are closed as soon as
/// they are accepted. Generous, because every client of a reverse proxy arrives from its
/// address.
pub const MAX_CONNECTIONS_PER_CLIENT: usize = 256;

/// Wait before accepting again after the listener failed to accept (as when the process is
/// out of file descriptors), so that the failure does not spin.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// The limits on connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// See [`HEADER_READ_TIMEOUT`].
    pub header_read_timeout: Duration,
    /// See [`MAX_CONNECTIONS_PER_CLIENT`].
    pub per_client: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: HEADER_READ_TIMEOUT,
            per_client: MAX_CONNECTIONS_PER_CLIENT,
        }
    }
}

/// Open connections per client address.
#[derive(Clone, Default)]
struct Clients(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One open connection of a client, given back when dropped.
struct Slot {
    clients: Clients,
    ip: IpAddr,
}

impl Clients {
    /// A slot for a new connection from `ip`, unless it already holds `cap`.
    fn take(&self, ip: IpAddr, cap: usize) -> Option<Slot> {
        let mut open = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(ip).or_insert(0);
        if *count >= cap {
            return None;
        }
        *count += 1;
        Some(Slot {
            clients: self.clone(),
            ip,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .clients
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// Accepts connections and serves `app` on each until `shutdown` completes; then stops
/// accepting and waits for the requests in flight to finish (idle connections are closed).
pub(crate) async fn serve_connections(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    limits: ConnectionLimits,
) -> std::io::Result<()> {
    let clients = Clients::default();
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(ACCEPT_RETRY).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(slot) = clients.take(peer.ip(), limits.per_client) else {
            tracing::warn!(
                client = %peer.ip(),
                "connection closed: the address already holds the most connections allowed"
            );
            continue;
        };
        let service = app
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(peer));
                request
            });
        let connection = graceful
            .watch(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)));
        tokio::spawn(async move {
            // A connection ends in an error when the client goes away or is too slow to send
            // its headers; neither is the server's failure.
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended");
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_holds_at_most_its_cap_and_gets_slots_back() {
        let clients = Clients::default();
        let ip: IpAddr = "127.0.0.2".parse().unwrap();
        let other: IpAddr = "127.0.0.3".parse().unwrap();
        let first = clients.take(ip, 2).unwrap();
        let _second = clients.take(ip, 2).unwrap();
        assert!(clients.take(ip, 2).is_none());
        assert!(clients.take(other, 2).is_some());
        drop(first);
        assert!(clients.take(ip, 2).is_some());
    }
}
