//! A batch file of profiles: any bytes give rows (each a profile or an error) or a header
//! error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = smart_pick::batch::read_batch(data);
});
