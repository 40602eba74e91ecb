//! Any text that formats must format to a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(once) = psl::format(text) {
        let twice = psl::format(&once).expect("formatted output must parse");
        assert_eq!(once, twice);
    }
});
