//! A Smart Pick profile, as TOML and as JSON (the API's body): any bytes give a profile or an
//! error naming the field, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = smart_pick::Profile::from_toml(text);
        if let Ok(profile) = smart_pick::Profile::from_json(text) {
            // A valid profile's own input reads back as the same profile.
            let again = smart_pick::Profile::from_input(profile.input().clone());
            assert_eq!(again.as_ref().ok(), Some(&profile));
        }
    }
});
