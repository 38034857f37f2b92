#![no_main]
//! Any text as a card/create or card/update body: the check never panics, says the same twice,
//! and gives every problem a code; any two lines as datacube dates.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let report = wxcard::validate_card_json(data);
    assert_eq!(report, wxcard::validate_card_json(data));
    assert!(report.problems.iter().all(|p| !p.code().is_empty()));
    if report.document.is_none() {
        assert!(!report.is_ok(), "neither create nor update, yet no error");
    }
    let (begin, end) = data.split_once('\n').unwrap_or((data, data));
    let _ = wxcard::check_datacube_dates(begin, end);
});
