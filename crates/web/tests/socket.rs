//! The server on a real socket: bound to port 0, answering over TCP, and stopping cleanly.

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
