//! The server on a real socket: bound to port 0, answering over TCP, keeping rate limits per
//! client address, and stopping cleanly after finishing the request in flight.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;

use tokio::net::TcpListener;

fn http_get(address: std::net::SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_pages_and_api_on_port_zero_and_shuts_down() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let state = support::DEMO_STATE.clone();
    let server = tokio::spawn(web::serve(listener, state.into(), async {
        let _ = stopped.await;
    }));
    let (home, api) = tokio::task::spawn_blocking(move || {
        (
            http_get(address, "/"),
            http_get(address, "/api/v1/fees?programs=10"),
        )
    })
    .await
    .unwrap();
    assert!(home.starts_with("HTTP/1.1 200"), "{home}");
    assert!(home.contains("Residency Advisor"));
    assert!(api.starts_with("HTTP/1.1 200"), "{api}");
    assert!(api.contains("\"total_usd\":110"), "{api}");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Sends `POST /api/v1/pick?plan=false` from `client_ip` and returns the status line.
fn pick_from(client_ip: &str, server: std::net::SocketAddr) -> String {
    pick_with_header(client_ip, server, "")
}

/// As [`pick_from`], with one more header line (`Name: value\r\n`, or empty).
fn pick_with_header(client_ip: &str, server: std::net::SocketAddr, header: &str) -> String {
    let mut stream = connect_from(client_ip, server).unwrap();
    let body = support::small_profile().to_string();
    write!(
        stream,
        "POST /api/v1/pick?plan=false HTTP/1.1\r\nHost: {server}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{header}Connection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response.lines().next().unwrap_or_default().to_owned()
}

/// A connection to `server` from the local address `ip` (every 127.x.y.z address is loopback
/// on Linux, so one machine can play several clients).
fn connect_from(ip: &str, server: std::net::SocketAddr) -> std::io::Result<TcpStream> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(format!("{ip}:0").parse().unwrap())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    let stream = runtime.block_on(socket.connect(server))?.into_std()?;
    stream.set_nonblocking(false)?;
    Ok(stream)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_are_kept_per_client_address() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let site = web::Site::new(
        support::DEMO_STATE.clone(),
        None,
        web::Settings {
            expensive_per_minute: 1,
            expensive_burst: 2,
            ..web::Settings::default()
        },
    );
    let server = tokio::spawn(web::serve(listener, site, async {
        let _ = stopped.await;
    }));
    let statuses = tokio::task::spawn_blocking(move || {
        let first: Vec<String> = (0..3).map(|_| pick_from("127.0.0.1", address)).collect();
        let second = pick_from("127.0.0.2", address);
        (first, second)
    })
    .await
    .unwrap();
    assert!(statuses.0[0].starts_with("HTTP/1.1 200"), "{statuses:?}");
    assert!(statuses.0[1].starts_with("HTTP/1.1 200"), "{statuses:?}");
    assert!(statuses.0[2].starts_with("HTTP/1.1 429"), "{statuses:?}");
    assert!(
        statuses.1.starts_with("HTTP/1.1 200"),
        "another client is not held back: {statuses:?}"
    );
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// How long a test waits for the server to reach a state before calling it stuck: generous, so
/// that only a server that never gets there fails, however loaded the machine.
const STUCK_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Reads from `stream` until `marker` has arrived and returns everything read.
fn read_until(stream: &mut TcpStream, marker: &str) -> String {
    let mut received = Vec::new();
    let mut buffer = [0u8; 256];
    while !String::from_utf8_lossy(&received).contains(marker) {
        let read = stream
            .read(&mut buffer)
            .unwrap_or_else(|error| panic!("waiting for {marker:?}: {error}"));
        assert!(read > 0, "the connection closed before {marker:?}");
        received.extend_from_slice(&buffer[..read]);
    }
    String::from_utf8_lossy(&received).into_owned()
}

/// Waits until nothing listens on `address` any more: a new connection is refused.
async fn wait_until_refused(address: std::net::SocketAddr) {
    tokio::time::timeout(STUCK_AFTER, async {
        loop {
            match tokio::net::TcpStream::connect(address).await {
                Err(error) if error.kind() == std::io::ErrorKind::ConnectionRefused => return,
                // Still accepting: close this connection at once and try again shortly.
                Ok(probe) => drop(probe),
                // Taken into the queue just as the listener closed: try again.
                Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => {}
                Err(error) => panic!("connecting to {address}: {error}"),
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the server stops accepting connections once told to stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_the_request_in_flight_and_takes_no_new_one() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(web::serve(
        listener,
        support::DEMO_STATE.clone().into(),
        async {
            let _ = stopped.await;
        },
    ));
    // A request whose body the application is waiting for when the server is told to stop. The
    // client asks to be told to go on (`Expect: 100-continue`) and holds the body back: the
    // server answers "100 Continue" only once the application starts reading the body, so that
    // line says the request is in flight.
    let body = support::small_profile().to_string();
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(STUCK_AFTER)).unwrap();
    write!(
        stream,
        "POST /api/v1/pick?plan=false HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.flush().unwrap();
    let (mut stream, interim) = tokio::task::spawn_blocking(move || {
        let interim = read_until(&mut stream, "\r\n\r\n");
        (stream, interim)
    })
    .await
    .unwrap();
    assert!(interim.starts_with("HTTP/1.1 100 Continue"), "{interim}");

    stop.send(()).unwrap();
    // The listener is closed: a connection made after the stop is refused.
    wait_until_refused(address).await;
    assert!(
        !server.is_finished(),
        "the server waits for the request in flight"
    );
    let response = tokio::task::spawn_blocking(move || {
        stream.write_all(body.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    })
    .await
    .unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"p_match\""), "{response}");
    tokio::time::timeout(STUCK_AFTER, server)
        .await
        .expect("the server stops once the request is answered")
        .unwrap()
        .unwrap();
}

/// Reads from `stream` until the server closes the connection, and returns what it sent.
fn read_to_close(stream: &mut TcpStream) -> String {
    stream.set_read_timeout(Some(STUCK_AFTER)).unwrap();
    let mut received = Vec::new();
    match stream.read_to_end(&mut received) {
        Ok(_) => {}
        // A close with unread bytes on the server's side arrives as a reset.
        Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(error) => panic!("waiting for the server to close the connection: {error}"),
    }
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_too_slow_to_send_its_headers_is_disconnected() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let limits = web::ConnectionLimits {
        header_read_timeout: std::time::Duration::from_millis(300),
        ..web::ConnectionLimits::default()
    };
    let server = tokio::spawn(web::serve_with_limits(
        listener,
        support::DEMO_STATE.clone().into(),
        async {
            let _ = stopped.await;
        },
        limits,
    ));
    let (partial, silent, served) = tokio::task::spawn_blocking(move || {
        // Headers begun and never finished, and a connection that sends nothing at all.
        let mut partial = TcpStream::connect(address).unwrap();
        write!(partial, "GET / HTTP/1.1\r\nHost: {address}\r\nX-Slow: 1").unwrap();
        let mut silent = TcpStream::connect(address).unwrap();
        let closed = (read_to_close(&mut partial), read_to_close(&mut silent));
        (closed.0, closed.1, http_get(address, "/"))
    })
    .await
    .unwrap();
    // Closed without an answer: the server never read a request.
    assert!(!partial.contains("200 OK"), "{partial}");
    assert!(silent.is_empty(), "{silent}");
    assert!(served.starts_with("HTTP/1.1 200"), "{served}");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_holds_at_most_its_share_of_connections() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let limits = web::ConnectionLimits {
        per_client: 2,
        ..web::ConnectionLimits::default()
    };
    let server = tokio::spawn(web::serve_with_limits(
        listener,
        support::DEMO_STATE.clone().into(),
        async {
            let _ = stopped.await;
        },
        limits,
    ));
    tokio::task::spawn_blocking(move || {
        let held: Vec<TcpStream> = (0..2)
            .map(|_| connect_from("127.0.0.7", address).unwrap())
            .collect();
        // The third connection from the same address is closed unanswered.
        let mut third = connect_from("127.0.0.7", address).unwrap();
        write!(
            third,
            "GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .ok();
        let answer = read_to_close(&mut third);
        assert!(answer.is_empty(), "{answer}");
        // Another client is served meanwhile.
        let mut other = connect_from("127.0.0.8", address).unwrap();
        write!(
            other,
            "GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        assert!(read_to_close(&mut other).starts_with("HTTP/1.1 200"));
        // Once the held connections close, the first client is served again (the server
        // notices the close on its own time, so it may take a few tries).
        drop(held);
        let served = (0..200).any(|_| {
            let mut again = connect_from("127.0.0.7", address).unwrap();
            let _ = write!(
                again,
                "GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
            );
            let answer = read_to_close(&mut again);
            if answer.is_empty() {
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            answer.starts_with("HTTP/1.1 200")
        });
        assert!(
            served,
            "the client's connections are counted again once closed"
        );
    })
    .await
    .unwrap();
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let site = web::Site::new(
        support::DEMO_STATE.clone(),
        None,
        web::Settings {
            expensive_per_minute: 1,
            expensive_burst: 1,
            trusted_proxies: vec!["127.0.0.10/32".parse().unwrap()],
            ..web::Settings::default()
        },
    );
    let server = tokio::spawn(web::serve(listener, site, async {
        let _ = stopped.await;
    }));
    let statuses = tokio::task::spawn_blocking(move || {
        let forwarded = |client: &str| format!("X-Forwarded-For: {client}\r\n");
        [
            // Through the proxy: two clients, one request each, then the first again.
            pick_with_header("127.0.0.10", address, &forwarded("203.0.113.1")),
            pick_with_header("127.0.0.10", address, &forwarded("203.0.113.2")),
            pick_with_header("127.0.0.10", address, &forwarded("203.0.113.1")),
            // A client that forges the header does not escape its own limit.
            pick_with_header("127.0.0.11", address, &forwarded("198.51.100.1")),
            pick_with_header("127.0.0.11", address, &forwarded("198.51.100.2")),
            // Nor does a client who puts a forged address before the proxy's entry.
            pick_with_header(
                "127.0.0.10",
                address,
                &forwarded("203.0.113.3, 203.0.113.2"),
            ),
        ]
    })
    .await
    .unwrap();
    let expected = ["200", "200", "429", "200", "429", "429"];
    for (status, code) in statuses.iter().zip(expected) {
        assert!(
            status.starts_with(&format!("HTTP/1.1 {code}")),
            "{statuses:?}"
        );
    }
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
