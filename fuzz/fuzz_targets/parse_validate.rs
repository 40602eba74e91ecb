//! Any bytes, parsed and validated as a schema: must never panic, and every diagnostic must
//! point inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let sources = psl::SourceSet::single("fuzz.prisma", text);
    let validated = psl::parse_schema(&sources);
    for d in validated.diagnostics.iter() {
        assert!(d.span.end as usize <= text.len() && d.span.start <= d.span.end);
    }
    let _ = psl::diagnostics::render(&sources, &validated.diagnostics);
});
