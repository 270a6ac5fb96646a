//! The `match` command's market file: any text gives a matching or an error naming the
//! entry, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = match_engine::json::run_market_json(text);
    }
});
